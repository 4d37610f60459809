"""The customer archive's numbers: value type, follow-ups, churn risk, structure by star."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from repbook.settings import STAR_RULES

from .activity import amount, as_date

Row = Mapping[str, Any]
STARS = (5, 4, 3, 2, 1)


def value_type(contribution: str | None, potential: str | None, loss_making: str | None) -> str | None:
    """肥羊 guard, 驯鹿 watch, 猎狗 nurture, 野兔, and 硕鼠 for a customer that costs more than it brings."""
    if loss_making == "yes":
        return "rat"
    if not contribution or not potential:
        return None
    if contribution == "high":
        return "fat_sheep" if potential == "high" else "reindeer"
    return "hound" if potential == "high" else "hare"


def is_overdue(row: Row, as_of: date) -> bool:
    due = as_date(row.get("next_contact"))
    return due is not None and due < as_of


def days_since_contact(row: Row, as_of: date) -> int | None:
    last = as_date(row.get("last_contact"))
    return None if last is None else max(0, (as_of - last).days)


def churn_days(star: int, rules: Mapping[int, Mapping[str, int]] = STAR_RULES) -> int:
    return rules[star]["churn_days"]


def is_churn_risk(row: Row, as_of: date, rules: Mapping[int, Mapping[str, int]] = STAR_RULES) -> bool:
    days = days_since_contact(row, as_of)
    star = row.get("star")
    return days is not None and isinstance(star, int) and star in rules and days > churn_days(star, rules)


def named(rows: Iterable[Row]) -> list[Row]:
    return [r for r in rows if str(r.get("name") or "").strip()]


def by_star(rows: Iterable[Row]) -> dict[int, dict[str, int]]:
    counts = {s: {"open": 0, "closed": 0, "expected": 0} for s in STARS}
    for row in rows:
        star = row.get("star")
        if star not in counts:
            continue
        if row.get("status") in ("open", "closed"):
            counts[star][str(row["status"])] += 1
        if row.get("expected_close") == "yes":
            counts[star]["expected"] += 1
    return counts


def expected_closes(rows: Iterable[Row]) -> tuple[int, float]:
    chosen = [r for r in rows if r.get("expected_close") == "yes"]
    return len(chosen), sum(amount(r.get("expected_amount")) for r in chosen)


def pipeline_value(rows: Iterable[Row]) -> float:
    return sum(amount(r.get("expected_amount")) * amount(r.get("close_probability"))
               for r in rows if r.get("status") == "open")


def overdue(rows: Sequence[Row], as_of: date) -> list[Row]:
    return [r for r in rows if is_overdue(r, as_of)]
