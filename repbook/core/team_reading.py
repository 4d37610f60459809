"""The team reading: a heuristic from measured signals, written once here and once as formulas.

Signals: the pace of the main indicator against its history, the spread of completion
between reps, the share of reps behind time progress, overdue follow-ups per rep and
turnover. The thresholds are starting points for a manager's judgement, not a verdict.
"""

from __future__ import annotations

from dataclasses import dataclass

COLLAPSE_TREND = -0.10
COLLAPSE_BEHIND = 0.60
COLLAPSE_TURNOVER = 0.25
CHAOS_SPREAD = 0.50
CHAOS_OVERDUE = 8.0
GROWTH_TREND = 0.05
GROWTH_BEHIND = 0.30

FOCUS = {"collapse": "focus_meetings", "chaotic": "focus_forms", "steady": "focus_forms", "growth": "focus_reviews"}


@dataclass(frozen=True)
class Signals:
    trend: float | None  # pace of this period against the average of earlier ones, -0.1 = 10% down
    spread: float  # best minus worst completion of the main indicator
    behind_share: float  # share of reps behind time progress on it
    overdue_per_rep: float
    turnover: float  # share of reps new or gone in the period


def team_stage(s: Signals) -> str:
    trend = s.trend if s.trend is not None else 0.0
    if (trend <= COLLAPSE_TREND and s.behind_share >= COLLAPSE_BEHIND) or s.turnover >= COLLAPSE_TURNOVER:
        return "collapse"
    if s.spread >= CHAOS_SPREAD or s.overdue_per_rep >= CHAOS_OVERDUE:
        return "chaotic"
    if trend >= GROWTH_TREND and s.behind_share <= GROWTH_BEHIND:
        return "growth"
    return "steady"
