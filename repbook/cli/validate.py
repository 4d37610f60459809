"""CLI: validate, clear-marks."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from repbook.locale import catalogue

from .app import JsonOption, LocaleOption, locale_option, print_json, register, run, stderr, stdout

SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}


@register("validate")
def validate(
    paths: Annotated[list[Path], typer.Argument(help="Workbooks or folders (searched recursively).")],
    mark: Annotated[bool, typer.Option("--mark", help="Write a marked copy beside each input.")] = False,
    locale: LocaleOption = None,
    as_json: JsonOption = False,
) -> None:
    from repbook.commands.validate import validate as run_validation

    loc = locale_option(locale) or "zh-CN"
    result = run(lambda: run_validation(paths, loc, mark=mark))
    report = result.report
    if as_json:
        payload = report.as_dict()
        payload["marked"] = [str(p) for p in result.marked]
        print_json(payload)
    else:
        cat = catalogue()
        table = Table("file", "sheet", "cell", "code", "severity", "message", show_lines=False)
        for issue in report.sorted_issues():
            table.add_row(Path(issue.file).name, issue.sheet, issue.cell, issue.code,
                          f"[{SEVERITY_STYLE[issue.severity]}]{cat.label('severity_' + issue.severity, loc)}[/]",
                          issue.message)
        stdout.print(table)
        counts = report.counts()
        stderr.print(f"{len(report.files)} files: {counts.get('error', 0)} errors, {counts.get('warning', 0)} warnings, "
                     f"{counts.get('info', 0)} notes.")
        for path in result.marked:
            stderr.print(f"marked copy: {path}")
    if report.has_errors:
        raise typer.Exit(1)


@register("clear-marks")
def clear_marks(
    path: Annotated[Path, typer.Argument(help="A marked workbook (changed in place).")],
    as_json: JsonOption = False,
) -> None:
    from repbook.commands.validate import remove_marks

    restored = run(lambda: remove_marks(path))
    if as_json:
        print_json({"file": str(path), "restored_cells": restored})
    else:
        stdout.print(f"Removed repbook's marks from {restored} cells in {path}.")
