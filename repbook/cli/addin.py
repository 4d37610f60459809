"""`repbook addin build | install | status | remove`: the Excel add-in (repbook.addin)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from repbook.addin.install import Check
from repbook.registry import command as command_info

from .app import app, run, stderr, stdout

addin_app = typer.Typer(name="addin", no_args_is_help=True, rich_markup_mode=None, help=command_info("addin").help)
app.add_typer(addin_app)

LocaleArg = Annotated[str, typer.Option("--locale", help="The ribbon's language: zh-CN (default), zh-TW or en.")]


@addin_app.command("build", help="Assemble repbook.xlam (ribbon, VBA dispatcher, xlwings' RunPython) on any OS.")
def build(output: Annotated[Path, typer.Option("-o", "--output", help="The .xlam to write.")] = Path("repbook.xlam"),
          locale: LocaleArg = "zh-CN") -> None:
    from repbook.addin.package import build_addin

    written = run(lambda: build_addin(output, locale))
    typer.echo(str(written))


@addin_app.command("install", help="Build the add-in into Excel's start-up folder and write its xlwings settings.")
def install(locale: LocaleArg = "zh-CN") -> None:
    from repbook.addin.install import install as install_addin
    from repbook.addin.install import places

    checks = run(lambda: install_addin(places(), locale))
    _show(checks)


@addin_app.command("status", help="Check that the installed add-in, xlwings and the interpreter agree.")
def status() -> None:
    from repbook.addin.install import places
    from repbook.addin.install import status as addin_status

    _show(run(lambda: addin_status(places())))


@addin_app.command("remove", help="Remove the add-in and its settings.")
def remove() -> None:
    from repbook.addin.install import places
    from repbook.addin.install import remove as remove_addin

    for path in run(lambda: remove_addin(places())):
        typer.echo(f"removed {path}")


def _show(checks: list[Check]) -> None:
    table = Table("check", "ok", "detail")
    for check in checks:
        table.add_row(check.name, "yes" if check.ok else "NO", check.detail)
    stdout.print(table)
    if not all(c.ok for c in checks):
        stderr.print("[yellow]Fix the rows marked NO (usually: `repbook addin install` again).[/]")
        raise typer.Exit(1)
