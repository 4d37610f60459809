"""The customer archive's numbers: value type, follow-ups, churn risk, structure by star.

Rows are dicts keyed by the archive's column ids (tblCustomers), choice values as codes.
Every function computes what the workbook's formulas show, so a number on the form can
be checked against it and consolidation can reuse it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from repbook.settings import STAR_RULES

from .activity import amount, as_date

Row = Mapping[str, Any]
# Per star: {"churn_days": closed customers, "churn_days_open": unclosed, "visit_cycle_days": ...}
StarRules = Mapping[int, Mapping[str, Any]]
STARS = (5, 4, 3, 2, 1)

# An unclosed customer goes cold sooner than a buying one forgets us: shorter thresholds.
OPEN_CHURN_DAYS: dict[int, int] = {5: 10, 4: 20, 3: 30, 2: 45, 1: 60}
DEFAULT_STAR_RULES: dict[int, dict[str, int]] = {
    star: {"churn_days": STAR_RULES[star]["churn_days"], "churn_days_open": OPEN_CHURN_DAYS[star],
           "visit_cycle_days": STAR_RULES[star]["visit_cycle_days"]}
    for star in STARS
}
THRESHOLD_KEY = {"closed": "churn_days", "open": "churn_days_open"}


def value_type(contribution: str | None, potential: str | None, loss_making: str | None) -> str | None:
    """肥羊 guard, 驯鹿 watch, 猎狗 nurture, 野兔, and 硕鼠 for a customer that costs more than it brings."""
    if loss_making == "yes":
        return "rat"
    if not contribution or not potential:
        return None
    if contribution == "high":
        return "fat_sheep" if potential == "high" else "reindeer"
    return "hound" if potential == "high" else "hare"


def star_of(value: Any) -> int | None:
    """A star level 1-5 as typed (5 or 5.0), else None."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != int(value):
        return None
    return int(value) if 1 <= value <= 5 else None


def is_overdue(row: Row, as_of: date) -> bool:
    """The agreed next contact date has passed (the red 跟进逾期 flag)."""
    due = as_date(row.get("next_contact"))
    return due is not None and due < as_of


def days_since_contact(row: Row, as_of: date) -> int | None:
    last = as_date(row.get("last_contact"))
    return None if last is None else max(0, (as_of - last).days)


def rules_from_rows(rows: Iterable[Row]) -> dict[int, dict[str, Any]]:
    """Star rules as the Star levels sheet (tblStarRules) holds them, keyed by star."""
    rules: dict[int, dict[str, Any]] = {}
    for row in rows:
        star = star_of(row.get("star"))
        if star is not None and star not in rules:
            rules[star] = dict(row)
    return rules


def churn_threshold(star: Any, status: Any, rules: StarRules = DEFAULT_STAR_RULES) -> float | None:
    """Days without contact a customer of this star and status may go; None when there is no rule."""
    level = star_of(star)
    key = THRESHOLD_KEY.get(str(status))
    if level is None or key is None or level not in rules:
        return None
    days = rules[level].get(key)
    if isinstance(days, bool) or not isinstance(days, (int, float)) or days <= 0:
        return None
    return days


def churn_days(star: int, rules: StarRules = DEFAULT_STAR_RULES, status: str = "closed") -> float | None:
    return churn_threshold(star, status, rules)


def is_churn_risk(row: Row, as_of: date, rules: StarRules = DEFAULT_STAR_RULES) -> bool:
    """Longer without contact than the star level allows for the customer's status (amber)."""
    days = days_since_contact(row, as_of)
    threshold = churn_threshold(row.get("star"), row.get("status"), rules)
    return days is not None and threshold is not None and days > threshold


def named(rows: Iterable[Row]) -> list[Row]:
    """Rows with a customer name: the raw records the summary counts."""
    return [r for r in rows if isinstance(r.get("name"), str) and r["name"] != ""]


def by_star(rows: Iterable[Row], as_of: date | None = None) -> dict[int, dict[str, int]]:
    """Per star (5..1): unclosed, closed, total, expected closes, and overdue when ``as_of`` is given."""
    counts = {s: {"open": 0, "closed": 0, "total": 0, "expected": 0, "overdue": 0} for s in STARS}
    for row in rows:
        star = star_of(row.get("star"))
        if star is None:
            continue
        if row.get("status") in ("open", "closed"):
            counts[star][str(row["status"])] += 1
            counts[star]["total"] += 1
        if row.get("expected_close") == "yes":
            counts[star]["expected"] += 1
        if as_of is not None and is_overdue(row, as_of):
            counts[star]["overdue"] += 1
    return counts


def count_status(rows: Iterable[Row], status: str) -> int:
    return sum(1 for r in rows if r.get("status") == status)


def expected_closes(rows: Iterable[Row]) -> tuple[int, float]:
    """Customers expected to close this period, and their expected amount."""
    chosen = [r for r in rows if r.get("expected_close") == "yes"]
    return len(chosen), sum(amount(r.get("expected_amount")) for r in chosen)


def pipeline_value(rows: Iterable[Row]) -> float:
    """Expected value of the unclosed customers: expected amount x close probability."""
    return sum(amount(r.get("expected_amount")) * amount(r.get("close_probability"))
               for r in rows if r.get("status") == "open")


def overdue(rows: Sequence[Row], as_of: date) -> list[Row]:
    return [r for r in rows if is_overdue(r, as_of)]


def summary(rows: Sequence[Row], as_of: date, rules: StarRules = DEFAULT_STAR_RULES) -> dict[str, float]:
    """The archive's summary fields, keyed by field id (rb_<id> in the workbook)."""
    count, expected_amount = expected_closes(rows)
    return {
        "customers_total": len(named(rows)),
        "open_total": count_status(rows, "open"),
        "closed_total": count_status(rows, "closed"),
        "overdue_total": len(overdue(rows, as_of)),
        "expected_closes": count,
        "expected_amount_total": expected_amount,
        "churn_total": sum(1 for r in rows if is_churn_risk(r, as_of, rules)),
        "pipeline_value": pipeline_value(rows),
    }


def visit_due_date(row: Row, cycles: Mapping[int, int]) -> date | None:
    """When a customer should next be visited: last contact plus its star level's visit cycle."""
    last = as_date(row.get("last_contact"))
    star = row.get("star")
    if last is None or not isinstance(star, int) or star not in cycles:
        return None
    return last + timedelta(days=cycles[star])


def visits_due(rows: Sequence[Row], as_of: date, cycles: Mapping[int, int]) -> list[Row]:
    return [r for r in rows if (due := visit_due_date(r, cycles)) is not None and due <= as_of]


def reclaim_candidates(rows: Sequence[Row], as_of: date, reclaim_days: int) -> list[Row]:
    """No follow-up for longer than the reclaim limit (公海): listed for the manager, never moved."""
    return [r for r in rows if (days := days_since_contact(r, as_of)) is not None and days > reclaim_days]
