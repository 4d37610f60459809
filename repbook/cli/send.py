"""CLI: send."""

from __future__ import annotations

import os
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from repbook.errors import UsageError

if TYPE_CHECKING:
    from repbook.commands.send import SendReport

from .app import JsonOption, LocaleOption, locale_option, print_json, register, run, stderr, stdout

PASSWORD_VARIABLE = "REPBOOK_SMTP_PASSWORD"


@register("send")
def send(
    control: Annotated[Path, typer.Argument(help="The control workbook (roster, e-mail settings).")],
    pack: Annotated[Path | None, typer.Option("--pack", help="The pack folder made by `repbook generate`.")] = None,
    remind: Annotated[bool, typer.Option("--remind", help="Remind reps with missing or late forms (needs --from).")] = False,
    master: Annotated[Path | None, typer.Option("--from", help="With --remind: the master workbook.")] = None,
    report_path: Annotated[Path | None, typer.Option("--report", help="Mail this report (OUT.html; OUT.xlsx attached).")] = None,
    to: Annotated[str | None, typer.Option("--to", help="With --report: the superior's address.")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show who gets what; send nothing.")] = False,
    eml_dir: Annotated[Path | None, typer.Option("--eml-dir", help="Write one .eml draft per rep here.")] = None,
    smtp: Annotated[str | None, typer.Option("--smtp", help="HOST:PORT (default: the e-mail sheet's).")] = None,
    starttls: Annotated[bool, typer.Option("--starttls", help="Upgrade the connection with STARTTLS.")] = False,
    use_ssl: Annotated[bool, typer.Option("--ssl", help="Connect over SSL/TLS.")] = False,
    user: Annotated[str | None, typer.Option("--user", help="SMTP login (default: the e-mail sheet's).")] = None,
    only: Annotated[list[str] | None, typer.Option("--only", help="Only these rep IDs (repeatable).")] = None,
    resend: Annotated[list[str] | None, typer.Option("--resend", help="Send to this rep again (repeatable).")] = None,
    locale: LocaleOption = None,
    as_json: JsonOption = False,
) -> None:
    from repbook.commands.send import send_pack, send_reminders, send_report
    from repbook.io.control import read_control
    from repbook.mail.transport import SECURITIES, SmtpSettings

    def settings() -> SmtpSettings | None:
        data = read_control(control).settings
        sheet_host, sheet_port = str(data.get("smtp_host") or "").strip(), data.get("smtp_port")
        host_port = smtp or (f"{sheet_host}:{sheet_port}" if sheet_host and sheet_port else sheet_host)
        if not host_port or dry_run:
            return None
        if starttls and use_ssl:
            raise UsageError("--starttls and --ssl exclude each other.",
                             hint="Port 587 usually means --starttls, port 465 --ssl.")
        security = "ssl" if use_ssl else "starttls" if starttls else str(data.get("smtp_security") or "starttls")
        if security not in SECURITIES:
            raise UsageError(f"{control}: e-mail sheet: security '{security}' is not one of {', '.join(SECURITIES)}.")
        host, colon, port = host_port.rpartition(":")
        if not colon:  # HOST alone: the usual port of the chosen security
            host, port = host_port, {"ssl": "465", "starttls": "587", "plain": "25"}[security]
        if not host or not port.isdigit():
            raise UsageError(f"--smtp {host_port}: write HOST:PORT, e.g. smtp.example.com:587.")
        login = user if user is not None else str(data.get("smtp_user") or "")
        password = ""
        if login:
            password = os.environ.get(PASSWORD_VARIABLE) or typer.prompt(f"SMTP password for {login}", hide_input=True)
        return SmtpSettings(host, int(port), security, login, password,
                            per_minute=int(data.get("rate_per_minute") or 0))

    def body() -> SendReport:
        transport = None if (dry_run or (eml_dir is not None and smtp is None)) else settings()
        if report_path is not None:
            if not to:
                raise UsageError("--report needs --to ADDRESS (the superior's e-mail).")
            return send_report(control, report_path.with_suffix(".html"), report_path.with_suffix(".xlsx"), to,
                               locale=locale_option(locale), dry_run=dry_run, eml_dir=eml_dir, smtp=transport)
        if remind:
            if master is None:
                raise UsageError("--remind needs --from MASTER.xlsx (a master made with --control).")
            return send_reminders(control, master, locale=locale_option(locale), dry_run=dry_run, eml_dir=eml_dir,
                                  smtp=transport, only=only or (), resend=resend or ())
        if pack is None:
            raise UsageError("--pack DIR is needed (the folder made by repbook generate).")
        return send_pack(control, pack, locale=locale_option(locale), dry_run=dry_run, eml_dir=eml_dir,
                         smtp=transport, only=only or (), resend=resend or ())

    report = run(body)
    outcomes = report.outcomes
    if as_json:
        print_json([o.__dict__ for o in outcomes])
    else:
        table = Table("rep", "to", "subject", "attachments", "KB", "status", "detail")
        for o in outcomes:
            table.add_row(f"{o.rep_id} {o.rep_name}".strip(), o.to, o.subject,
                          "\n".join(f"{n} ({_kb(s)} KB)" for n, s in o.attachments),
                          _kb(sum(s for _, s in o.attachments)), o.status, o.detail)
        stdout.print(table)
        counts = Counter(o.status for o in outcomes)
        stderr.print(", ".join(f"{n} {status}" for status, n in counts.items()) or "nothing to send",
                     f"({len(report.problems)} with problems)." if report.problems else "")
    if report.problems:
        raise typer.Exit(1)


def _kb(size: int) -> str:
    return f"{(size + 1023) // 1024:,}"
