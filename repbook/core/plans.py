"""Plan numbers: completion against time progress, and a target split by working days.

The split is the part of target splitting (issue 3) that a monthly plan needs: a total
spread over weeks or 旬 in proportion to working days, rounded to a unit with the
largest-remainder rule so that the parts add up to the total exactly.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any


def largest_remainder(total: float, weights: Sequence[float], unit: float = 1.0) -> list[float]:
    """Split ``total`` in proportion to ``weights`` in multiples of ``unit``; parts sum to ``total``.

    Each part gets the floor of its exact share; the units left over go, one each, to the
    parts with the largest remainders (ties: the earlier part). ``total`` must be a
    multiple of ``unit``; all-zero weights spread evenly. Like every largest-remainder
    method, a part can shrink when the total grows (the Alabama paradox).
    """
    if unit <= 0:
        raise ValueError("unit must be positive")
    if not weights:
        return []
    if any(w < 0 for w in weights):
        raise ValueError("weights must not be negative")
    units_total = round(total / unit)
    if not math.isclose(units_total * unit, total, rel_tol=0, abs_tol=1e-9 * max(1.0, abs(total))):
        raise ValueError(f"total {total} is not a multiple of the unit {unit}")
    shares = list(weights) if sum(weights) > 0 else [1.0] * len(weights)
    weight_sum = sum(shares)
    exact = [units_total * w / weight_sum for w in shares]
    floors = [math.floor(e) for e in exact]
    left = units_total - sum(floors)
    order = sorted(range(len(exact)), key=lambda i: (-(exact[i] - floors[i]), i))
    for i in order[:left]:
        floors[i] += 1
    return [f * unit for f in floors]


def split_by_working_days(total: float, part_workdays: Sequence[int], unit: float = 1.0) -> list[float]:
    """A target over time parts weighted by their working days; parts sum exactly to ``total``."""
    return largest_remainder(total, [float(d) for d in part_workdays], unit)


def rounding_unit_for(total: float, unit: float) -> float:
    """The unit a split can use: the requested one when the total is a multiple of it, else 1, else 0.01."""
    for candidate in (unit, 1.0, 0.01):
        if candidate > 0 and math.isclose(round(total / candidate) * candidate, total, abs_tol=1e-9):
            return candidate
    return 0.01


def completion(actual: Any, must: Any) -> float | None:
    if not _number(actual) or not _number(must) or must == 0:
        return None
    return float(actual) / float(must)


def is_behind(completion_value: float | None, time_progress: float, direction: str = "higher") -> bool | None:
    """Higher-is-better: behind when completion is below time progress. Lower-is-better
    (expenses): behind when the budget is used faster than time passes."""
    if completion_value is None:
        return None
    if direction == "lower":
        return completion_value > time_progress
    return completion_value < time_progress


def gap(actual: Any, must: Any) -> float | None:
    if not _number(actual) or not _number(must):
        return None
    return float(must) - float(actual)


def financial_completion(rows: Sequence[Mapping[str, Any]]) -> float:
    chosen = [r for r in rows if r.get("category") == "financial" and r.get("direction", "higher") == "higher"]
    must = sum(float(r["must"]) for r in chosen if _number(r.get("must")))
    actual = sum(float(r["actual"]) for r in chosen if _number(r.get("actual")))
    return actual / must if must else 0.0


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
