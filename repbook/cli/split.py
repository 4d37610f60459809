"""CLI: split."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from .app import JsonOption, print_json, register, run, stdout, warn_uncovered


@register("split")
def split(
    control: Annotated[Path, typer.Argument(help="The control workbook to split the targets of (written in place).")],
    as_json: JsonOption = False,
) -> None:
    from repbook.commands.split import run_split

    result = run(lambda: run_split(control))
    warn_uncovered(result.uncovered_years)
    if as_json:
        print_json(result.payload())
        return
    table = Table("indicator", "team total", "rep", "must", "challenge", "new hire", "declared kept")
    for split_ in result.reps:
        for share in split_.shares:
            table.add_row(split_.indicator_id, f"{split_.team_total:,.2f}", share.rep_id, f"{share.must:,.2f}",
                          f"{share.challenge:,.2f}", "yes" if share.new_hire else "", "yes" if share.kept_declared else "")
    stdout.print(table)
    if result.skipped:
        stdout.print(f"not split (no superior target): {', '.join(result.skipped)}")
    stdout.print(f"split sheets and rep targets written to {control}")
