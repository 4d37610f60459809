"""CLI: rollover."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from repbook.periods import parse_period

from .app import JsonOption, LocaleOption, locale_option, print_json, register, run, stderr, stdout


@register("rollover")
def rollover(
    control: Annotated[Path, typer.Argument(help="This period's control workbook.")],
    master: Annotated[Path, typer.Option("--from", help="This period's master workbook.")],
    to: Annotated[str, typer.Option("--to", help="The next period, e.g. 2027-01.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Folder for the next period's control workbook and pack.")],
    locale: LocaleOption = None,
    jobs: Annotated[int | None, typer.Option(help="Processes to use.")] = None,
    as_json: JsonOption = False,
) -> None:
    from repbook.commands.rollover import roll_over

    result = run(lambda: roll_over(control, master, parse_period(to), output, locale=locale_option(locale), jobs=jobs))
    summary = {"control": str(result.control), "workbooks": len(result.pack), "customers_carried": result.customers,
               "open_actions_carried": result.open_actions, "open_measures_carried": result.open_measures,
               "history_rows_added": result.history_rows,
               "customers_in_two_archives": [{"customer": c, "kept_with": k, "also_in": o}
                                             for c, k, o in result.shared_customers]}
    if as_json:
        print_json(summary)
        return
    stdout.print(f"{len(result.pack)} workbooks for {to} in {output / 'pack'}; control workbook {result.control}")
    stdout.print(f"carried: {result.customers} customers, {result.open_actions} open action items, "
                 f"{result.open_measures} unfinished measures; {result.history_rows} actuals added to the history")
    for customer, kept, also in result.shared_customers:
        stderr.print(f"[yellow]{customer}: in the archives of {kept} and {also}; kept once, with {kept}.[/]")
