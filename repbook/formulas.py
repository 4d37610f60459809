"""Formula templates in specs, rendered into Excel formulas for one locale.

Specs write formulas against ids, not labels, because table headers are localized:

- ``{col:log.method}``       the whole column -> ``tblLog[接触方式]``
- ``{row:method}``           the same row of the current table -> ``tblLog[[#This Row],[接触方式]]``
                              (or a relative A1 reference such as ``$D5`` where Excel forbids
                              structured references: conditional formats and validation)
- ``{choice:outcome.closed}`` a drop-down value as a string literal -> ``"成交"``
- ``{label:yes}``            a catalogue label as a string literal -> ``"是"``
- ``{cal:date}``, ``{cal:workday}`` the calendar table's columns -> ``tblCalendar[日期]``
- defined names (``rb_as_of``) and the calendar table (``tblCalendar``) are written as is.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from xlsxwriter.utility import xl_col_to_name

from repbook.errors import SpecError
from repbook.locale import Locale, catalogue
from repbook.spec import FormSpec, Table

_PLACEHOLDER = re.compile(r"\{(col|row|choice|label|cal):([^{}]+)\}")
_FUNCTION = re.compile(r"([A-Z_][A-Z0-9_.]*)\(")
_STRING = re.compile(r'"(?:[^"]|"")*"')
# Functions newer than Excel 2007 are stored with the _xlfn. prefix in the file format.
_FUTURE = re.compile(r"(?<![._A-Z])(MAXIFS|MINIFS)\(")

# What computes in Excel 2019 and LibreOffice 7.4 alike (DESIGN.md, the workbook contract).
ALLOWED_FUNCTIONS = frozenset(
    ["ABS", "AND", "AVERAGE", "AVERAGEIFS", "COUNT", "COUNTA", "COUNTBLANK", "COUNTIF", "COUNTIFS", "DATE", "DAY", "IF", "IFERROR", "INDEX", "ISBLANK", "ISNUMBER", "ISTEXT", "LEN", "MATCH", "MAX", "MAXIFS", "MIN", "MINIFS", "MONTH", "NETWORKDAYS.INTL", "NOT", "OR", "RANK.EQ", "ROUND", "ROUNDDOWN", "ROUNDUP", "SUM", "SUMIF", "SUMIFS", "SUMPRODUCT", "TODAY", "TRIM", "WEEKDAY", "YEAR"]
)


def functions_used(formula: str) -> set[str]:
    """Function names called in ``formula`` (string literals ignored, ``_xlfn.`` stripped)."""
    bare = _STRING.sub('""', formula)
    return {name.removeprefix("_xlfn.") for name in _FUNCTION.findall(bare)}


def excel_string(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def column_ref(table_name: str, label: str) -> str:
    return f"{table_name}[[{label}]]" if " " in label else f"{table_name}[{label}]"


@dataclass(frozen=True)
class A1Anchor:
    """Where a table's first data row and columns sit, for references Excel wants in A1."""

    first_row: int
    first_col: int
    column_ids: tuple[str, ...]

    def cell(self, column_id: str) -> str:
        col = self.first_col + self.column_ids.index(column_id)
        return f"${xl_col_to_name(col)}{self.first_row + 1}"


def render(
    template: str,
    spec: FormSpec,
    locale: Locale,
    *,
    table: Table | None = None,
    anchor: A1Anchor | None = None,
) -> str:
    """Render a spec formula for ``locale``; with ``anchor``, row references become A1."""
    cat = catalogue()

    def replace(match: re.Match[str]) -> str:
        kind, arg = match.group(1), match.group(2).strip()
        if kind == "col":
            table_id, _, column_id = arg.partition(".")
            target = spec.table(table_id)
            return column_ref(target.name, target.column(column_id).label(locale))
        if kind == "row":
            if table is None:
                raise SpecError(f"{{row:{arg}}} used outside a table in form '{spec.form}'.")
            if anchor is not None:
                return anchor.cell(arg)
            return f"{table.name}[[#This Row],[{table.column(arg).label(locale)}]]"
        if kind == "choice":
            list_id, _, code = arg.partition(".")
            return excel_string(cat.choice_label(list_id, code, locale))
        if kind == "cal":
            return column_ref("tblCalendar", cat.label(f"cal_{arg}", locale))
        return excel_string(cat.label(arg, locale))

    body = " ".join(template.split())
    rendered = with_future_prefix(_PLACEHOLDER.sub(replace, body))
    return rendered if rendered.startswith("=") else "=" + rendered


def with_future_prefix(formula: str) -> str:
    """MAXIFS and MINIFS as the file format stores them (``_xlfn.MAXIFS``); without it Excel shows #NAME?."""
    return _FUTURE.sub(r"_xlfn.\1(", formula)


def check_allowed(formulas: Iterable[str], where: Callable[[str], str] = str) -> None:
    """Raise SpecError when a formula calls a function outside ALLOWED_FUNCTIONS."""
    for formula in formulas:
        banned = functions_used(formula) - ALLOWED_FUNCTIONS
        if banned:
            raise SpecError(f"{where(formula)} uses {', '.join(sorted(banned))}, not allowed in rep workbooks.")


