"""CLI: consolidate."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.progress import Progress
from rich.table import Table

from repbook.locale import catalogue

from .app import JsonOption, LocaleOption, locale_option, print_json, register, run, stderr, stdout


@register("consolidate")
def consolidate(
    paths: Annotated[list[Path], typer.Argument(help="Folders (searched recursively) or workbooks.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="The master workbook to write.")],
    control: Annotated[Path | None, typer.Option("--control", help="The control workbook (targets, roster).")] = None,
    jobs: Annotated[int | None, typer.Option(help="Processes to read with (default: every core).")] = None,
    locale: LocaleOption = None,
    as_json: JsonOption = False,
) -> None:
    from repbook.commands.consolidate import consolidate as run_consolidation

    loc = locale_option(locale) or "zh-CN"
    with Progress(console=stderr, transient=True) as progress:
        task = progress.add_task("Reading returned workbooks", total=None)

        def advance(done: int, total: int) -> None:
            progress.update(task, completed=done, total=total)

        result = run(lambda: run_consolidation(paths, output, loc, jobs=jobs, control_path=control, progress=advance))
    if as_json:
        print_json({
            "master": str(output), "input_rows": result.input_rows, "consolidated": result.consolidated_rows,
            "rejected": result.rejected_rows, "files_read": result.read, "files_from_cache": result.cached,
            "files": [f.__dict__ for f in result.files],
        })
        return
    cat = catalogue()
    table = Table("file", "rep", "form", "status", "input rows", "consolidated", "not consolidated")
    for f in result.files:
        table.add_row(Path(f.path).name, f.rep_name or f.rep_id, f.form or "", cat.label(f"status_{f.status}", loc),
                      str(f.input_rows), str(f.consolidated), str(f.rejected))
    table.add_row("", "", "", "total", str(result.input_rows), str(result.consolidated_rows), str(result.rejected_rows),
                  style="bold")
    stdout.print(table)
    stderr.print(f"input rows {result.input_rows} = consolidated {result.consolidated_rows} + "
                 f"not consolidated {result.rejected_rows}; read {result.read} files, {result.cached} unchanged "
                 f"from the manifest. Master: {output}")
