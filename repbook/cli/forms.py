"""CLI: init, new, generate."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table

from repbook.periods import parse_period
from repbook.spec import FORMS

from .app import (
    JsonOption,
    LocaleOption,
    locale_option,
    next_month,
    period_option,
    print_json,
    register,
    run,
    stderr,
    stdout,
    warn_uncovered,
)


@register("init")
def init(
    control: Annotated[Path, typer.Argument(help="The control workbook to create (.xlsx).")],
    period: Annotated[str | None, typer.Option(help="Planning period, e.g. 2026-12 (default: next month).")] = None,
    locale: LocaleOption = None,
    force: Annotated[bool, typer.Option(help="Replace an existing file.")] = False,
    as_json: JsonOption = False,
) -> None:
    from repbook.commands.init_control import init_control

    result = run(lambda: init_control(control, period_option(period, next_month()), locale_option(locale) or "zh-CN",
                                       force=force))
    warn_uncovered(result.uncovered_years)
    if as_json:
        print_json({"control": str(result.path), "period": result.period.code,
                     "calendar_fallback_years": list(result.uncovered_years)})
    else:
        stdout.print(f"Created {result.path} for {result.period.code}.")


@register("new")
def new(
    form: Annotated[str, typer.Argument(help=f"One of: {', '.join(FORMS)}.")],
    rep: Annotated[str, typer.Option("--rep", help="The rep's ID.")],
    period: Annotated[str, typer.Option("--period", help="e.g. 2026-12")],
    output: Annotated[Path, typer.Option("-o", "--output", help="The workbook to write.")],
    locale: LocaleOption = None,
    control: Annotated[Path | None, typer.Option("--control", help="Pre-fill from this control workbook.")] = None,
    as_json: JsonOption = False,
) -> None:
    from repbook.commands.new_form import new_form

    if form not in FORMS:
        stderr.print(f"[bold red]repbook:[/] unknown form '{form}'. Use one of: {', '.join(FORMS)}.")
        raise typer.Exit(2)
    path = run(lambda: new_form(form, rep, parse_period(period), locale_option(locale), output, control))
    if as_json:
        print_json({"form": form, "rep": rep, "period": period, "path": str(path)})
    else:
        stdout.print(f"Wrote {path}")


@register("generate")
def generate(
    control: Annotated[Path, typer.Argument(help="The control workbook.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Folder for the pack (one subfolder per rep).")],
    period: Annotated[str | None, typer.Option(help="Default: the period on the settings sheet.")] = None,
    locale: LocaleOption = None,
    form: Annotated[list[str] | None, typer.Option("--form", help="Only these forms (repeatable).")] = None,
    jobs: Annotated[int | None, typer.Option(help="Processes to use (default: every core).")] = None,
    as_json: JsonOption = False,
) -> None:
    from repbook.commands.generate_pack import generate_pack
    from repbook.io.control import control_period, read_control

    def body() -> Any:
        data = read_control(control)
        chosen = tuple(form or FORMS)
        unknown = [f for f in chosen if f not in FORMS]
        if unknown:
            raise typer.BadParameter(f"unknown form(s): {', '.join(unknown)}")
        with stderr.status("Generating the pack..."):
            chosen_period = parse_period(period) if period else control_period(data, control)
            return generate_pack(data, output, chosen_period, locale=locale_option(locale), forms=chosen, jobs=jobs)

    files = run(body)
    if as_json:
        print_json([{"rep_id": f.rep_id, "rep": f.rep_name, "form": f.form, "path": str(f.path)} for f in files])
        return
    table = Table("rep", "name", "files", "folder")
    by_rep: dict[str, list[Any]] = {}
    for f in files:
        by_rep.setdefault(f.rep_id, []).append(f)
    for rep_id, items in by_rep.items():
        table.add_row(rep_id, items[0].rep_name, str(len(items)), str(items[0].path.parent))
    stdout.print(table)
    stderr.print(f"{len(files)} workbooks for {len(by_rep)} reps in {output}")
