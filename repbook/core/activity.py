"""Contact activity from work-log rows: the numbers a rep and a manager read.

Rows are dicts keyed by the work-log's column ids with choice values as codes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any

Row = Mapping[str, Any]


def as_date(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return None


def amount(value: Any) -> float:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else 0.0


def contacts(rows: Iterable[Row]) -> list[Row]:
    """Rows that record a contact: a dated row (what the workbook's COUNT counts)."""
    return [r for r in rows if as_date(r.get("date")) is not None]


def contacts_by_method(rows: Iterable[Row], methods: Sequence[str]) -> dict[str, int]:
    counted = Counter(r.get("method") for r in contacts(rows))
    return {m: counted.get(m, 0) for m in methods}


def closes(rows: Iterable[Row]) -> int:
    return sum(1 for r in contacts(rows) if r.get("outcome") == "closed")


def order_total(rows: Iterable[Row]) -> float:
    return sum(amount(r.get("order_amount")) for r in contacts(rows))


def collected_total(rows: Iterable[Row]) -> float:
    return sum(amount(r.get("collected_amount")) for r in contacts(rows))


def close_rate(rows: Sequence[Row]) -> float:
    n = len(contacts(rows))
    return closes(rows) / n if n else 0.0


def overdue_follow_ups(rows: Sequence[Row], as_of: date) -> list[Row]:
    """Promised follow-ups whose date has passed with no later contact with that customer."""
    dated = contacts(rows)
    overdue = []
    for row in dated:
        due = as_date(row.get("next_contact"))
        if due is None or due >= as_of:
            continue
        day = as_date(row["date"])
        assert day is not None
        later = any(other.get("customer") == row.get("customer") and as_date(other["date"]) > day  # type: ignore[operator]
                    for other in dated)
        if not later:
            overdue.append(row)
    return overdue


def contacts_per_day(rows: Iterable[Row]) -> Counter[date]:
    return Counter(d for d in (as_date(r.get("date")) for r in rows) if d is not None)


def days_on_target(rows: Iterable[Row], days: Iterable[date], target: int) -> int:
    per_day = contacts_per_day(rows)
    return sum(1 for d in days if per_day.get(d, 0) >= target)
