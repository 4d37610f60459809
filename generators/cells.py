"""Writing one value into one cell, by column type; untrusted text always stays text."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from xlsxwriter.format import Format
from xlsxwriter.worksheet import Worksheet

from repbook.locale import Locale, Text, catalogue
from repbook.spec import ColumnType


def display_value(value: Any, column_type: ColumnType, choices: str | None, locale: Locale) -> Any:
    """The value a person should see: a choice code becomes its label in ``locale``."""
    if value is None or value == "":
        return None
    if isinstance(value, Text):
        return value(locale)
    if column_type == "choice" and choices:
        cat = catalogue()
        code = cat.choice_code(choices, str(value))
        return cat.choice_label(choices, code, locale) if code else str(value)
    return value


def write_value(
    sheet: Worksheet, row: int, col: int, value: Any, column_type: ColumnType, fmt: Format
) -> None:
    """Write ``value`` typed as the column says; strings never become formulas."""
    if value is None or value == "":
        sheet.write_blank(row, col, None, fmt)
    elif isinstance(value, datetime):
        sheet.write_datetime(row, col, value, fmt)
    elif isinstance(value, date):
        sheet.write_datetime(row, col, datetime(value.year, value.month, value.day), fmt)
    elif isinstance(value, time):
        sheet.write_datetime(row, col, value, fmt)
    elif isinstance(value, bool):
        sheet.write_boolean(row, col, value, fmt)
    elif isinstance(value, (int, float)) and column_type not in ("text", "longtext", "choice"):
        sheet.write_number(row, col, value, fmt)
    else:
        # write_string, never write(): a roster name like "=HYPERLINK(...)" stays text.
        sheet.write_string(row, col, str(value), fmt)
