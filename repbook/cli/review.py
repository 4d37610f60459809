"""CLI: review."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from repbook.periods import parse_period

from .app import JsonOption, LocaleOption, locale_option, print_json, register, run, stderr, stdout


@register("review")
def review(
    control: Annotated[Path, typer.Argument(help="The control workbook.")],
    period: Annotated[str, typer.Option("--period", help="A month (2026-12) or a quarter (2026-Q4).")],
    master: Annotated[Path, typer.Option("--from", help="The master workbook made by `repbook consolidate`.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Folder for the review forms.")],
    rep: Annotated[str | None, typer.Option("--rep", help="Only this rep.")] = None,
    locale: LocaleOption = None,
    as_json: JsonOption = False,
) -> None:
    from repbook.commands.review import write_reviews

    made = run(lambda: write_reviews(control, master, parse_period(period), output, rep_id=rep,
                                     locale=locale_option(locale)))
    if as_json:
        print_json([{"rep_id": m.rep_id, "rep": m.rep_name, "path": str(m.path)} for m in made])
        return
    table = Table("rep", "name", "review form")
    for item in made:
        table.add_row(item.rep_id, item.rep_name, str(item.path))
    stdout.print(table)
    stderr.print(f"{len(made)} review forms pre-filled from {master}; the manager's scores are left to fill in.")
