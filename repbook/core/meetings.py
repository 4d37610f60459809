"""Counts from meeting minutes (例会记录), ride-along records (随访观察记录) and competitor
reports: the numbers their summary sheets show, computed the way the formulas do.

Rows are dicts keyed by the forms' column ids with choice values as codes. A meeting or
a ride-along is a row with a real date (what the sheets' COUNT counts).
"""

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


def dated(rows: Iterable[Row]) -> list[Row]:
    return [r for r in rows if as_date(r.get("date")) is not None]


# --- meeting minutes --------------------------------------------------------------------

def minutes_by_type(rows: Iterable[Row], codes: Sequence[str]) -> dict[str, int]:
    """Total minutes of the dated meetings of each type."""
    totals = dict.fromkeys(codes, 0)
    for row in dated(rows):
        if row.get("type") in totals and _number(row.get("minutes")):
            totals[str(row["type"])] += int(row["minutes"])
    return totals


def meetings_by_type(rows: Iterable[Row], codes: Sequence[str]) -> dict[str, tuple[int, int]]:
    """Per meeting type: (meetings, total minutes), as the summary's by-type table."""
    held = dated(rows)
    minutes = minutes_by_type(held, codes)
    counts = count_by(held, "type", codes)
    return {code: (counts[code], minutes[code]) for code in codes}


def is_action_overdue(row: Row, as_of: date) -> bool:
    """Overdue: a due date before the as-of day and not done (a blank status is open)."""
    due = as_date(row.get("due"))
    return due is not None and due < as_of and row.get("status") != "done"


def open_actions(rows: Iterable[Row]) -> list[Row]:
    """Action items written down and not done."""
    return [r for r in rows if _text(r.get("action")) and r.get("status") != "done"]


def overdue_actions(rows: Iterable[Row], as_of: date) -> list[Row]:
    return [r for r in rows if is_action_overdue(r, as_of)]


def days_open(row: Row, as_of: date) -> int | None:
    """Days since the meeting that raised an action still not done; None once done."""
    raised = as_date(row.get("meeting_date"))
    if raised is None or row.get("status") == "done":
        return None
    return max(0, (as_of - raised).days)


def meeting_totals(meetings: Iterable[Row], actions: Sequence[Row], as_of: date) -> dict[str, int]:
    """The summary fields: meetings held, their minutes, open and overdue action items."""
    held = dated(meetings)
    return {"meetings_total": len(held),
            "total_minutes": sum(int(r["minutes"]) for r in held if _number(r.get("minutes"))),
            "open_actions": len(open_actions(actions)),
            "overdue_actions": len(overdue_actions(actions, as_of))}


# --- ride-alongs ------------------------------------------------------------------------

def follow_up_due(row: Row, as_of: date) -> bool:
    """Due: the follow-up date has come (the as-of day included) and it is not marked done."""
    due = as_date(row.get("follow_up"))
    return due is not None and due <= as_of and row.get("followed_up") != "yes"


def accompanied_share(rows: Sequence[Row]) -> float | None:
    """Share of ride-alongs where the manager went along (陪同拜访); None without any."""
    held = dated(rows)
    return sum(1 for r in held if r.get("mode") == "accompanied") / len(held) if held else None


def rides_by_mode(rows: Iterable[Row], codes: Sequence[str]) -> dict[str, int]:
    return count_by(dated(rows), "mode", codes)


def ride_totals(rows: Sequence[Row], as_of: date) -> dict[str, Any]:
    """The summary fields: ride-alongs, accompanied share, follow-ups due."""
    return {"ride_alongs_total": len(dated(rows)), "accompanied_share": accompanied_share(rows),
            "follow_ups_due": sum(1 for r in rows if follow_up_due(r, as_of))}


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _text(value: Any) -> bool:
    return isinstance(value, str) and value != ""
