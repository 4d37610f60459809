"""A manager e-mails the pack: each rep gets exactly their files, once, even after an interruption."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from email import message_from_bytes, policy
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from repbook.cli import app
from repbook.commands.generate_pack import generate_pack
from repbook.commands.send import message_values, send_pack, sender_of
from repbook.demo.team import make_team
from repbook.io.control import read_control, write_control
from repbook.mail.compose import compose
from repbook.mail.plan import plan_deliveries
from repbook.mail.transport import SmtpSender, SmtpSettings
from repbook.model import Rep
from repbook.periods import parse_period
from tests.support.smtp_server import PASSWORD, USER, Inbox, self_signed, smtp_server, trusting

PERIOD = parse_period("2026-12")
runner = CliRunner()


@pytest.fixture
def team(tmp_path: Path) -> tuple[Path, Path]:
    """A control workbook and a generated pack (work log and archive per rep)."""
    control = tmp_path / "control.xlsx"
    data = make_team(PERIOD)
    write_control(control, data, PERIOD, "zh-CN")
    pack = tmp_path / "pack"
    generate_pack(read_control(control), pack, PERIOD, forms=("work-log", "customer-archive"), jobs=1)
    return control, pack


def plain_sheet(control: Path, tmp_path: Path, reps: tuple[Rep, ...] | None = None) -> Path:
    """The control workbook with its e-mail sheet set to a local server: no TLS, no login, no rate limit."""
    data = read_control(control)
    path = tmp_path / "control-plain.xlsx"
    settings = {**data.settings, "smtp_security": "plain", "smtp_user": "", "rate_per_minute": 0}
    write_control(path, replace(data, settings=settings, reps=data.reps if reps is None else reps), PERIOD, "zh-CN")
    return path


def plain(port: int, **extra: object) -> SmtpSettings:
    """A local server without the e-mail sheet's rate limit (the rate limit has its own test)."""
    return SmtpSettings("127.0.0.1", port, "plain", backoff=0.01, per_minute=0, **extra)  # type: ignore[arg-type]


def rep_files(pack: Path, rep_id: str) -> dict[str, bytes]:
    folder = next(p for p in pack.iterdir() if p.is_dir() and f"_{rep_id}_" in p.name)
    return {f.name: f.read_bytes() for f in folder.glob("*.xlsx")}


def attachments(message: object) -> dict[str, bytes]:
    return {part.get_filename(): part.get_content() for part in message.iter_attachments()}  # type: ignore[attr-defined]


def test_each_rep_gets_exactly_their_files(team: tuple[Path, Path]) -> None:
    control, pack = team
    inbox = Inbox()
    with smtp_server(inbox) as port:
        report = send_pack(control, pack, smtp=plain(port))
    assert [o.status for o in report.outcomes] == ["sent"] * 8
    reps = read_control(control).reps
    assert len(inbox.messages) == 8
    for rep, (recipients, message) in zip(reps, inbox.messages, strict=True):
        assert rep.email in recipients
        assert "chen.jianguo@example.com" in recipients  # the manager in CC
        assert message["To"].addresses[0].display_name == rep.name
        assert message["Reply-To"].addresses[0].addr_spec == "chen.jianguo@example.com"
        assert rep.name in message["Subject"] and "2026-12" in message["Subject"]
        plain_part = message.get_body(("plain",))
        assert plain_part is not None
        body = plain_part.get_content()
        assert rep.name in body and "销售额" in body and "2026-12-31" not in body
        assert attachments(message) == rep_files(pack, rep.rep_id)  # Chinese names and bytes intact


def test_starttls_with_login(team: tuple[Path, Path], tmp_path: Path) -> None:
    control, pack = team
    cert, key = self_signed(tmp_path)
    inbox = Inbox()
    with smtp_server(inbox, tls_files=(cert, key), auth=True) as port:
        settings = SmtpSettings("127.0.0.1", port, "starttls", USER, PASSWORD, ssl_context=trusting(cert), per_minute=0)
        report = send_pack(control, pack, smtp=settings, only=["R01", "R02"])
        logins = inbox.logins
        wrong = send_pack(control, pack, smtp=replace(settings, password="wrong"), only=["R03", "R04", "R05"])
    assert [o.status for o in report.outcomes] == ["sent", "sent"]
    assert len(inbox.messages) == 2
    assert [o.status for o in wrong.outcomes] == ["failed", "retry-later", "retry-later"]
    assert "535" in wrong.outcomes[0].detail
    # One wrong password is tried once, not once per rep: servers lock accounts after a few.
    assert inbox.logins == logins + 1
    assert all("535" in o.detail and "未尝试" in o.detail for o in wrong.outcomes[1:])


def test_an_interrupted_run_resumes_without_duplicates(team: tuple[Path, Path]) -> None:
    control, pack = team
    inbox = Inbox(accept=3)
    with smtp_server(inbox) as port:
        first = send_pack(control, pack, smtp=plain(port, retries=2))
        assert [o.status for o in first.outcomes].count("sent") == 3
        assert {o.status for o in first.outcomes[3:]} == {"retry-later"}
        inbox.accept = None
        second = send_pack(control, pack, smtp=plain(port))
    assert [o.status for o in second.outcomes].count("already-sent") == 3
    assert [o.status for o in second.outcomes].count("sent") == 5
    per_rep = [next(iter(recipients)) for recipients, _ in inbox.messages]
    assert len(per_rep) == len(set(per_rep)) == 8
    journal = json.loads((pack / ".repbook-send-journal.json").read_text("utf-8"))
    assert len(journal["sent"]) == 8


def test_resend_forces_one_rep(team: tuple[Path, Path]) -> None:
    control, pack = team
    inbox = Inbox()
    with smtp_server(inbox) as port:
        send_pack(control, pack, smtp=plain(port))
        again = send_pack(control, pack, smtp=plain(port), resend=["R05"])
    assert [o.rep_id for o in again.outcomes if o.status == "sent"] == ["R05"]
    assert len(inbox.messages) == 9


def test_a_pack_changed_after_sending_is_pointed_out(team: tuple[Path, Path]) -> None:
    control, pack = team
    inbox = Inbox()
    with smtp_server(inbox) as port:
        send_pack(control, pack, smtp=plain(port), only=["R01", "R02"])
        log = next(next(p for p in pack.iterdir() if "_R01_" in p.name).glob("工作日志*.xlsx"))
        book = openpyxl.load_workbook(log)
        book.save(log)  # the manager opened and saved R01's work log after it went out
        again = send_pack(control, pack, smtp=plain(port), only=["R01", "R02"])
    assert [o.status for o in again.outcomes] == ["changed-since-sent", "already-sent"]
    assert "--resend R01" in again.outcomes[0].detail
    assert len(inbox.messages) == 2


def test_a_bad_address_fails_and_the_others_still_go(team: tuple[Path, Path], tmp_path: Path) -> None:
    control, pack = team
    data = read_control(control)
    reps = list(data.reps)
    reps[1] = replace(reps[1], email="nobody@invalid.example")
    reps[2] = replace(reps[2], email="")
    broken = tmp_path / "control-2.xlsx"
    write_control(broken, replace(data, reps=tuple(reps)), PERIOD, "zh-CN")
    inbox = Inbox()
    with smtp_server(inbox) as port:
        report = send_pack(broken, pack, smtp=plain(port))
    status = {o.rep_id: o.status for o in report.outcomes}
    assert status["R02"] == "failed"
    assert status["R03"] == "not-sent"
    assert "邮箱" in next(o.detail for o in report.outcomes if o.rep_id == "R03")
    # The refused rep's message reached only the manager in CC; the six others went out.
    assert all("nobody@invalid.example" not in recipients for recipients, _ in inbox.messages)
    assert sum(1 for recipients, _ in inbox.messages if len(recipients) == 2) == 6


def test_names_with_newlines_cannot_inject_headers(team: tuple[Path, Path], tmp_path: Path) -> None:
    control, pack = team
    data = read_control(control)
    reps = list(data.reps)
    reps[0] = replace(reps[0], name="王芳\r\nBcc: spy@example.com")
    evil = tmp_path / "evil.xlsx"
    settings = {**data.settings, "period": "2026-12\nX-Evil: 1", "sender_name": "陈建国\r\nBcc: spy2@example.com"}
    write_control(evil, replace(data, reps=tuple(reps), settings=settings), PERIOD, "zh-CN")
    inbox = Inbox()
    with smtp_server(inbox) as port:
        send_pack(evil, pack, smtp=plain(port), only=["R01"])
    recipients, message = inbox.messages[0]
    assert not {"spy@example.com", "spy2@example.com"} & set(recipients)
    assert message["Bcc"] is None and message["X-Evil"] is None
    assert message["To"].addresses[0].addr_spec == reps[0].email  # the name stayed a name


def test_dry_run_and_drafts_send_nothing(team: tuple[Path, Path], tmp_path: Path) -> None:
    control, pack = team
    result = runner.invoke(app, ["send", str(control), "--pack", str(pack), "--dry-run", "--json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    assert len(rows) == 8 and all(r["status"] == "planned" for r in rows)
    assert all(len(r["attachments"]) == 2 for r in rows)
    drafts = tmp_path / "outbox"
    result = runner.invoke(app, ["send", str(control), "--pack", str(pack), "--eml-dir", str(drafts)])
    assert result.exit_code == 0, result.output
    emls = sorted(drafts.glob("*.eml"))
    assert len(emls) == 8
    draft = message_from_bytes(emls[0].read_bytes(), policy=policy.default)
    assert draft["X-Unsent"] == "1"
    first = read_control(control).reps[0]
    assert draft["To"].addresses[0].addr_spec == first.email and first.name in draft["Subject"]
    assert attachments(draft) == rep_files(pack, first.rep_id)
    english = send_pack(control, pack, dry_run=True, locale="en", only=["R01"])
    assert english.outcomes[0].subject.startswith("Your 2026-12 workbooks")


def test_the_password_comes_from_the_environment_and_is_never_printed(
    team: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    control, pack = team
    cert, key = self_signed(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))  # how a company CA is trusted, too
    inbox = Inbox()
    with smtp_server(inbox, tls_files=(cert, key), auth=True) as port:
        monkeypatch.setenv("REPBOOK_SMTP_PASSWORD", PASSWORD)
        result = runner.invoke(app, ["send", str(control), "--pack", str(pack), "--smtp", f"127.0.0.1:{port}",
                                     "--starttls", "--user", USER, "--only", "R01"])
    assert result.exit_code == 0, result.output
    assert PASSWORD not in result.output
    assert len(inbox.messages) == 1


def test_drafts_and_sending_in_one_run_keep_the_sent_mail_a_normal_mail(
    team: tuple[Path, Path], tmp_path: Path
) -> None:
    control, pack = team
    inbox = Inbox()
    with smtp_server(inbox) as port:
        send_pack(control, pack, smtp=plain(port), eml_dir=tmp_path / "copies", only=["R07"])
    (_, received), = inbox.messages
    assert received["X-Unsent"] is None  # else the rep's Outlook would open it as a draft
    draft = message_from_bytes(next((tmp_path / "copies").glob("*.eml")).read_bytes(), policy=policy.default)
    assert draft["X-Unsent"] == "1" and draft["Message-ID"] == received["Message-ID"]


def test_attachments_above_the_limit_are_refused(team: tuple[Path, Path], tmp_path: Path) -> None:
    control, pack = team
    data = read_control(control)
    small = tmp_path / "small-limit.xlsx"
    write_control(small, replace(data, settings={**data.settings, "max_attachment_mb": 0.01}), PERIOD, "zh-CN")
    report = send_pack(small, pack, dry_run=True)
    assert {o.status for o in report.outcomes} == {"not-sent"}
    assert "MB" in report.outcomes[0].detail


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")  # aiosmtpd's view of implicit TLS
def test_ssl_from_the_first_byte_with_login(team: tuple[Path, Path], tmp_path: Path) -> None:
    control, pack = team
    cert, key = self_signed(tmp_path)
    inbox = Inbox()
    with smtp_server(inbox, tls_files=(cert, key), auth=True, implicit_tls=True) as port:
        settings = SmtpSettings("127.0.0.1", port, "ssl", USER, PASSWORD, ssl_context=trusting(cert), per_minute=0)
        report = send_pack(control, pack, smtp=settings, only=["R06"])
    assert [o.status for o in report.outcomes] == ["sent"], report.outcomes[0].detail
    (_, message), = inbox.messages
    assert attachments(message) == rep_files(pack, "R06")


def test_an_untrusted_certificate_stops_the_run_at_once(team: tuple[Path, Path], tmp_path: Path) -> None:
    control, pack = team
    cert, key = self_signed(tmp_path)
    inbox = Inbox()
    with smtp_server(inbox, tls_files=(cert, key)) as port:
        report = send_pack(control, pack, smtp=SmtpSettings("127.0.0.1", port, "starttls", per_minute=0),
                           only=["R01", "R02"])
    assert [o.status for o in report.outcomes] == ["failed", "retry-later"]
    assert "certificate" in report.outcomes[0].detail
    assert inbox.messages == []


def test_a_dropped_connection_then_a_rerun(team: tuple[Path, Path]) -> None:
    control, pack = team
    inbox = Inbox(accept=3, drop=True)
    with smtp_server(inbox) as port:
        first = send_pack(control, pack, smtp=plain(port, retries=2))
        # The fourth message met the hang-up twice; the four after it were not tried at all.
        assert [o.status for o in first.outcomes] == ["sent"] * 3 + ["retry-later"] * 5
        assert inbox.data_attempts == 3 + 2
        inbox.accept = None
        second = send_pack(control, pack, smtp=plain(port))
    assert [o.status for o in second.outcomes] == ["already-sent"] * 3 + ["sent"] * 5
    reps = read_control(control).reps
    received = sorted(r for recipients, _ in inbox.messages for r in recipients if r != "chen.jianguo@example.com")
    assert received == sorted(r.email for r in reps)  # every rep exactly once


def test_temporary_refusals_are_retried_with_growing_pauses_and_the_rate_is_kept(
    team: tuple[Path, Path],
) -> None:
    _, pack = team
    data = read_control(team[0])
    deliveries = plan_deliveries(data, pack, only=["R01", "R02", "R03"])
    messages = [compose(d, sender_of(data), "zh-CN", message_values(data, d.rep.rep_id)) for d in deliveries]
    pauses: list[float] = []
    inbox = Inbox(busy=2)
    with smtp_server(inbox) as port:
        settings = SmtpSettings("127.0.0.1", port, "plain", backoff=2.0, retries=3, per_minute=30)
        with SmtpSender(settings, sleep=pauses.append, clock=lambda: 100.0) as sender:
            for message in messages:
                sender.send(message)
    # 451 twice: pauses of 2 s then 4 s; then 30 a minute: 2 s before each further message.
    assert pauses == [2.0, 4.0, 2.0, 2.0]
    assert len(inbox.messages) == 3 and inbox.data_attempts == 5


def test_the_password_is_asked_for_hidden_when_not_in_the_environment(
    team: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    control, pack = team
    cert, key = self_signed(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    monkeypatch.delenv("REPBOOK_SMTP_PASSWORD", raising=False)
    inbox = Inbox()
    with smtp_server(inbox, tls_files=(cert, key), auth=True) as port:
        result = runner.invoke(app, ["send", str(control), "--pack", str(pack), "--smtp", f"127.0.0.1:{port}",
                                     "--user", USER, "--only", "R02"], input=PASSWORD + "\n")
    assert result.exit_code == 0, result.output
    assert "password" in result.output and PASSWORD not in result.output
    assert len(inbox.messages) == 1


def test_bad_addresses_on_the_roster_are_reported(team: tuple[Path, Path], tmp_path: Path) -> None:
    control, pack = team
    data = read_control(control)
    reps = list(data.reps)
    reps[0] = replace(reps[0], email="liu01@example.com\r\nBcc: spy@example.com")
    reps[1] = replace(reps[1], email="a@example.com; b@example.com")
    reps[2] = replace(reps[2], email="   ")
    broken = plain_sheet(control, tmp_path, reps=tuple(reps))
    inbox = Inbox()
    with smtp_server(inbox) as port:
        result = runner.invoke(app, ["send", str(broken), "--pack", str(pack), "--smtp", f"127.0.0.1:{port}",
                                     "--json"])
    assert result.exit_code == 1
    rows = {r["rep_id"]: r for r in json.loads(result.stdout)}
    assert [rows[r]["status"] for r in ("R01", "R02", "R03")] == ["not-sent"] * 3
    assert "不是一个有效地址" in rows["R01"]["detail"] and "没有邮箱地址" in rows["R03"]["detail"]
    assert len(inbox.messages) == 5
    assert all("spy@example.com" not in recipients for recipients, _ in inbox.messages)


def test_renamed_folders_and_misplaced_files(team: tuple[Path, Path]) -> None:
    """Folders are matched by the rep ID in their name, else by their workbooks' metadata; never by guessing."""
    control, pack = team
    folders = {rep_id: next(p for p in pack.iterdir() if f"_{rep_id}_" in p.name) for rep_id in ("R01", "R02", "R03", "R04", "R05")}
    folders["R01"].rename(pack / "刘勇 12月")  # the ID is gone from the name: the metadata speaks
    folders["R02"].rename(pack / "R02_已核对")  # the ID is still a part of the name
    log = next(folders["R04"].glob("*.xlsx"))
    shutil.copy(log, folders["R03"] / "misplaced.xlsx")  # R04's workbook in R03's folder
    shutil.copytree(folders["R05"], pack / "R05_backup")  # two folders for R05
    (pack / "misc").mkdir()
    openpyxl.Workbook().save(pack / "misc" / "notes.xlsx")  # a workbook without repbook metadata
    report = send_pack(control, pack, dry_run=True)
    status = {o.rep_id or o.rep_name: (o.status, o.detail) for o in report.outcomes}
    assert status["R01"][0] == status["R02"][0] == "planned"
    assert {n for n, _ in next(o for o in report.outcomes if o.rep_id == "R01").attachments} == \
        set(rep_files_in(pack / "刘勇 12月"))
    assert status["R03"][0] == "not-sent" and "misplaced.xlsx" in status["R03"][1] and "R04" in status["R03"][1]
    assert status["R04"][0] == "planned"
    assert status["R05"][0] == "not-sent" and "R05_backup" in status["R05"][1]
    assert status["misc"][0] == "not-sent"  # a folder for no one is listed, not ignored


def test_a_damaged_journal_stops_before_anything_is_sent(team: tuple[Path, Path], tmp_path: Path) -> None:
    control, pack = team
    control = plain_sheet(control, tmp_path)
    (pack / ".repbook-send-journal.json").write_text('{"sent": {"R01": ', "utf-8")
    inbox = Inbox()
    with smtp_server(inbox) as port:
        result = runner.invoke(app, ["send", str(control), "--pack", str(pack), "--smtp", f"127.0.0.1:{port}"])
    assert result.exit_code == 2
    assert "journal" in result.output and inbox.messages == []


def test_bad_usage_exits_2(team: tuple[Path, Path], tmp_path: Path) -> None:
    control, pack = team
    missing = runner.invoke(app, ["send", str(control), "--pack", str(tmp_path / "nowhere"), "--dry-run"])
    both = runner.invoke(app, ["send", str(control), "--pack", str(pack), "--smtp", "127.0.0.1:1", "--ssl",
                               "--starttls"])
    assert (missing.exit_code, both.exit_code) == (2, 2)


def rep_files_in(folder: Path) -> list[str]:
    return [f.name for f in folder.glob("*.xlsx")]
