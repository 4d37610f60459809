"""Contacts per rep and ISO week against a daily target: the 行动量 numbers."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from repbook.periods import TimePart
from repbook.workdays import WorkdayCalendar

from .activity import as_date


@dataclass(frozen=True)
class WeekActivity:
    rep_id: str
    week: TimePart
    by_method: dict[str, int]
    workdays: int
    target: int

    @property
    def contacts(self) -> int:
        return sum(self.by_method.values())

    @property
    def completion(self) -> float:
        return self.contacts / self.target if self.target else 0.0


def weekly_activity(rows: Iterable[Mapping[str, Any]], reps: Sequence[str], weeks: Sequence[TimePart],
                    methods: Sequence[str], calendar: WorkdayCalendar, daily_target: int) -> list[WeekActivity]:
    """One line per rep and week; the target is the daily target times the week's working days."""
    counted: dict[tuple[str, date, str], int] = {}
    for row in rows:
        day = as_date(row.get("date"))
        if day is None:
            continue
        key = (str(row.get("_rep_id")), day, str(row.get("method")))
        counted[key] = counted.get(key, 0) + 1
    result = []
    for rep in reps:
        for week in weeks:
            by_method = {m: sum(n for (r, d, mm), n in counted.items() if r == rep and mm == m
                                and week.start <= d <= week.end) for m in methods}
            workdays = calendar.working_days(week.start, week.end)
            result.append(WeekActivity(rep, week, by_method, workdays, workdays * daily_target))
    return result
