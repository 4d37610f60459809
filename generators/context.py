"""Everything one generated workbook is made from, besides its spec."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from repbook.locale import DEFAULT_LOCALE, Locale
from repbook.model import RepInfo
from repbook.periods import Period, SplitMode
from repbook.spec import FormSpec
from repbook.workdays import WorkdayCalendar

Row = Mapping[str, Any]


@dataclass(frozen=True)
class FormContext:
    """The data one workbook is generated from.

    ``rows`` pre-fills tables (by table id) with values keyed by column id; choice values
    are codes. ``options`` feeds dynamic drop-down lists (``options:`` in a spec), e.g. the
    rep's customers. ``defaults`` fills columns that name a default key; ``fields`` gives
    input fields (by id) their values.
    """

    spec: FormSpec
    period: Period
    rep: RepInfo
    calendar: WorkdayCalendar
    locale: Locale = DEFAULT_LOCALE
    split_mode: SplitMode = "week"
    rows: Mapping[str, Sequence[Row]] = field(default_factory=dict)
    options: Mapping[str, Sequence[str]] = field(default_factory=dict)
    defaults: Mapping[str, Any] = field(default_factory=dict)
    fields: Mapping[str, Any] = field(default_factory=dict)
    as_of: date | None = None
    created_at: datetime = field(default_factory=lambda: datetime.now().replace(microsecond=0))
