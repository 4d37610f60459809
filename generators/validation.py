"""Data validation for input cells, derived from a column's type and constraints."""

from __future__ import annotations

from typing import Any

from repbook.locale import Locale, catalogue
from repbook.spec import Column, FieldSpec

# Excel caps an inline list at 255 characters; longer lists live on the lists sheet.
INLINE_LIST_LIMIT = 255


def list_name(list_id: str) -> str:
    return f"rb_list_{list_id}"


def validation_for(column: Column | FieldSpec, locale: Locale) -> dict[str, Any] | None:
    """XlsxWriter data_validation options for ``column``, or None when it takes anything."""
    cat = catalogue()
    msg = cat.message
    options: dict[str, Any] | None = None
    if column.type == "choice" and column.choices:
        labels = cat.choice_labels(column.choices, locale)
        source: Any = labels if len(",".join(labels)) <= INLINE_LIST_LIMIT else "=" + list_name(column.choices)
        options = {"validate": "list", "source": source,
                   "error_title": msg("dv_list_title", locale), "error_message": msg("dv_list_body", locale)}
    elif isinstance(column, Column) and column.options:
        # Dynamic lists (the rep's customers) warn rather than stop: a new prospect is
        # typed in before it reaches the archive, and the validator reports it.
        options = {"validate": "list", "source": "=" + list_name(column.options), "error_type": "warning",
                   "error_title": msg("dv_list_title", locale), "error_message": msg("dv_list_body", locale)}
    elif column.type == "date":
        if isinstance(column, Column) and column.in_period:
            options = {"validate": "date", "criteria": "between",
                       "minimum": "=rb_period_start", "maximum": "=rb_period_end",
                       "error_title": msg("dv_date_title", locale), "error_message": msg("dv_date_body", locale)}
        else:
            options = {"validate": "date", "criteria": ">", "value": "=DATE(2000,1,1)",
                       "error_message": msg("dv_anydate_body", locale)}
    elif column.type == "star":
        options = {"validate": "integer", "criteria": "between", "minimum": 1, "maximum": 5,
                   "error_title": msg("dv_number_title", locale), "error_message": msg("dv_star_body", locale)}
    elif column.type in ("int", "number", "money", "percent"):
        low = column.min if column.min is not None else 0
        kind = "integer" if column.type == "int" else "decimal"
        if column.max is not None:
            options = {"validate": kind, "criteria": "between", "minimum": low, "maximum": column.max,
                       "error_message": msg("dv_range_body", locale, min=_num(low), max=_num(column.max))}
        else:
            options = {"validate": kind, "criteria": ">=", "value": low,
                       "error_message": msg("dv_number_body", locale, min=_num(low))}
        options["error_title"] = msg("dv_number_title", locale)
    if options is not None and column.help is not None:
        options["input_message"] = column.help(locale)[:255]
    return options


def _num(value: float) -> str:
    return f"{value:g}"
