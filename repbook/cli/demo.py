"""CLI: demo."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from .app import (
    JsonOption,
    LocaleOption,
    current_month,
    locale_option,
    period_option,
    print_json,
    register,
    run,
    stderr,
    stdout,
    warn_uncovered,
)


@register("demo")
def demo(
    output: Annotated[Path, typer.Argument(help="Folder to create the sample team in.")] = Path("demo"),
    period: Annotated[str | None, typer.Option(help="Default: the current month.")] = None,
    locale: LocaleOption = None,
    seed: Annotated[int, typer.Option(help="Same seed, same team.")] = 2026,
    as_json: JsonOption = False,
) -> None:
    from repbook.commands.demo import run_demo

    chosen = period_option(period, current_month())
    with stderr.status("Building the sample team and its workbooks..."):
        result = run(lambda: run_demo(output, chosen, locale_option(locale) or "zh-CN", seed=seed))
    warn_uncovered(result.uncovered_years)
    if as_json:
        print_json({"control": str(result.control), "reps": result.reps, "customers": result.customers,
                     "as_of": result.as_of, "pack": [str(f.path) for f in result.pack],
                     "returned": [str(f.path) for f in result.returned], "rows_filled": result.rows_filled,
                     "validation": result.validation.counts(), "master": str(result.master),
                     "input_rows": result.consolidation.input_rows,
                     "consolidated_rows": result.consolidation.consolidated_rows,
                     "rejected_rows": result.consolidation.rejected_rows})
        return
    table = Table("step", "what", "where", title=f"repbook demo · {chosen.code} · as of {result.as_of}")
    table.add_row("init", f"control workbook: {result.reps} reps, {result.customers} customers", str(result.control))
    table.add_row("generate", f"{len(result.pack)} blank workbooks, pre-filled per rep", str(output / "pack"))
    filled = ", ".join(f"{form} {n}" for form, n in result.rows_filled.items() if n)
    table.add_row("send", f"{len(result.drafts)} e-mail drafts, one per rep with their files",
                  str(output / "outbox"))
    table.add_row("fill", f"{len(result.returned)} workbooks as reps return them ({filled} rows; "
                  f"{len(result.mistakes)} typical mistakes typed in)", str(output / "returned"))
    counts = result.validation.counts()
    table.add_row("validate", f"{counts.get('error', 0)} errors, {counts.get('warning', 0)} warnings, "
                  f"{counts.get('info', 0)} notes", "repbook validate demo/returned --mark")
    c = result.consolidation
    table.add_row("consolidate", f"{c.input_rows} rows = {c.consolidated_rows} consolidated + "
                  f"{c.rejected_rows} not consolidated", str(result.master))
    table.add_row("review", f"{len(result.reviews)} review forms pre-filled from the master", str(output / "reviews"))
    stdout.print(table)
