"""CLI: status."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from repbook.locale import catalogue
from repbook.spec import load_spec

from .app import JsonOption, LocaleOption, locale_option, print_json, register, run, stderr, stdout


@register("status")
def status(
    master: Annotated[Path, typer.Argument(help="A master workbook made by `repbook consolidate`.")],
    locale: LocaleOption = None,
    as_json: JsonOption = False,
) -> None:
    from repbook.commands.status import read_status

    lines = run(lambda: read_status(master))
    loc = locale_option(locale) or "zh-CN"
    cat = catalogue()
    if as_json:
        print_json([{"rep_id": s.rep_id, "rep": s.rep_name, "forms": s.forms, "on_time": s.count("on_time"),
                     "late": s.count("late"), "missing": s.count("missing"), "completeness": s.completeness,
                     "log_days": s.log_days} for s in lines])
    else:
        forms = list(dict.fromkeys(f for s in lines for f in s.forms))
        table = Table("rep", *(load_spec(f).title(loc) for f in forms), "on time", "late", "missing")
        for s in lines:
            table.add_row(f"{s.rep_id} {s.rep_name}", *(cat.label(f"discipline_{s.forms[f]}", loc) if s.forms.get(f)
                                                         else "" for f in forms),
                          str(s.count("on_time")), str(s.count("late")), str(s.count("missing")))
        stdout.print(table)
        stderr.print(f"{sum(s.count('missing') for s in lines)} missing, {sum(s.count('late') for s in lines)} late.")
    if any(s.count("missing") or s.count("late") for s in lines):
        raise typer.Exit(1)
