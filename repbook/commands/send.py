"""`repbook send`: each rep gets exactly their pack; previewable, resumable, safe."""

from __future__ import annotations

import copy
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from email.generator import BytesGenerator
from email.message import EmailMessage
from io import BytesIO
from pathlib import Path
from typing import Any, Literal

from repbook.errors import UsageError
from repbook.io.atomic import atomic_path
from repbook.io.control import read_control
from repbook.io.filenames import safe_filename
from repbook.locale import Locale, catalogue
from repbook.mail.compose import Sender, compose, is_address
from repbook.mail.journal import Journal
from repbook.mail.plan import Delivery, StrayFolder, plan_pack
from repbook.mail.transport import SECURITIES, PermanentFailure, SmtpSender, SmtpSettings, TemporaryFailure
from repbook.model import ControlData, Rep

PASSWORD_VARIABLE = "REPBOOK_SMTP_PASSWORD"

Status = Literal["sent", "draft", "planned", "already-sent", "changed-since-sent", "failed", "retry-later", "not-sent"]


@dataclass
class SendOutcome:
    rep_id: str
    rep_name: str
    to: str
    subject: str
    attachments: list[tuple[str, int]]
    status: Status
    detail: str = ""


@dataclass
class SendReport:
    outcomes: list[SendOutcome] = field(default_factory=list)

    @property
    def problems(self) -> list[SendOutcome]:
        return [o for o in self.outcomes if o.status in ("failed", "retry-later", "not-sent", "changed-since-sent")]


def message_values(control: ControlData, rep_id: str) -> dict[str, Any]:
    settings = control.settings
    return_by = settings.get("return_by")
    return {
        "period": settings.get("period", ""),
        "return_by": return_by.isoformat() if isinstance(return_by, date) else (return_by or ""),
        "manager_name": settings.get("manager_name", ""),
        "targets": [{"name": t.get("name"), "must": _number(t.get("must")), "unit": t.get("unit") or ""}
                    for t in control.rep_targets.get(rep_id, []) if t.get("must") is not None],
    }


def sender_of(control: ControlData) -> Sender:
    s = control.settings
    email = str(s.get("sender_email") or s.get("manager_email") or "")
    cc = str(s.get("manager_email") or "") if s.get("cc_manager") in ("yes", True) else ""
    return Sender(str(s.get("sender_name") or s.get("manager_name") or ""), email, str(s.get("reply_to") or ""), cc)


def smtp_settings(control_path: Path, settings: Mapping[str, Any], ask_password: Callable[[str], str], *,
                  host_port: str | None = None, security: str | None = None,
                  user: str | None = None) -> SmtpSettings | None:
    """The server to send through: the e-mail sheet's, or what the caller gives instead; None without a host.

    The password is never in a file: it comes from REPBOOK_SMTP_PASSWORD, else ``ask_password(login)``
    (a hidden prompt), and only when there is a login.
    """
    sheet_host, sheet_port = str(settings.get("smtp_host") or "").strip(), settings.get("smtp_port")
    host_port = host_port or (f"{sheet_host}:{sheet_port}" if sheet_host and sheet_port else sheet_host)
    if not host_port:
        return None
    security = security or str(settings.get("smtp_security") or "starttls")
    if security not in SECURITIES:
        raise UsageError(f"{control_path}: e-mail sheet: security '{security}' is not one of {', '.join(SECURITIES)}.")
    host, colon, port = host_port.rpartition(":")
    if not colon:  # HOST alone: the usual port of the chosen security
        host, port = host_port, {"ssl": "465", "starttls": "587", "plain": "25"}[security]
    if not host or not port.isdigit():
        raise UsageError(f"--smtp {host_port}: write HOST:PORT, e.g. smtp.example.com:587.")
    login = user if user is not None else str(settings.get("smtp_user") or "")
    password = (os.environ.get(PASSWORD_VARIABLE) or ask_password(login)) if login else ""
    return SmtpSettings(host, int(port), security, login, password,
                        per_minute=int(settings.get("rate_per_minute") or 0))


def send_pack(
    control_path: Path,
    pack: Path,
    *,
    locale: Locale | None = None,
    dry_run: bool = False,
    eml_dir: Path | None = None,
    smtp: SmtpSettings | None = None,
    only: Sequence[str] = (),
    resend: Sequence[str] = (),
    progress: Callable[[SendOutcome], None] | None = None,
) -> SendReport:
    if not pack.is_dir():
        raise UsageError(f"{pack}: no such pack folder.", hint="Make it with: repbook generate CONTROL.xlsx -o DIR")
    control = read_control(control_path)
    loc = locale or control.locale
    sender = sender_of(control)
    if not dry_run and eml_dir is None and smtp is None:
        raise UsageError("nothing to do: pass --dry-run, --eml-dir DIR or --smtp HOST:PORT.")
    if not dry_run:
        check_sender(control_path, sender, sending=smtp is not None)
    if smtp is not None and smtp.per_minute is None:
        smtp = replace(smtp, per_minute=int(control.settings.get("rate_per_minute") or 0))
    limit_mb = float(control.settings.get("max_attachment_mb") or 10)
    journal = Journal.beside(pack)
    for rep_id in resend:
        journal.forget(rep_id)
    report = SendReport()
    transport = SmtpSender(smtp) if smtp is not None else None
    try:
        plan = plan_pack(control, pack, only)
        for delivery in plan.deliveries:
            outcome = _deliver(delivery, control, sender, loc, limit_mb, journal, dry_run, eml_dir, transport)
            report.outcomes.append(outcome)
            if progress:
                progress(outcome)
        report.outcomes.extend(_stray(s, loc) for s in plan.strays)
    finally:
        if transport is not None:
            transport.close()
    return report


def _deliver(delivery: Delivery, control: ControlData, sender: Sender, locale: Locale, limit_mb: float,
             journal: Journal, dry_run: bool, eml_dir: Path | None, transport: SmtpSender | None,
             values: dict[str, Any] | None = None, template: str = "pack") -> SendOutcome:
    cat = catalogue()
    rep = delivery.rep
    attachments = [(f.name, f.stat().st_size) for f in delivery.files]
    outcome = SendOutcome(rep.rep_id, rep.name, rep.email, "", attachments, "planned")
    if delivery.problem:
        outcome.status, outcome.detail = "not-sent", cat.message(delivery.problem, locale, **delivery.problem_values)
        return outcome
    if delivery.size > limit_mb * 2**20:
        outcome.status = "not-sent"
        outcome.detail = cat.message("mail_too_large", locale, size=f"{delivery.size / 2**20:.1f}", limit=f"{limit_mb:g}")
        return outcome
    message = compose(delivery, sender, locale, values or message_values(control, rep.rep_id), template)
    outcome.subject = str(message["Subject"])
    if dry_run:
        return outcome
    if eml_dir is not None:
        write_draft(message, eml_dir / f"{safe_filename(template + '_' + rep.rep_id + '_' + rep.name)}.eml")
        outcome.status = "draft"
    if transport is None:
        return outcome
    if journal.was_sent(rep.rep_id):
        # Sent before; if the pack was made again since, the rep holds old files: say so, do not guess.
        changed = journal.changed_since(rep.rep_id, delivery.files)
        outcome.status = "changed-since-sent" if changed else "already-sent"
        outcome.detail = cat.message("mail_changed_since_sent" if changed else "mail_already_sent", locale,
                                     at=journal.sent[rep.rep_id]["at"], rep_id=rep.rep_id)
        return outcome
    try:
        refused_cc = transport.send(message)
    except PermanentFailure as exc:
        outcome.status, outcome.detail = "failed", str(exc)
        return outcome
    except TemporaryFailure as exc:
        outcome.status = "retry-later"
        outcome.detail = cat.message("mail_not_attempted", locale, reason=exc) if exc.not_attempted else str(exc)
        return outcome
    journal.record(rep.rep_id, str(message["Message-ID"]), rep.email, delivery.files)
    outcome.status = "sent"
    if refused_cc:
        outcome.detail = cat.message("mail_cc_refused", locale,
                                     detail="; ".join(f"{a}: {c} {m}" for a, (c, m) in refused_cc.items()))
    return outcome


def check_sender(control_path: Path, sender: Sender, *, sending: bool = True) -> None:
    """The sender's own addresses must be right before anything goes out (one fix, not one per rep).

    A draft may go without a sender: Outlook and Thunderbird put the account's own address in.
    """
    where = f"{control_path}: e-mail sheet"
    if (sending or sender.email) and not is_address(sender.email):
        raise UsageError(f"{where}: the sender e-mail '{sender.email}' is not one valid address.",
                         hint="Fill in the sender e-mail (or the manager's e-mail), e.g. wang@example.com.")
    for label, value in (("reply-to", sender.reply_to), ("manager (CC)", sender.cc)):
        if value and not is_address(value):
            raise UsageError(f"{where}: the {label} address '{value}' is not one valid address.",
                             hint="Write one address, e.g. wang@example.com, or leave it blank.")


def address_problem(delivery: Delivery) -> Delivery:
    """A rep whose roster e-mail is missing or not one address is held back with that reason."""
    email = delivery.rep.email.strip()
    if not delivery.problem and not is_address(email):
        delivery.problem = "mail_bad_address" if email else "mail_no_address"
        delivery.problem_values = {"email": email}
    return delivery


def _stray(stray: StrayFolder, locale: Locale) -> SendOutcome:
    """A folder of the pack that goes to no one, listed like a rep that was not sent to."""
    files = [(f.name, f.stat().st_size) for f in sorted(stray.folder.iterdir()) if f.is_file()]
    return SendOutcome("", stray.folder.name, "", "", files, "not-sent", catalogue().message(stray.reason, locale))


def send_reminders(
    control_path: Path,
    master_path: Path,
    *,
    locale: Locale | None = None,
    dry_run: bool = False,
    eml_dir: Path | None = None,
    smtp: SmtpSettings | None = None,
    only: Sequence[str] = (),
    resend: Sequence[str] = (),
) -> SendReport:
    """Mail only the reps with a missing or late form, listing which, from the master's 汇报纪律."""
    from repbook.commands.status import read_status

    control = read_control(control_path)
    loc = locale or control.locale
    if not dry_run and eml_dir is None and smtp is None:
        raise UsageError("nothing to do: pass --dry-run, --eml-dir DIR or --smtp HOST:PORT.")
    sender = sender_of(control)
    if not dry_run:
        check_sender(control_path, sender, sending=smtp is not None)
    cat = catalogue()
    wanted = {s.rep_id: s for s in read_status(master_path) if s.count("missing") or s.count("late")}
    period = str(control.settings.get("period") or "")
    journal = Journal.beside(master_path.parent, f"remind-{period}")
    for rep_id in resend:
        journal.forget(rep_id)
    report = SendReport()
    transport = SmtpSender(smtp) if smtp is not None else None
    try:
        for rep in control.reps:
            standing = wanted.get(rep.rep_id)
            if standing is None or (only and rep.rep_id not in only):
                continue
            values = {**message_values(control, rep.rep_id),
                      "missing": [cat.choice_label("form", f, loc) for f, st in standing.forms.items() if st == "missing"],
                      "late": [cat.choice_label("form", f, loc) for f, st in standing.forms.items() if st == "late"]}
            delivery = address_problem(Delivery(rep, []))
            report.outcomes.append(_deliver(delivery, control, sender, loc, float("inf"), journal, dry_run, eml_dir,
                                            transport, values, "remind"))
    finally:
        if transport is not None:
            transport.close()
    return report


def send_report(control_path: Path, html: Path, workbook: Path, to: str, *, locale: Locale | None = None,
                dry_run: bool = False, eml_dir: Path | None = None, smtp: SmtpSettings | None = None) -> SendReport:
    """The manager's report to the superior: the HTML page as the body, the workbook attached."""
    for path in (html, workbook):
        if not path.exists():
            raise UsageError(f"{path}: not found.", hint="Make the report with: repbook report MASTER.xlsx -o OUT")
    if not is_address(to):
        raise UsageError(f"--to {to!r}: not one valid e-mail address.", hint="Write one address, e.g. boss@example.com.")
    control = read_control(control_path)
    loc = locale or control.locale
    sender = sender_of(control)
    superior = Rep("superior", to.partition("@")[0], email=to)
    values = {"title": catalogue().label("report_title", loc), "period": control.settings.get("period", ""),
              "manager_name": control.settings.get("manager_name", "")}
    message = compose(Delivery(superior, [workbook]), sender, loc, values, "report", html=html.read_text("utf-8"))
    outcome = SendOutcome("superior", superior.name, to, str(message["Subject"]),
                          [(workbook.name, workbook.stat().st_size)], "planned")
    if eml_dir is not None:
        write_draft(message, eml_dir / f"{safe_filename('report_' + str(values['period']))}.eml")
        outcome.status = "draft"
    if smtp is not None and not dry_run:
        with SmtpSender(smtp) as transport:
            try:
                transport.send(message)
                outcome.status = "sent"
            except (PermanentFailure, TemporaryFailure) as exc:
                outcome.status, outcome.detail = "failed", str(exc)
    return SendReport([outcome])


def write_draft(message: EmailMessage, path: Path) -> Path:
    """An .eml that Outlook and Thunderbird open as an unsent draft.

    The mark goes on a copy: the same message may also be sent, and a received mail marked
    unsent would open as a draft in the rep's Outlook.
    """
    draft = copy.deepcopy(message)
    del draft["X-Unsent"]
    draft["X-Unsent"] = "1"
    buffer = BytesIO()
    BytesGenerator(buffer).flatten(draft)
    with atomic_path(path) as tmp:
        tmp.write_bytes(buffer.getvalue())
    return path


def write_drafts(control_path: Path, pack: Path, eml_dir: Path, locale: Locale | None = None) -> SendReport:
    """Drafts for every rep, nothing sent (what the demo does)."""
    return send_pack(control_path, pack, locale=locale, eml_dir=eml_dir)


def _number(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    return f"{value:,}" if isinstance(value, (int, float)) else value
