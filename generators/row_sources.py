"""Rows a spec table takes from the period or a list (``rows_from``) instead of from the rep."""

from __future__ import annotations

from collections.abc import Callable

from repbook.errors import SpecError
from repbook.locale import catalogue
from repbook.periods import time_parts, week_parts
from repbook.spec import Table

from .context import FormContext, Row


def rows_for(table: Table, ctx: FormContext) -> list[Row]:
    """The key rows of a ``rows_from`` table; the key goes into the table's first column."""
    assert table.rows_from is not None
    key = table.columns[0].id
    source, _, arg = table.rows_from.partition(":")
    if source == "choices":
        return [{key: choice.code} for choice in catalogue().choice_list(arg)]
    try:
        make = _SOURCES[source]
    except KeyError:
        raise SpecError(f"Table '{table.name}': unknown rows_from '{table.rows_from}'.") from None
    return make(ctx, key)


def _workdays(ctx: FormContext, key: str) -> list[Row]:
    return [{key: d} for d in ctx.calendar.working_dates(ctx.period.start, ctx.period.end)]


def _days(ctx: FormContext, key: str) -> list[Row]:
    return [{key: d} for d in ctx.period.days()]


def _stars(ctx: FormContext, key: str) -> list[Row]:
    return [{key: star} for star in (5, 4, 3, 2, 1)]


def _parts(ctx: FormContext, key: str) -> list[Row]:
    return [{key: p.code, "start": p.start, "end": p.end}
            for p in time_parts(ctx.period, ctx.split_mode)]


def _weeks(ctx: FormContext, key: str) -> list[Row]:
    return [{key: p.code, "start": p.start, "end": p.end} for p in week_parts(ctx.period)]


_SOURCES: dict[str, Callable[[FormContext, str], list[Row]]] = {
    "workdays": _workdays,
    "days": _days,
    "stars": _stars,
    "time_parts": _parts,
    "weeks": _weeks,
}
