"""Target splitting to time (目标分解到周/旬): pure, no file I/O.

A rep's must-achieve over the period's parts (ISO weeks clipped to the month, or 旬 1-10,
11-20, 21-end) in proportion to each part's working days, times optional seasonality
weights. Working days come from the control workbook's calendar (statutory holidays and
调休 make-up days where chinese-calendar knows the year, Monday-Friday otherwise, with the
manager's marks on top), the same rows the formulas sum with SUMIFS.

Rules:
- Seasonality weights are per part number (1 = the first week or 上旬). None typed: every
  part weighs 1. Any typed: a part without one weighs 0, and they must total 100%.
- A part's weight = working days x seasonality. All parts weighing 0: equal parts.
- Rounded to the unit by largest remainder (ties: the earlier part), so the parts add up
  exactly; what is left below one unit (a total that is not a multiple of the unit) goes
  to the first part.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from repbook.core.split import PRECISION, SplitSettingError
from repbook.periods import Period, SplitMode, TimePart, time_parts
from repbook.workdays import WorkdayCalendar

SEASONALITY_TOLERANCE = 1e-6


@dataclass(frozen=True)
class PartTarget:
    code: str
    number: int
    start: date
    end: date
    working_days: int
    weight: float
    target: float


def check_seasonality(seasonality: Mapping[int, float], parts: int) -> None:
    """Seasonality weights, when typed, total 100% over the period's parts."""
    if not seasonality:
        return
    bad = [n for n, w in seasonality.items() if w < 0]
    if bad:
        raise SplitSettingError(f"seasonality weight of part {bad[0]} is negative.", setting="seasonality",
                                hint="Weights are 0% or more and total 100%.")
    total = sum(w for n, w in seasonality.items() if 1 <= n <= parts)
    if abs(total - 1.0) > SEASONALITY_TOLERANCE:
        raise SplitSettingError(f"seasonality weights of parts 1-{parts} total {total:.2%}, not 100%.",
                                setting="seasonality", hint="Make the weights on the Seasonality table total 100%.")


def part_weights(working_days: Sequence[int], seasonality: Mapping[int, float]) -> list[float]:
    if not seasonality:
        return [float(d) for d in working_days]
    return [d * seasonality.get(n, 0.0) for n, d in enumerate(working_days, start=1)]


def split_amount(total: float, weights: Sequence[float], unit: float) -> list[float]:
    """``total`` over parts by ``weights`` in whole units (largest remainder); sums exactly to ``total``."""
    if not weights:
        return []
    shares = list(weights) if sum(weights) > 0 else [1.0] * len(weights)
    weight_sum = sum(shares)
    units_total = math.floor(round(total / unit, PRECISION))
    units = [round(units_total * w / weight_sum, PRECISION) for w in shares]
    whole = [math.floor(q) for q in units]
    remainder = [round(q - n, PRECISION) for q, n in zip(units, whole, strict=True)]
    left = units_total - sum(whole)
    bonus = set(sorted(range(len(units)), key=lambda i: (-remainder[i], i))[:left])
    parts = [(n + (1 if i in bonus else 0)) * unit for i, n in enumerate(whole)]
    parts[0] += total - units_total * unit
    return parts


def split_to_time(total: float, period: Period, mode: SplitMode, calendar: WorkdayCalendar,
                  unit: float, seasonality: Mapping[int, float] | None = None) -> list[PartTarget]:
    """A rep's target over the weeks or 旬 of ``period``; the parts sum exactly to ``total``."""
    parts: list[TimePart] = time_parts(period, mode)
    season = dict(seasonality or {})
    check_seasonality(season, len(parts))
    days = [calendar.working_days(p.start, p.end) for p in parts]
    weights = part_weights(days, season)
    amounts = split_amount(total, weights, unit)
    return [PartTarget(p.code, n, p.start, p.end, d, w, a)
            for n, (p, d, w, a) in enumerate(zip(parts, days, weights, amounts, strict=True), start=1)]
