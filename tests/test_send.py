"""A manager e-mails the pack: each rep gets exactly their files, once, even after an interruption."""

from __future__ import annotations

import json
from dataclasses import replace
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from typer.testing import CliRunner

from repbook.cli import app
from repbook.commands.generate_pack import generate_pack
from repbook.commands.send import send_pack
from repbook.demo.team import make_team
from repbook.io.control import read_control, write_control
from repbook.mail.transport import SmtpSettings
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


def plain(port: int, **extra: object) -> SmtpSettings:
    return SmtpSettings("127.0.0.1", port, "plain", backoff=0.01, **extra)  # type: ignore[arg-type]


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
        body = message.get_body(("plain",)).get_content()
        assert rep.name in body and "销售额" in body and "2026-12-31" not in body
        assert attachments(message) == rep_files(pack, rep.rep_id)  # Chinese names and bytes intact


def test_starttls_with_login(team: tuple[Path, Path], tmp_path: Path) -> None:
    control, pack = team
    cert, key = self_signed(tmp_path)
    inbox = Inbox()
    with smtp_server(inbox, tls_files=(cert, key), auth=True) as port:
        settings = SmtpSettings("127.0.0.1", port, "starttls", USER, PASSWORD, ssl_context=trusting(cert))
        report = send_pack(control, pack, smtp=settings, only=["R01", "R02"])
        wrong = send_pack(control, pack, smtp=replace(settings, password="wrong"), only=["R03"])
    assert [o.status for o in report.outcomes] == ["sent", "sent"]
    assert len(inbox.messages) == 2
    assert wrong.outcomes[0].status == "failed"
    assert "535" in wrong.outcomes[0].detail


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
    write_control(evil, replace(data, reps=tuple(reps), settings={**data.settings, "period": "2026-12\nX-Evil: 1"}),
                  PERIOD, "zh-CN")
    inbox = Inbox()
    with smtp_server(inbox) as port:
        send_pack(evil, pack, smtp=plain(port), only=["R01"])
    recipients, message = inbox.messages[0]
    assert "spy@example.com" not in recipients
    assert message["Bcc"] is None and message["X-Evil"] is None


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
    assert len(list(draft.iter_attachments())) == 2


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


def test_attachments_above_the_limit_are_refused(team: tuple[Path, Path], tmp_path: Path) -> None:
    control, pack = team
    data = read_control(control)
    small = tmp_path / "small-limit.xlsx"
    write_control(small, replace(data, settings={**data.settings, "max_attachment_mb": 0.01}), PERIOD, "zh-CN")
    report = send_pack(small, pack, dry_run=True)
    assert {o.status for o in report.outcomes} == {"not-sent"}
    assert "MB" in report.outcomes[0].detail
