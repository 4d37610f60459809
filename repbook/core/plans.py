"""The numbers a rep reads on the monthly plan (月度工作计划表) and the weekly plan (周工作计划).

Every function mirrors one formula of ``templates/forms/monthly-plan.yaml`` or
``weekly-plan.yaml``; the form tests recalculate the workbooks in LibreOffice and compare.

Rules worth knowing:

- 完成率 completion is ``actual / must`` for every indicator. For a lower-is-better indicator
  (费用控制 expense control) it reads as the share of the budget used, so such an indicator
  is *behind* when it uses the budget faster than time passes (completion above time
  progress), and on target at the month's end when ``actual <= must``. The team master
  (consolidation) applies the same rule.
- 差距 gap is ``must - actual``: what is still to achieve (for an expense: budget left).
- A time split spreads a target over weeks or 旬 in proportion to working days, rounded to
  a unit with the largest-remainder rule, so the parts add up to the total exactly.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from repbook.periods import TimePart

Row = Mapping[str, Any]


# --- splitting a target over time -------------------------------------------------------

def largest_remainder(total: float, weights: Sequence[float], unit: float = 1.0) -> list[float]:
    """Split ``total`` in proportion to ``weights`` in multiples of ``unit``; the parts sum to ``total``.

    Each part gets the floor of its exact share in units; the units left over go, one each,
    to the parts with the largest remainders (ties: the earlier part). When ``total`` is not
    a multiple of ``unit`` the residue (less than one unit) goes to the part with the
    largest weight (ties: the earlier part), so the sum stays exact. All-zero weights
    spread evenly. Like every largest-remainder method, a part can shrink when the total
    grows (the Alabama paradox): parts are recomputed from the total, never adjusted.
    """
    if unit <= 0:
        raise ValueError("unit must be positive")
    if total < 0:
        raise ValueError("total must not be negative")
    if not weights:
        return []
    if any(w < 0 for w in weights):
        raise ValueError("weights must not be negative")
    unit_d = Decimal(str(unit))
    total_d = Decimal(str(total))
    units_total = int(total_d // unit_d)
    residue = total_d - units_total * unit_d
    shares = [float(w) for w in weights] if sum(weights) > 0 else [1.0] * len(weights)
    weight_sum = sum(shares)
    exact = [units_total * w / weight_sum for w in shares]
    floors = [math.floor(e) for e in exact]
    left = units_total - sum(floors)
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    parts = [Decimal(n) * unit_d for n in floors]
    if residue:
        biggest = max(range(len(shares)), key=lambda i: (shares[i], -i))
        parts[biggest] += residue
    return [float(p) for p in parts]


def split_by_working_days(total: float, part_workdays: Sequence[int], unit: float = 1.0) -> list[float]:
    """A target over time parts weighted by their working days; the parts sum exactly to ``total``.

    A part without working days (the National Day week) gets nothing unless no part has
    any, then the total is spread evenly.
    """
    return largest_remainder(total, [float(d) for d in part_workdays], unit)


def rounding_unit_for(total: float, unit: float) -> float:
    """The unit a split can use: the requested one when the total is a multiple of it, else 1, else 0.01."""
    for candidate in (unit, 1.0, 0.01):
        if candidate > 0 and math.isclose(round(total / candidate) * candidate, total, abs_tol=1e-9):
            return candidate
    return 0.01


def part_kind(part: TimePart) -> str:
    """The ``part_kind`` choice code of a time part: ``week`` or ``dekad1``..``dekad3`` (上/中/下旬)."""
    month_end = (part.start.replace(day=28) + timedelta(days=4)).replace(day=1) - timedelta(days=1)
    if part.start.day == 1 and part.end.day == 10:
        return "dekad1"
    if part.start.day == 11 and part.end.day == 20:
        return "dekad2"
    if part.start.day == 21 and part.end == month_end:
        return "dekad3"
    return "week"


def split_sums(split_rows: Iterable[Row]) -> dict[str, float]:
    """分解合计: per indicator, the targets of its time parts added up."""
    parts: dict[str, list[float]] = {}
    for row in split_rows:
        name = row.get("indicator")
        if name and _number(row.get("target")):
            parts.setdefault(str(name), []).append(float(row["target"]))
    return {name: math.fsum(values) for name, values in parts.items()}


# --- the monthly plan -------------------------------------------------------------------

def time_progress(workdays_elapsed: int, workdays_total: int) -> float:
    """时间进度: working days elapsed over the period's working days (0 without working days)."""
    return workdays_elapsed / workdays_total if workdays_total else 0.0


def challenge(must: Any, challenge_rate: Any, direction: Any = None) -> float | None:
    """挑战目标 = must x (1 + challenge rate), or x (1 - rate) where lower is better (a
    cost budget is stretched by spending less); a blank rate means no stretch."""
    if not _number(must):
        return None
    rate = float(challenge_rate) if _number(challenge_rate) else 0.0
    return float(must) * (1 - rate if direction == "lower" else 1 + rate)


def is_rate_indicator(category: Any, unit: Any) -> bool:
    """A rate (满意度, a % unit) is measured over the whole period, not accumulated: it is
    never split across weeks or 旬, and never added up."""
    return category == "satisfaction" or str(unit or "").strip() == "%"


def completion(actual: Any, must: Any) -> float | None:
    """完成率 = actual / must; None (blank) when either is blank or must is 0."""
    if not _number(actual) or not _number(must) or must == 0:
        return None
    return float(actual) / float(must)


def is_behind(completion_value: float | None, time_progress_value: float, direction: str | None = "higher") -> bool | None:
    """Higher-is-better: behind when completion is below time progress. Lower-is-better
    (expenses): behind when the budget is used faster than time passes."""
    if completion_value is None:
        return None
    if direction == "lower":
        return completion_value > time_progress_value
    return completion_value < time_progress_value


def gap(actual: Any, must: Any) -> float | None:
    """差距 = must - actual (blank when either is blank)."""
    if not _number(actual) or not _number(must):
        return None
    return float(must) - float(actual)


def target_line(row: Row, time_progress_value: float, sums: Mapping[str, float]) -> dict[str, Any]:
    """One row of 指标与目标 as a person reads it: the input plus every computed column."""
    name = row.get("indicator")
    done = completion(row.get("actual"), row.get("must"))
    return {
        **row,
        "challenge": challenge(row.get("must"), row.get("challenge_rate"), row.get("direction")),
        "completion": done,
        "time_progress": time_progress_value if name else None,
        "gap": gap(row.get("actual"), row.get("must")),
        "behind": is_behind(done, time_progress_value, row.get("direction")),
        "split_sum": sums.get(str(name)) if name else None,  # blank when the indicator has no parts (a rate)
    }


def split_differs(line: Row) -> bool:
    """The red 分解合计 check: the parts of an indicator do not add up to its must."""
    must, total = as_number(line.get("must")), as_number(line.get("split_sum"))
    return must is not None and total is not None and round(total - must, 2) != 0


def behind_count(rows: Iterable[Row], time_progress_value: float) -> int:
    return sum(1 for r in rows
               if is_behind(completion(r.get("actual"), r.get("must")), time_progress_value, r.get("direction")))


def indicators_count(rows: Iterable[Row]) -> int:
    return sum(1 for r in rows if isinstance(r.get("indicator"), str) and r["indicator"].strip())


def financial_completion(rows: Sequence[Row]) -> float | None:
    """财务完成率: actuals over musts of the higher-is-better financial indicators; blank (None)
    when there is no such indicator or none of them has an actual yet."""
    chosen = [r for r in rows if r.get("category") == "financial" and (r.get("direction") or "higher") == "higher"]
    if not any(_number(r.get("actual")) for r in chosen):
        return None
    must = sum(float(r["must"]) for r in chosen if _number(r.get("must")))
    actual = sum(float(r["actual"]) for r in chosen if _number(r.get("actual")))
    return actual / must if must else None


def key_customers_expected(rows: Iterable[Row]) -> float:
    return sum(float(r["expected_amount"]) for r in rows if _number(r.get("expected_amount")))


def plan_totals(targets: Sequence[Row], key_customers: Iterable[Row], time_progress_value: float) -> dict[str, Any]:
    """本月概览 on the monthly plan."""
    return {
        "indicators_count": indicators_count(targets),
        "behind_count": behind_count(targets, time_progress_value),
        "financial_completion": financial_completion(targets),
        "key_customers_expected": key_customers_expected(key_customers),
    }


def last_month_done(target: Any, actual: Any, direction: str | None = "higher") -> bool | None:
    """上月是否完成: actual reached the target (for lower-is-better: stayed within it)."""
    if not _number(target) or not _number(actual):
        return None
    return float(actual) <= float(target) if direction == "lower" else float(actual) >= float(target)


# --- the weekly plan --------------------------------------------------------------------

def iso_week_code(day: date) -> str:
    """The ISO week of ``day`` as the weekly plan writes it: ``2026-W41``."""
    iso = day.isocalendar()
    return f"{iso.year}-W{iso.week:02d}"


def date_outside_week(week: Any, day: Any) -> bool:
    """A visit dated outside the week it was planned in (the red 日期所在周 check)."""
    if not week or not isinstance(day, date):
        return False
    return iso_week_code(day) != str(week).strip()


def planned_visits(visits: Iterable[Row], week: str | None = None) -> int:
    """Planned visits: rows with a customer (in ``week`` when given)."""
    return sum(1 for v in visits if _text(v.get("customer")) and (week is None or v.get("week") == week))


def done_visits(visits: Iterable[Row], week: str | None = None) -> int:
    return sum(1 for v in visits if v.get("done") == "yes" and (week is None or v.get("week") == week))


def ratio(part: Any, whole: Any) -> float | None:
    """part / whole, None (blank) when either is blank or the whole is 0."""
    if not _number(part) or not _number(whole) or whole == 0:
        return None
    return float(part) / float(whole)


def unreported_visits(visits: Iterable[Row], as_of: date) -> int:
    """Visits dated before today with nothing entered under 是否完成 (come back with a report)."""
    return sum(1 for v in visits if isinstance(v.get("date"), date) and v["date"] < as_of and not v.get("done"))


def week_line(week: Row, visits: Sequence[Row], as_of: date) -> dict[str, Any]:
    """One row of 每周汇总 as a person reads it; ``behind`` is the amber flag of a finished week."""
    code = str(week.get("week"))
    planned, done = planned_visits(visits, code), done_visits(visits, code)
    target_visits, target_amount, actual_amount = (as_number(week.get(k)) for k in ("target_visits", "target_amount", "actual_amount"))
    over = isinstance(week.get("end"), date) and week["end"] <= as_of
    behind_visits = over and target_visits is not None and done < target_visits
    behind_amount = over and target_amount is not None and actual_amount is not None and actual_amount < target_amount
    return {
        **week,
        "planned": planned,
        "done": done,
        "done_rate": ratio(done, planned),
        "visit_completion": ratio(done, target_visits),
        "amount_completion": ratio(actual_amount, target_amount),
        "behind": bool(behind_visits or behind_amount),
    }


def month_totals(visits: Sequence[Row], weeks: Sequence[Row], as_of: date) -> dict[str, Any]:
    """本月合计 on the weekly summary."""
    planned, done = planned_visits(visits), done_visits(visits)
    target_amount = sum(float(w["target_amount"]) for w in weeks if _number(w.get("target_amount")))
    amounts = [float(w["actual_amount"]) for w in weeks if _number(w.get("actual_amount"))]
    return {
        "planned_total": planned,
        "done_total": done,
        "done_rate": ratio(done, planned),
        "unreported_total": unreported_visits(visits, as_of),
        "target_visits_total": sum(int(w["target_visits"]) for w in weeks if _number(w.get("target_visits"))),
        "target_amount_total": target_amount,
        "actual_amount_total": sum(amounts),
        "amount_completion_total": ratio(sum(amounts), target_amount) if amounts else None,
    }


def visits_due_in_period(stars: Iterable[Any], cycles: Mapping[int, int], days: int) -> int:
    """Visits a rep's customers need in ``days`` calendar days by their star's visit cycle."""
    due = 0.0
    for star in stars:
        cycle = cycles.get(int(star)) if _number(star) else None
        if cycle:
            due += days / cycle
    return round(due)


def as_number(value: Any) -> float | None:
    """A cell's number, or None for blanks, text and booleans."""
    return float(value) if _number(value) else None


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())
