"""The working-day calendar: Chinese statutory holidays and 调休 make-up days.

Excel's NETWORKDAYS cannot count a weekend make-up day, so every workbook carries a
calendar table (one row per date with a workday flag) and formulas sum it with SUMIFS;
Python counts from the same rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Literal

import chinese_calendar

DayKind = Literal["workday", "weekend", "holiday", "makeup"]
DaySource = Literal["statutory", "weekday", "manager"]


@dataclass(frozen=True)
class CalendarDay:
    day: date
    kind: DayKind
    source: DaySource
    note: str = ""

    @property
    def is_workday(self) -> bool:
        return self.kind in ("workday", "makeup")


@dataclass(frozen=True)
class WorkdayCalendar:
    days: Mapping[date, CalendarDay]
    uncovered_years: tuple[int, ...]

    def is_workday(self, day: date) -> bool:
        return self.days[day].is_workday

    def working_days(self, start: date, end: date) -> int:
        return sum(1 for d in _span(start, end) if self.days[d].is_workday)

    def working_dates(self, start: date, end: date) -> list[date]:
        return [d for d in _span(start, end) if self.days[d].is_workday]

    def rows(self, start: date, end: date) -> list[CalendarDay]:
        return [self.days[d] for d in _span(start, end)]


def statutory_years() -> range:
    """Years the installed chinese-calendar release knows."""
    known = sorted(chinese_calendar.holidays) or [date.today()]
    return range(known[0].year, known[-1].year + 1)


def build_calendar(
    start: date, end: date, manager_days: Iterable[CalendarDay] = ()
) -> WorkdayCalendar:
    """Calendar for [start, end]: statutory where known, Mon-Fri otherwise, manager's marks on top.

    What the manager typed (source ``manager``) always wins over any fill.
    """
    known = statutory_years()
    overrides = {d.day: d for d in manager_days}
    days: dict[date, CalendarDay] = {}
    uncovered: set[int] = set()
    for day in _span(start, end):
        if day in overrides:
            days[day] = overrides[day]
        elif day.year in known:
            days[day] = _statutory_day(day)
        else:
            uncovered.add(day.year)
            kind: DayKind = "workday" if day.weekday() < 5 else "weekend"
            days[day] = CalendarDay(day, kind, "weekday")
    return WorkdayCalendar(days, tuple(sorted(uncovered)))


@lru_cache(maxsize=8192)
def _statutory_day(day: date) -> CalendarDay:
    """Classify a date the package knows; ``note`` keeps the holiday's English name as a code."""
    weekend = day.weekday() >= 5
    _, holiday_name = chinese_calendar.get_holiday_detail(day)
    note = str(holiday_name or "")
    if chinese_calendar.is_workday(day):
        return CalendarDay(day, "makeup" if weekend else "workday", "statutory", note)
    kind: DayKind = "weekend" if weekend and not note else "holiday"
    return CalendarDay(day, kind, "statutory", note)


def _span(start: date, end: date) -> Iterable[date]:
    for n in range((end - start).days + 1):
        yield start + timedelta(days=n)
