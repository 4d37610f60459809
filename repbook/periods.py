"""Reporting periods (month, ISO week, quarter) and their parts (weeks, 旬)."""

from __future__ import annotations

import calendar as _stdcal
import re
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from repbook.errors import UsageError

PeriodKind = Literal["month", "week", "quarter"]
SplitMode = Literal["week", "dekad"]


@dataclass(frozen=True)
class Period:
    kind: PeriodKind
    code: str
    start: date
    end: date

    def days(self) -> list[date]:
        return [self.start + timedelta(n) for n in range((self.end - self.start).days + 1)]

    def contains(self, day: date) -> bool:
        return self.start <= day <= self.end

    def next(self) -> Period:
        return period_containing(self.end + timedelta(days=1), self.kind)


@dataclass(frozen=True)
class TimePart:
    """A slice of a period: an ISO week clipped to the month, or a 旬."""

    code: str
    index: int
    start: date
    end: date


_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_WEEK = re.compile(r"^(\d{4})-W(\d{1,2})$", re.IGNORECASE)
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$", re.IGNORECASE)


def month_period(year: int, month: int) -> Period:
    last = _stdcal.monthrange(year, month)[1]
    return Period("month", f"{year:04d}-{month:02d}", date(year, month, 1), date(year, month, last))


def week_period(year: int, week: int) -> Period:
    start = date.fromisocalendar(year, week, 1)
    return Period("week", f"{year:04d}-W{week:02d}", start, start + timedelta(days=6))


def quarter_period(year: int, quarter: int) -> Period:
    first_month = 3 * (quarter - 1) + 1
    end = month_period(year, first_month + 2).end
    return Period("quarter", f"{year:04d}-Q{quarter}", date(year, first_month, 1), end)


def parse_period(text: str) -> Period:
    """Parse ``2026-12``, ``2026-W49`` or ``2026-Q4``."""
    value = text.strip()
    try:
        if m := _MONTH.match(value):
            return month_period(int(m[1]), int(m[2]))
        if m := _WEEK.match(value):
            return week_period(int(m[1]), int(m[2]))
        if m := _QUARTER.match(value):
            return quarter_period(int(m[1]), int(m[2]))
    except ValueError:
        pass
    raise UsageError(
        f"'{text}' is not a period.",
        hint="Write a month as 2026-12, an ISO week as 2026-W49, a quarter as 2026-Q4.",
    )


def period_containing(day: date, kind: PeriodKind = "month") -> Period:
    if kind == "week":
        iso = day.isocalendar()
        return week_period(iso.year, iso.week)
    if kind == "quarter":
        return quarter_period(day.year, (day.month - 1) // 3 + 1)
    return month_period(day.year, day.month)


def week_parts(period: Period) -> list[TimePart]:
    """ISO weeks overlapping the period, each clipped to the period (partial weeks stay partial)."""
    parts: list[TimePart] = []
    day = period.start
    while day <= period.end:
        iso = day.isocalendar()
        week_end = min(day + timedelta(days=7 - iso.weekday), period.end)
        parts.append(TimePart(f"{iso.year}-W{iso.week:02d}", len(parts) + 1, day, week_end))
        day = week_end + timedelta(days=1)
    return parts


def dekad_parts(period: Period) -> list[TimePart]:
    """旬 of each month in the period: days 1-10, 11-20 and 21 to the month's end."""
    parts: list[TimePart] = []
    for month in _months(period):
        bounds = [(1, 10), (11, 20), (21, month.end.day)]
        for n, (first, last) in enumerate(bounds, start=1):
            code = f"{month.code}-D{n}"
            start = date(month.start.year, month.start.month, first)
            end = date(month.start.year, month.start.month, last)
            parts.append(TimePart(code, len(parts) + 1, start, end))
    return parts


def time_parts(period: Period, mode: SplitMode) -> list[TimePart]:
    return week_parts(period) if mode == "week" else dekad_parts(period)


def _months(period: Period) -> list[Period]:
    months = []
    day = period.start.replace(day=1)
    while day <= period.end:
        months.append(month_period(day.year, day.month))
        day = months[-1].end + timedelta(days=1)
    return months
