"""Building one form's generation context from the control data (or from nothing)."""

from __future__ import annotations

from datetime import date
from typing import Any

from repbook.forms import FIELDS, Rows, prefill_rows
from repbook.generators.context import FormContext
from repbook.locale import Locale
from repbook.model import ControlData, Rep
from repbook.periods import Period, week_parts
from repbook.spec import load_spec
from repbook.workdays import build_calendar


def form_context(
    form: str,
    rep: Rep,
    period: Period,
    control: ControlData,
    locale: Locale,
    *,
    rows: Rows | None = None,
    as_of: date | None = None,
) -> FormContext:
    """Everything ``form`` needs for ``rep``: pre-filled rows, drop-down lists, settings."""
    spec = load_spec(form)
    calendar = build_calendar(period.start, period.end, control.manager_days)
    customers = control.customers_of(rep.rep_id)
    options: dict[str, list[str]] = {
        "customers": [c.name for c in customers],
        "weeks": [p.code for p in week_parts(period)],
        "reps": [r.name for r in control.reps if r.active],
    }
    defaults: dict[str, Any] = {**control.settings, "rep_name": rep.name}
    if rows is None:
        rows = prefill_rows(form, control, rep, period, control.split_mode)
    tables = {k: v for k, v in rows.items() if k != FIELDS}
    fields = rows[FIELDS][0] if rows.get(FIELDS) else {}
    return FormContext(
        spec=spec, period=period, rep=rep.info(), calendar=calendar, locale=locale,
        split_mode=control.split_mode, rows=tables, options=options, defaults=defaults, fields=fields, as_of=as_of,
    )
