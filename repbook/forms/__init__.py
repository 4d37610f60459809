"""Each form's Python side, one module per form: what ``generate`` pre-fills from the
control workbook (``prefill``) and what the demo types in as a rep would (``sample``).

Every module defines::

    def prefill(control: ControlData, rep: Rep, period: Period, split_mode: SplitMode) -> Rows
    def sample(s: SampleInput) -> Rows

where ``Rows`` maps a table id of the form's spec to rows keyed by column id (choice
values as codes, dates as ``datetime.date``); the reserved key ``FIELDS`` holds one row
with the values of the form's input fields.
"""

from __future__ import annotations

import importlib
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from types import ModuleType
from typing import Any

from repbook.model import ControlData, Customer, Indicator, Rep
from repbook.periods import Period, SplitMode
from repbook.spec import FORMS
from repbook.workdays import WorkdayCalendar

Rows = dict[str, list[dict[str, Any]]]
FIELDS = "_fields"


@dataclass(frozen=True)
class SampleInput:
    """What the demo knows when it fills a rep's form as the rep would."""

    rep: Rep
    period: Period
    calendar: WorkdayCalendar
    customers: Sequence[Customer]
    as_of: date
    rng: random.Random
    split_mode: SplitMode = "week"
    indicators: Sequence[Indicator] = ()
    rep_targets: Sequence[Mapping[str, Any]] = ()
    team: Sequence[Rep] = field(default_factory=tuple)


def form_module(form: str) -> ModuleType:
    if form not in FORMS:
        raise KeyError(form)
    return importlib.import_module(f"repbook.forms.{form.replace('-', '_')}")


def prefill_rows(form: str, control: ControlData, rep: Rep, period: Period, split_mode: SplitMode) -> Rows:
    return form_module(form).prefill(control, rep, period, split_mode)


def sample_rows(form: str, s: SampleInput) -> Rows:
    return form_module(form).sample(s)
