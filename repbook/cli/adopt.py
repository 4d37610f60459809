"""CLI: adopt."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from repbook.periods import parse_period
from repbook.spec import FORMS

from .app import JsonOption, LocaleOption, locale_option, print_json, register, run, stderr, stdout


@register("adopt")
def adopt(
    files: Annotated[list[Path], typer.Argument(help="Workbooks reps keep (hand-made, or an older repbook form).")],
    form: Annotated[str, typer.Option("--form", help=f"One of: {', '.join(FORMS)}.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Folder for the adopted workbooks.")] = Path("."),
    rep: Annotated[str | None, typer.Option("--rep", help="The rep's ID (with --control: from the roster).")] = None,
    period: Annotated[str | None, typer.Option("--period", help="Default: the month most dates fall in.")] = None,
    control: Annotated[Path | None, typer.Option("--control", help="Control workbook for the rep and pre-fill.")] = None,
    mapping: Annotated[Path | None, typer.Option("--mapping", help="A saved mapping (TOML) to use.")] = None,
    save_mapping: Annotated[Path | None, typer.Option("--save-mapping", help="Save the mapping used, as TOML.")] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Show how each column is read; write nothing.")] = False,
    locale: LocaleOption = None,
    as_json: JsonOption = False,
) -> None:
    from repbook.adoption.adopt import main_table
    from repbook.commands.adopt import adopt as run_adoption

    results = run(lambda: run_adoption(files, form, output, rep_id=rep, period=parse_period(period) if period else None,
                                       locale=locale_option(locale), control_path=control, mapping_path=mapping,
                                       save_mapping_to=save_mapping, dry_run=dry_run))
    loc = locale_option(locale) or "zh-CN"
    if as_json:
        print_json([{"file": str(a.source), "output": str(a.output) if a.output else None, "period": a.period.code,
                     "sheets": [t.sheet for t in a.found], "entries": a.entries, "adopted": len(a.rows),
                     "totals_rows": a.totals_rows, "unreadable": len(a.unreadable), "kept_columns": len(a.kept),
                     "mapping": a.mapping()} for a in results])
        return
    spec = main_table(form)
    for adoption in results:
        table = Table("header", "field", "matched by", title=f"{adoption.source.name} -> {form}")
        for header, target in adoption.mapping().items():
            how = next((c.match.how for t in adoption.found for c in t.columns if c.match and
                        (c.header or f"[{c.letter}]") == header), "kept aside")
            table.add_row(header, spec.column(target).label(loc) if target else "-", how)
        stdout.print(table)
        stderr.print(f"{adoption.source.name}: sheets {', '.join(t.sheet for t in adoption.found)}; "
                     f"{adoption.entries} entries adopted, {adoption.totals_rows} totals rows recomputed not copied, "
                     f"{len(adoption.unreadable)} values kept as typed, {adoption.normalized} normalised"
                     + (f" -> {adoption.output}" if adoption.output else " (dry run)"))
