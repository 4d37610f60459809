"""Counts from meeting minutes, ride-along records and competitor reports."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from .activity import as_date

Row = Mapping[str, Any]


def count_by(rows: Iterable[Row], column: str, codes: Sequence[str]) -> dict[str, int]:
    counted = Counter(r.get(column) for r in rows)
    return {code: counted.get(code, 0) for code in codes}


def minutes_by_type(rows: Iterable[Row], codes: Sequence[str]) -> dict[str, int]:
    totals = dict.fromkeys(codes, 0)
    for row in rows:
        if row.get("type") in totals and isinstance(row.get("minutes"), (int, float)):
            totals[str(row["type"])] += int(row["minutes"])
    return totals


def is_action_overdue(row: Row, as_of: date) -> bool:
    due = as_date(row.get("due"))
    return due is not None and due < as_of and row.get("status") != "done"


def open_actions(rows: Iterable[Row]) -> list[Row]:
    return [r for r in rows if r.get("action") and r.get("status") != "done"]


def follow_up_due(row: Row, as_of: date) -> bool:
    due = as_date(row.get("follow_up"))
    return due is not None and due <= as_of


def accompanied_share(rows: Sequence[Row]) -> float:
    dated = [r for r in rows if as_date(r.get("date"))]
    return sum(1 for r in dated if r.get("mode") == "accompanied") / len(dated) if dated else 0.0
