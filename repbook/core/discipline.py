"""Reporting discipline: which forms are due from whom and by when, and who returned what.

"A target not tracked is nothing" (目标不追踪, 等于一场空). Due times follow the same
working-day calendar as the splits: the month's plan by its 3rd working day, the weekly
plan before the month's first working week starts, the log and the other records by the
first working day after the period (a month-long log is judged by its days with entries).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Literal

from repbook.periods import Period
from repbook.workdays import WorkdayCalendar

Status = Literal["on_time", "late", "missing"]


@dataclass(frozen=True)
class DueRule:
    """When a form is due: the n-th working day of the period, or the n-th after it, at a time."""

    form: str
    anchor: Literal["period_start", "period_end"]
    working_day: int
    at: time


DEFAULT_RULES: tuple[DueRule, ...] = (
    DueRule("monthly-plan", "period_start", 3, time(12, 0)),
    DueRule("weekly-plan", "period_start", 1, time(12, 0)),
    DueRule("work-log", "period_end", 1, time(10, 0)),
    DueRule("customer-archive", "period_end", 1, time(18, 0)),
    DueRule("competitor-info", "period_end", 1, time(18, 0)),
)


def due_at(rule: DueRule, period: Period, calendar: WorkdayCalendar) -> datetime:
    if rule.anchor == "period_start":
        days = calendar.working_dates(period.start, period.end)
        day = days[min(rule.working_day, len(days)) - 1] if days else period.start
    else:
        day, counted = period.end, 0
        while counted < rule.working_day:
            day += timedelta(days=1)
            counted += 1 if calendar.days.get(day) is None or calendar.is_workday(day) else 0
    return datetime.combine(day, rule.at)


@dataclass(frozen=True)
class Received:
    rep_id: str
    form: str
    saved_at: datetime | None
    completeness: float


@dataclass(frozen=True)
class Standing:
    rep_id: str
    form: str
    status: Status
    due: datetime
    saved_at: datetime | None
    completeness: float | None


def standings(reps: Sequence[str], rules: Sequence[DueRule], received: Iterable[Received], period: Period,
              calendar: WorkdayCalendar) -> list[Standing]:
    """One line per rep and due form: on time, late (saved after the due time) or missing."""
    got: dict[tuple[str, str], Received] = {}
    for entry in received:
        key = (entry.rep_id, entry.form)
        if key not in got or (entry.saved_at or datetime.min) > (got[key].saved_at or datetime.min):
            got[key] = entry
    lines = []
    for rep in reps:
        for rule in rules:
            due = due_at(rule, period, calendar)
            item = got.get((rep, rule.form))
            if item is None:
                lines.append(Standing(rep, rule.form, "missing", due, None, None))
            else:
                late = item.saved_at is not None and item.saved_at > due
                lines.append(Standing(rep, rule.form, "late" if late else "on_time", due, item.saved_at,
                                      item.completeness))
    return lines


def parse_saved_at(text: str) -> datetime | None:
    """A saved-at stamp as local time: Excel stores UTC with a Z, files without a zone are local."""
    try:
        stamp = datetime.fromisoformat(text.strip())
    except ValueError:
        return None
    return stamp.astimezone().replace(tzinfo=None) if stamp.tzinfo else stamp


def required_filled_share(rows: int, required_columns: int, missing_cells: int) -> float:
    """Share of required cells filled in the rows a rep started."""
    cells = rows * required_columns
    return 1.0 if cells == 0 else max(0.0, 1 - missing_cells / cells)


def log_day_share(dates: Iterable[date | None], calendar: WorkdayCalendar, period: Period) -> float:
    """Working days with at least one log entry, over the period's working days."""
    workdays = set(calendar.working_dates(period.start, period.end))
    logged = {d for d in dates if d in workdays}
    return len(logged) / len(workdays) if workdays else 1.0


def counts(lines: Iterable[Standing]) -> Mapping[str, dict[Status, int]]:
    result: dict[str, dict[Status, int]] = {}
    for line in lines:
        result.setdefault(line.rep_id, {"on_time": 0, "late": 0, "missing": 0})[line.status] += 1
    return result
