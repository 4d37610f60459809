"""The `repbook` command line: results on stdout, progress and diagnostics on stderr.

Exit codes: 0 fine, 1 problems found, 2 bad usage or unreadable input.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from repbook.errors import RepbookError
from repbook.locale import Locale, parse_locale
from repbook.periods import Period, parse_period
from repbook.spec import FORMS

app = typer.Typer(
    name="repbook", no_args_is_help=True, add_completion=False, rich_markup_mode=None,
    pretty_exceptions_show_locals=False,
    help="Excel forms, target splits, validation and consolidation for sales teams.",
)
stdout = Console()
stderr = Console(stderr=True)
T = TypeVar("T")

JsonOption = Annotated[bool, typer.Option("--json", help="Print the result as JSON on stdout.")]
LocaleOption = Annotated[str | None, typer.Option("--locale", help="zh-CN (default), zh-TW or en.")]


def _period(text: str | None, default: Period | None = None) -> Period:
    if text:
        return parse_period(text)
    if default is None:
        raise typer.BadParameter("a period is needed, e.g. --period 2026-12")
    return default


def _locale(text: str | None) -> Locale | None:
    return parse_locale(text) if text else None


def _run(action: Callable[[], T]) -> T:
    """Run a command body; a RepbookError becomes its message and exit code, no traceback."""
    try:
        return action()
    except RepbookError as exc:
        stderr.print(f"[bold red]repbook:[/] {exc.message}")
        if exc.hint:
            stderr.print(f"[yellow]{exc.hint}[/]")
        raise typer.Exit(exc.exit_code) from None


def _print_json(payload: Any) -> None:
    typer.echo(json.dumps(payload, ensure_ascii=False, indent=2, default=str))


def _warn_uncovered(years: Sequence[int]) -> None:
    if years:
        stderr.print(f"[yellow]The statutory holiday calendar for {', '.join(map(str, years))} is not known "
                     "to this chinese-calendar release: working days count Monday to Friday. Mark the "
                     "holidays and make-up workdays on the control workbook's calendar sheet.[/]")


def _next_month() -> Period:
    today = date.today()
    return parse_period(f"{today.year + today.month // 12}-{today.month % 12 + 1:02d}")


@app.command("init")
def init(
    control: Annotated[Path, typer.Argument(help="The control workbook to create (.xlsx).")],
    period: Annotated[str | None, typer.Option(help="Planning period, e.g. 2026-12 (default: next month).")] = None,
    locale: LocaleOption = None,
    force: Annotated[bool, typer.Option(help="Replace an existing file.")] = False,
    as_json: JsonOption = False,
) -> None:
    """Create an empty control workbook: roster, targets, calendar, e-mail settings, instructions."""
    from repbook.commands.init_control import init_control

    result = _run(lambda: init_control(control, _period(period, _next_month()), _locale(locale) or "zh-CN",
                                       force=force))
    _warn_uncovered(result.uncovered_years)
    if as_json:
        _print_json({"control": str(result.path), "period": result.period.code,
                     "calendar_fallback_years": list(result.uncovered_years)})
    else:
        stdout.print(f"Created {result.path} for {result.period.code}.")


@app.command("new")
def new(
    form: Annotated[str, typer.Argument(help=f"One of: {', '.join(FORMS)}.")],
    rep: Annotated[str, typer.Option("--rep", help="The rep's ID.")],
    period: Annotated[str, typer.Option("--period", help="e.g. 2026-12")],
    output: Annotated[Path, typer.Option("-o", "--output", help="The workbook to write.")],
    locale: LocaleOption = None,
    control: Annotated[Path | None, typer.Option("--control", help="Pre-fill from this control workbook.")] = None,
    as_json: JsonOption = False,
) -> None:
    """Generate one form for one rep and period."""
    from repbook.commands.new_form import new_form

    if form not in FORMS:
        stderr.print(f"[bold red]repbook:[/] unknown form '{form}'. Use one of: {', '.join(FORMS)}.")
        raise typer.Exit(2)
    path = _run(lambda: new_form(form, rep, parse_period(period), _locale(locale), output, control))
    if as_json:
        _print_json({"form": form, "rep": rep, "period": period, "path": str(path)})
    else:
        stdout.print(f"Wrote {path}")


@app.command("generate")
def generate(
    control: Annotated[Path, typer.Argument(help="The control workbook.")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Folder for the pack (one subfolder per rep).")],
    period: Annotated[str | None, typer.Option(help="Default: the period on the settings sheet.")] = None,
    locale: LocaleOption = None,
    form: Annotated[list[str] | None, typer.Option("--form", help="Only these forms (repeatable).")] = None,
    jobs: Annotated[int | None, typer.Option(help="Processes to use (default: every core).")] = None,
    as_json: JsonOption = False,
) -> None:
    """Generate every form for every active rep on the roster, pre-filled."""
    from repbook.commands.generate_pack import generate_pack
    from repbook.io.control import control_period, read_control

    def body() -> Any:
        data = read_control(control)
        chosen = tuple(form or FORMS)
        unknown = [f for f in chosen if f not in FORMS]
        if unknown:
            raise typer.BadParameter(f"unknown form(s): {', '.join(unknown)}")
        with stderr.status("Generating the pack..."):
            return generate_pack(data, output, _period(period, control_period(data, control) if not period else None),
                                 locale=_locale(locale), forms=chosen, jobs=jobs)

    files = _run(body)
    if as_json:
        _print_json([{"rep_id": f.rep_id, "rep": f.rep_name, "form": f.form, "path": str(f.path)} for f in files])
        return
    table = Table("rep", "name", "files", "folder")
    by_rep: dict[str, list[Any]] = {}
    for f in files:
        by_rep.setdefault(f.rep_id, []).append(f)
    for rep_id, items in by_rep.items():
        table.add_row(rep_id, items[0].rep_name, str(len(items)), str(items[0].path.parent))
    stdout.print(table)
    stderr.print(f"{len(files)} workbooks for {len(by_rep)} reps in {output}")


@app.command("demo")
def demo(
    output: Annotated[Path, typer.Argument(help="Folder to create the sample team in.")] = Path("demo"),
    period: Annotated[str | None, typer.Option(help="Default: the current month.")] = None,
    locale: LocaleOption = None,
    seed: Annotated[int, typer.Option(help="Same seed, same team.")] = 2026,
    as_json: JsonOption = False,
) -> None:
    """Make a sample team (2 regions, 8 reps, ~300 customers), its pack, and the pack filled as reps would."""
    from repbook.commands.demo import run_demo

    today = date.today()
    chosen = _period(period, parse_period(f"{today.year}-{today.month:02d}"))
    with stderr.status("Building the sample team and its workbooks..."):
        result = _run(lambda: run_demo(output, chosen, _locale(locale) or "zh-CN", seed=seed))
    _warn_uncovered(result.uncovered_years)
    if as_json:
        _print_json({"control": str(result.control), "reps": result.reps, "customers": result.customers,
                     "as_of": result.as_of, "pack": [str(f.path) for f in result.pack],
                     "returned": [str(f.path) for f in result.returned], "rows_filled": result.rows_filled})
        return
    table = Table("step", "what", "where", title=f"repbook demo · {chosen.code} · as of {result.as_of}")
    table.add_row("init", f"control workbook: {result.reps} reps, {result.customers} customers", str(result.control))
    table.add_row("generate", f"{len(result.pack)} blank workbooks, pre-filled per rep", str(output / "pack"))
    filled = ", ".join(f"{form} {n}" for form, n in result.rows_filled.items() if n)
    table.add_row("fill", f"{len(result.returned)} workbooks as reps return them ({filled} rows)", str(output / "returned"))
    stdout.print(table)


def main() -> None:
    app()


if __name__ == "__main__":
    main()
