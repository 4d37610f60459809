"""CLI: send."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from repbook.errors import UsageError

if TYPE_CHECKING:
    from repbook.commands.send import SendReport

from .app import JsonOption, LocaleOption, locale_option, print_json, register, run, stderr, stdout


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
    from repbook.commands.send import send_pack, send_reminders, send_report, smtp_settings
    from repbook.io.control import read_control
    from repbook.mail.transport import SmtpSettings

    def settings() -> SmtpSettings | None:
        if dry_run:
            return None
        if starttls and use_ssl:
            raise UsageError("--starttls and --ssl exclude each other.",
                             hint="Port 587 usually means --starttls, port 465 --ssl.")
        return smtp_settings(control, read_control(control).settings,
                             lambda login: typer.prompt(f"SMTP password for {login}", hide_input=True),
                             host_port=smtp, security="ssl" if use_ssl else "starttls" if starttls else None,
                             user=user)

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
