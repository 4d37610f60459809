"""Target splitting to reps (目标分解到人): pure, no file I/O.

Every step mirrors one column of the control workbook's split sheet
(``repbook/io/split_sheets.py``), so Excel and Python compute the same numbers.

The rules, in the order they apply to one indicator:

1. **Team total.** Higher-is-better: ``superior x k`` rounded *up* to the unit, so the team
   total is never below ``superior x k`` (k >= 1; k < 1 is refused). Lower-is-better
   (费用控制, a budget): the other way round, ``superior / k`` rounded *down*, so the team
   budget is never above ``superior / k``. A blank superior target: the indicator is not
   split. A negative one is refused. Rates (category 客户满意, or unit ``%``) are not
   summed over reps: every rep carries the superior's rate.
2. **Weights.** Each rep's score blends three shares of the team: history (the average of
   their actuals in the history table), ability (1-5; blank counts 3) and customer
   resources (the sum of star x close probability over their customers), weighted by
   the settings. A rep without history for the indicator (a new hire) counts the
   average history of the reps who have one x ``new_hire_ramp``. A component the whole
   team lacks (no history, no customers) drops out. Weight settings that are all zero
   are refused; reps whose scores are all zero share equally.
3. **Declarations (自报).** A blank declared figure means "not declared", zero declares
   nothing. A declared figure above the rep's computed share (the plain weighted share,
   held within the floor and cap) is kept, rounded up to the unit; for a lower-is-better
   indicator a declared figure *below* the share is kept, rounded down. Declarations
   are the rep's own word, so floors and caps do not bound them.
4. **The rest**, team total minus the kept declarations (never below 0), is spread over
   the other reps in proportion to their weights, each held within their floor (rounded
   up to the unit) and cap (rounded down): the proportional factor is found exactly
   (water filling) from the breakpoints floor/weight and cap/weight. Floors above the
   rest, or caps below it, are refused naming the reps concerned.
5. **Rounding**: each rep gets the whole units of their exact amount, then one more unit
   goes to each of the reps with the largest remainders (ties: roster order) until the
   parts add up to the total exactly. Floors and caps, being multiples of the unit,
   still hold. Like every largest-remainder method this can give a rep *less* when the
   team total grows (the Alabama paradox): amounts are recomputed from the total each
   time, never adjusted from the previous split.
6. **Challenge**: must x (1 + challenge rate); lower-is-better: must x (1 - challenge rate).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from repbook.errors import RepbookError

DEFAULT_ABILITY = 3
PRECISION = 6  # decimals kept for units and breakpoints, the same ROUND(..., 6) in the formulas


class SplitSettingError(RepbookError):
    """A split setting cannot work; names the indicator, the rep and the setting."""

    def __init__(self, message: str, *, setting: str, indicator: str = "", rep: str = "",
                 hint: str | None = None) -> None:
        where = " ".join(p for p in (f"indicator {indicator}" if indicator else "", f"rep {rep}" if rep else "") if p)
        super().__init__(f"{where + ': ' if where else ''}{message} (setting: {setting})", hint=hint)
        self.setting = setting
        self.indicator = indicator
        self.rep = rep


class InfeasibleSplitError(SplitSettingError):
    """Floors or caps that no split can honour."""


@dataclass(frozen=True)
class SplitWeights:
    history: float = 0.5
    ability: float = 0.2
    resources: float = 0.3
    new_hire_ramp: float = 0.6


@dataclass(frozen=True)
class TeamTarget:
    """One indicator as the split reads it."""

    indicator_id: str
    superior_target: float | None
    stretch: float = 1.1
    challenge_rate: float = 0.2
    direction: str = "higher"
    unit: float = 1000.0
    is_rate: bool = False

    @property
    def lower(self) -> bool:
        return self.direction == "lower"


@dataclass(frozen=True)
class RepInput:
    """What the split knows of one rep for one indicator."""

    rep_id: str
    history: float | None = None  # average actual; None: no history (a new hire)
    ability: float | None = None
    resources: float = 0.0  # sum of star x close probability over the rep's customers
    declared: float | None = None
    floor: float | None = None
    cap: float | None = None


@dataclass(frozen=True)
class RepShare:
    rep_id: str
    new_hire: bool
    score: float
    weight: float
    kept_declared: bool
    must: float
    challenge: float


@dataclass(frozen=True)
class RepSplit:
    indicator_id: str
    team_total: float
    shares: tuple[RepShare, ...]

    def must(self, rep_id: str) -> float:
        return next(s.must for s in self.shares if s.rep_id == rep_id)


def units_up(value: float, unit: float) -> float:
    """``value`` rounded up to a multiple of ``unit`` (ROUNDUP(ROUND(value/unit, 6), 0) * unit)."""
    return math.ceil(round(value / unit, PRECISION)) * unit


def units_down(value: float, unit: float) -> float:
    return math.floor(round(value / unit, PRECISION)) * unit


def team_total(target: TeamTarget) -> float:
    """The team's must-achieve for one indicator (rule 1)."""
    sup = _checked_target(target)
    if target.is_rate:
        return sup
    if target.lower:
        return units_down(sup / target.stretch, target.unit)
    return units_up(sup * target.stretch, target.unit)


def blend_scores(reps: Sequence[RepInput], weights: SplitWeights) -> tuple[list[float], list[bool]]:
    """Each rep's score (rule 2) and whether they count as a new hire."""
    new_hire = [r.history is None for r in reps]
    known = [r.history for r in reps if r.history is not None]
    stand_in = (sum(known) / len(known) if known else 0.0) * weights.new_hire_ramp
    history = [r.history if r.history is not None else stand_in for r in reps]
    ability = [float(r.ability) if r.ability is not None else float(DEFAULT_ABILITY) for r in reps]
    resources = [float(r.resources) for r in reps]
    scores = [weights.history * _share(history, i) + weights.ability * _share(ability, i)
              + weights.resources * _share(resources, i) for i in range(len(reps))]
    return scores, new_hire


def split_to_reps(target: TeamTarget, reps: Sequence[RepInput], weights: SplitWeights) -> RepSplit:
    """Split one indicator's team total over ``reps`` (roster order matters for ties)."""
    _check_settings(target, reps, weights)
    total = team_total(target)
    scores, new_hire = blend_scores(reps, weights)
    if target.is_rate:
        return RepSplit(target.indicator_id, total, tuple(
            RepShare(r.rep_id, new_hire[i], scores[i], 1.0, False, total, _challenge(target, total))
            for i, r in enumerate(reps)))
    weight = scores if sum(scores) > 0 else [1.0] * len(reps)
    weight_sum = sum(weight)
    unit = target.unit
    floors = [units_up(r.floor, unit) if r.floor is not None else 0.0 for r in reps]
    caps: list[float | None] = [units_down(r.cap, unit) if r.cap is not None else None for r in reps]
    kept: list[bool] = []
    kept_amount: list[float] = []
    for i, rep in enumerate(reps):
        share = total * weight[i] / weight_sum
        cap = caps[i]
        held = max(floors[i], share if cap is None else min(cap, share))
        declared = rep.declared
        keep = declared is not None and (declared < held if target.lower else declared > held)
        kept.append(keep)
        rounded = units_down if target.lower else units_up
        kept_amount.append(rounded(declared, unit) if keep and declared is not None else 0.0)
    rest = max(0.0, total - sum(kept_amount))
    free = [not k for k in kept]
    w = [weight[i] if free[i] else 0.0 for i in range(len(reps))]
    f = [floors[i] if free[i] else 0.0 for i in range(len(reps))]
    c = [(_or_rest(caps[i], rest)) if free[i] else 0.0 for i in range(len(reps))]
    _check_feasible(target, reps, free, f, c, rest)
    exact = water_fill(rest, w, f, c)
    must = round_to_units([exact[i] if free[i] else kept_amount[i] for i in range(len(reps))], free, rest, unit)
    return RepSplit(target.indicator_id, total, tuple(
        RepShare(r.rep_id, new_hire[i], scores[i], weight[i], kept[i], must[i], _challenge(target, must[i]))
        for i, r in enumerate(reps)))


def water_fill(total: float, weights: Sequence[float], floors: Sequence[float], caps: Sequence[float]) -> list[float]:
    """Amounts ``min(cap, max(floor, lam x weight))`` adding up to ``total`` (a rep of weight 0 gets its floor).

    ``lam`` is found from the breakpoints floor/weight and cap/weight (rounded to 6
    decimals, as in the formulas): the largest breakpoint whose sum stays within the total,
    then linearly on the segment after it.
    """
    lows = [round(floors[i] / weights[i], PRECISION) if weights[i] > 0 else None for i in range(len(weights))]
    highs = [round(caps[i] / weights[i], PRECISION) if weights[i] > 0 else None for i in range(len(weights))]

    def amount_at(b: float) -> float:
        fixed = sum(floors[i] for i in range(len(weights)) if weights[i] == 0)
        at_floor = sum(floors[i] for i, lo in enumerate(lows) if lo is not None and lo >= b)
        at_cap = sum(caps[i] for i, (lo, hi) in enumerate(zip(lows, highs, strict=True))
                     if hi is not None and lo is not None and hi <= b and lo < b)
        free = sum(weights[i] for i, (lo, hi) in enumerate(zip(lows, highs, strict=True))
                   if lo is not None and hi is not None and lo < b < hi)
        return fixed + at_floor + at_cap + b * free

    candidates = [0.0] + [b for b in (*lows, *highs) if b is not None and amount_at(b) <= total]
    best = max(candidates)
    slope = sum(weights[i] for i, (lo, hi) in enumerate(zip(lows, highs, strict=True))
                if lo is not None and hi is not None and lo <= best < hi)
    lam = best if slope == 0 else best + (total - amount_at(best)) / slope
    return [floors[i] if weights[i] == 0 else min(caps[i], max(floors[i], lam * weights[i]))
            for i in range(len(weights))]


def round_to_units(exact: Sequence[float], free: Sequence[bool], rest: float, unit: float) -> list[float]:
    """Largest remainder over the ``free`` parts (the others are kept as they are), summing to ``rest``."""
    units = [round(a / unit, PRECISION) for a in exact]
    whole = [math.floor(q) for q in units]
    remainder = [round(q - n, PRECISION) if free[i] else -1.0 for i, (q, n) in enumerate(zip(units, whole, strict=True))]
    left = round(rest / unit - sum(n for i, n in enumerate(whole) if free[i]))
    order = sorted((i for i in range(len(exact)) if free[i]), key=lambda i: (-remainder[i], i))
    bonus = set(order[:max(0, left)])
    return [(whole[i] + (1 if i in bonus else 0)) * unit if free[i] else exact[i] for i in range(len(exact))]


def _or_rest(cap: float | None, rest: float) -> float:
    """No cap: a rep can at most take the whole rest (the formulas use the same stand-in)."""
    return rest if cap is None else cap


def _share(values: Sequence[float], i: int) -> float:
    total = sum(values)
    return values[i] / total if total > 0 else 0.0


def _challenge(target: TeamTarget, must: float) -> float:
    return must * (1 - target.challenge_rate) if target.lower else must * (1 + target.challenge_rate)


def _checked_target(target: TeamTarget) -> float:
    sup = target.superior_target
    if sup is None or (isinstance(sup, float) and math.isnan(sup)):
        raise SplitSettingError("has no superior target.", setting="superior_target", indicator=target.indicator_id,
                                hint="Type the superior's target on the Indicators sheet, or remove the row.")
    if sup < 0:
        raise SplitSettingError(f"superior target {sup:g} is negative.", setting="superior_target",
                                indicator=target.indicator_id, hint="Targets are 0 or more.")
    return float(sup)


def _check_settings(target: TeamTarget, reps: Sequence[RepInput], weights: SplitWeights) -> None:
    _checked_target(target)
    ind = target.indicator_id
    if target.stretch < 1:
        raise SplitSettingError(f"stretch k = {target.stretch:g} is below 1: the team would split less than "
                                "the superior asked for.", setting="stretch", indicator=ind,
                                hint="Use a stretch of 1 or more (typically 1.05-1.20).")
    if target.unit <= 0:
        raise SplitSettingError("the rounding unit must be above 0.", setting="rounding_unit", indicator=ind,
                                hint="Use e.g. 1000 for money, 1 for counts.")
    parts = {"weight_history": weights.history, "weight_ability": weights.ability,
             "weight_resources": weights.resources, "new_hire_ramp": weights.new_hire_ramp}
    for name, value in parts.items():
        if value < 0:
            raise SplitSettingError(f"{name} is negative.", setting=name, hint="Weights are 0% or more.")
    if weights.history + weights.ability + weights.resources <= 0:
        raise SplitSettingError("the three weights are all zero, so nothing decides the shares.",
                                setting="weight_history, weight_ability, weight_resources",
                                hint="Give at least one weight above 0%, e.g. history 50%, ability 20%, customers 30%.")
    if not reps:
        raise SplitSettingError("no active rep to split to.", setting="roster", indicator=ind,
                                hint="Add reps to the roster and mark them active.")
    for rep in reps:
        if rep.ability is not None and not 1 <= rep.ability <= 5:
            raise SplitSettingError(f"ability score {rep.ability:g} is outside 1-5.", setting="ability",
                                    indicator=ind, rep=rep.rep_id, hint="Score ability from 1 to 5 on the roster.")
        limits: tuple[tuple[str, float | None], ...] = (("declared", rep.declared), ("floor", rep.floor),
                                                        ("cap", rep.cap))
        for name, amount in limits:
            if amount is not None and amount < 0:
                raise SplitSettingError(f"{name} {amount:g} is negative.", setting=name, indicator=ind,
                                        rep=rep.rep_id, hint="Leave it blank or type 0 or more.")
        if rep.floor is not None and rep.cap is not None and units_up(rep.floor, target.unit) > units_down(
                rep.cap, target.unit):
            raise InfeasibleSplitError(f"floor {rep.floor:g} is above cap {rep.cap:g} (in units of "
                                       f"{target.unit:g}).", setting="floor, cap", indicator=ind, rep=rep.rep_id,
                                       hint="Lower the floor or raise the cap on the Rep targets sheet.")


def _check_feasible(target: TeamTarget, reps: Sequence[RepInput], free: Sequence[bool], floors: Sequence[float],
                    caps: Sequence[float], rest: float) -> None:
    tolerance = 1e-9 * max(1.0, rest)
    if sum(floors) > rest + tolerance:
        named = ", ".join(r.rep_id for i, r in enumerate(reps) if free[i] and floors[i] > 0)
        raise InfeasibleSplitError(f"the floors add up to {sum(floors):g}, above the {rest:g} left to split "
                                   f"(floors of {named}).", setting="floor", indicator=target.indicator_id,
                                   rep=named, hint="Lower these floors, or raise the target or the stretch.")
    if free and any(free) and sum(caps) < rest - tolerance:
        named = ", ".join(r.rep_id for i, r in enumerate(reps) if free[i] and r.cap is not None)
        raise InfeasibleSplitError(f"the caps add up to {sum(caps):g}, below the {rest:g} to split "
                                   f"(caps of {named}).", setting="cap", indicator=target.indicator_id,
                                   rep=named, hint="Raise these caps, or remove one.")
