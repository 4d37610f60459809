"""The `repbook` application object and what every command shares.

Results go to stdout, progress and diagnostics to stderr.
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

from repbook.errors import RepbookError
from repbook.locale import Locale, parse_locale
from repbook.periods import Period, parse_period
from repbook.registry import command as command_info

app = typer.Typer(
    name="repbook", no_args_is_help=True, add_completion=False, rich_markup_mode=None,
    pretty_exceptions_show_locals=False,
    help="Excel forms, target splits, validation and consolidation for sales teams.",
)
stdout = Console()
stderr = Console(stderr=True)
T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])

JsonOption = Annotated[bool, typer.Option("--json", help="Print the result as JSON on stdout.")]
LocaleOption = Annotated[str | None, typer.Option("--locale", help="zh-CN (default), zh-TW or en.")]


def register(command_id: str) -> Callable[[F], F]:
    """Register a CLI command under its registry id, with the registry's help text."""
    info = command_info(command_id)
    return app.command(info.id, help=info.help)


def period_option(text: str | None, default: Period | None = None) -> Period:
    if text:
        return parse_period(text)
    if default is None:
        raise typer.BadParameter("a period is needed, e.g. --period 2026-12")
    return default


def locale_option(text: str | None) -> Locale | None:
    return parse_locale(text) if text else None


def run(action: Callable[[], T]) -> T:
    """Run a command body; a RepbookError becomes its message and exit code, no traceback."""
    try:
        return action()
    except RepbookError as exc:
        stderr.print(f"[bold red]repbook:[/] {exc.message}", highlight=False)
        if exc.hint:
            stderr.print(f"[yellow]{exc.hint}[/]", highlight=False)
        raise typer.Exit(exc.exit_code) from None


def print_json(payload: Any) -> None:
    typer.echo(json.dumps(payload, ensure_ascii=False, indent=2, default=str))


def warn_uncovered(years: Sequence[int]) -> None:
    if years:
        stderr.print(f"[yellow]The statutory holiday calendar for {', '.join(map(str, years))} is not known "
                     "to this chinese-calendar release: working days count Monday to Friday. Mark the "
                     "holidays and make-up workdays on the control workbook's calendar sheet.[/]")


def current_month() -> Period:
    today = date.today()
    return parse_period(f"{today.year}-{today.month:02d}")


def next_month() -> Period:
    today = date.today()
    return parse_period(f"{today.year + today.month // 12}-{today.month % 12 + 1:02d}")


__all__ = ["JsonOption", "LocaleOption", "Path", "app", "register", "run", "stderr", "stdout"]
