"""The numbers a review (述职表) shows, and its evaluation rule, written once here and once
as the form's formulas. Nothing here depends on the period's length: a month and a
quarter read the same way, with the time progress of the period given.

Rows are dicts keyed by the review's column ids, choice values as codes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from . import plans

Row = Mapping[str, Any]

# The order the rule is read in: the first action whose condition holds is suggested.
ACTIONS: tuple[str, ...] = ("reassign", "coach", "motivate", "observe", "keep")
LOW_SCORE = 2


def suggested_action(personality: int | None, motivation: int | None, ability: int | None,
                     completion: float | None, time_progress: float) -> str | None:
    """调整 when unfit, 随岗辅导 for low ability, 激励 for low motivation, 进一步观察 when
    fine but behind time progress, else 保持; None until all three scores are given.

    ``completion`` is the average completion over the indicators; None (no completion yet)
    is not behind.
    """
    if personality is None or motivation is None or ability is None:
        return None
    if personality <= LOW_SCORE or (ability <= LOW_SCORE and motivation <= LOW_SCORE):
        return "reassign"
    if ability <= LOW_SCORE:
        return "coach"
    if motivation <= LOW_SCORE:
        return "motivate"
    if completion is not None and completion < time_progress:
        return "observe"
    return "keep"


# --- plan progress ------------------------------------------------------------------------

def progress_line(row: Row, time_progress: float) -> dict[str, Any]:
    """One indicator as the form shows it: completion, time progress and behind (yes/no)."""
    completion = plans.completion(row.get("actual"), row.get("target"))
    behind = plans.is_behind(completion, time_progress)
    return {"completion": completion,
            "time_progress": time_progress if row.get("indicator") else None,
            "behind": None if behind is None else ("yes" if behind else "no")}


def overall_completion(rows: Iterable[Row]) -> float | None:
    """平均完成率: the mean of the indicators' completions; None when none has one."""
    values = [c for c in (plans.completion(r.get("actual"), r.get("target")) for r in rows) if c is not None]
    return sum(values) / len(values) if values else None


def behind_indicators(rows: Iterable[Row], time_progress: float) -> list[str]:
    """The indicators marked amber: completion below time progress."""
    return [str(r.get("indicator")) for r in rows
            if plans.is_behind(plans.completion(r.get("actual"), r.get("target")), time_progress)]


# --- customer base ----------------------------------------------------------------------

def base_change(row: Row) -> int | None:
    """净变化: customers at the end minus at the start; None until the end is counted."""
    end = [plans.as_number(row.get(k)) for k in ("open_end", "closed_end")]
    if all(v is None for v in end):
        return None
    start = [plans.as_number(row.get(k)) for k in ("open_start", "closed_start")]
    return round(sum(v or 0.0 for v in end) - sum(v or 0.0 for v in start))


def trend(change: int | None) -> str | None:
    """上升 / 持平 / 下降 as the choice codes of the ``trend`` list."""
    if change is None:
        return None
    return "up" if change > 0 else "down" if change < 0 else "flat"


def customer_base_lines(rows: Sequence[Row]) -> dict[int, dict[str, Any]]:
    """Per star: the net change and trend the form computes."""
    lines = {}
    for row in rows:
        change = base_change(row)
        lines[int(row["star"])] = {"change": change, "trend": trend(change)}
    return lines


# --- the chain plan -> result -----------------------------------------------------------

def visit_completion(planned: Any, done: Any) -> float | None:
    """拜访完成率 = visits done / planned; None when nothing was planned."""
    return _rate(done, planned)


def conversion(closes: Any, contacts: Any) -> float | None:
    """接触成交率 = closes / contacts; None without contacts."""
    return _rate(closes, contacts)


def chain_rates(fields: Row) -> dict[str, float | None]:
    return {"visit_completion": visit_completion(fields.get("planned_visits"), fields.get("done_visits")),
            "conversion": conversion(fields.get("closes"), fields.get("contacts"))}


def _rate(part: Any, whole: Any) -> float | None:
    # A blank part over a real whole reads as zero, as the spreadsheet does.
    whole_value = plans.as_number(whole)
    if not whole_value:
        return None
    return (plans.as_number(part) or 0.0) / whole_value
