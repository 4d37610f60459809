"""CLI: report."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from repbook.errors import UsageError
from repbook.periods import parse_period

if TYPE_CHECKING:
    from repbook.commands.report import ReportFiles

from .app import JsonOption, LocaleOption, locale_option, print_json, register, run, stdout


@register("report")
def report(
    master: Annotated[Path, typer.Argument(help="The master workbook.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Where to write OUT.xlsx and OUT.html.")],
    week: Annotated[str | None, typer.Option("--week", help="An ISO week, e.g. 2026-W49.")] = None,
    month: Annotated[str | None, typer.Option("--month", help="A month, e.g. 2026-12.")] = None,
    locale: LocaleOption = None,
    as_json: JsonOption = False,
) -> None:
    from repbook.commands.report import make_report

    def body() -> ReportFiles:
        if bool(week) == bool(month):
            raise UsageError("give exactly one of --week 2026-W49 or --month 2026-12.")
        return make_report(master, parse_period(week or month or ""), output, locale_option(locale) or "zh-CN")

    made = run(body)
    if as_json:
        r = made.report
        print_json({"workbook": str(made.workbook), "html": str(made.html), "period": r.period,
                    "time_progress": r.time_progress, "targets": r.targets, "contacts": r.contacts,
                    "orders": r.orders, "collections": r.collections, "new_customers": r.new_customers,
                    "new_closes": r.new_closes, "overdue_follow_ups": r.overdue_follow_ups,
                    "churn_risks": r.churn_risks, "exceptions": r.exceptions})
        return
    stdout.print(f"Wrote {made.workbook} and {made.html}")
