"""Splitting a team's targets to reps, weeks or 旬, customers and events: the rules a manager relies on."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from repbook.core.split import (
    InfeasibleSplitError,
    RepInput,
    SplitSettingError,
    SplitWeights,
    TeamTarget,
    round_to_units,
    split_to_reps,
)
from repbook.core.split_customers import CustomerInput, EventInput, event_amount, split_to_customers
from repbook.core.split_time import split_amount, split_to_time
from repbook.periods import parse_period
from repbook.workdays import CalendarDay, build_calendar

WEIGHTS = SplitWeights(0.5, 0.2, 0.3, 0.6)
money = st.floats(min_value=0, max_value=5e6, allow_nan=False).map(lambda x: round(x, 2))


@st.composite
def teams(draw: st.DrawFn, with_limits: bool = False) -> tuple[TeamTarget, list[RepInput]]:
    n = draw(st.integers(1, 12))
    reps = [RepInput(f"R{i:02d}", draw(st.none() | money), draw(st.none() | st.integers(1, 5)),
                     draw(st.floats(0, 40).map(lambda x: round(x, 2))),
                     floor=draw(st.none() | st.floats(0, 2e5)) if with_limits else None,
                     cap=draw(st.none() | st.floats(1e5, 9e5)) if with_limits else None) for i in range(n)]
    target = TeamTarget("SALES", draw(money), draw(st.floats(1, 1.3)), 0.2, "higher",
                        draw(st.sampled_from([1.0, 100.0, 1000.0])))
    return target, reps


@settings(max_examples=200, deadline=None)
@given(teams())
def test_parts_add_up_exactly_to_a_team_total_at_least_the_superior_target_times_k(team: tuple[TeamTarget, list[RepInput]]) -> None:
    target, reps = team
    split = split_to_reps(target, reps, WEIGHTS)
    assert sum(s.must for s in split.shares) == split.team_total
    assert split.team_total >= target.superior_target * target.stretch - 1e-6  # type: ignore[operator]
    assert all(s.must % target.unit == 0 for s in split.shares)


@settings(max_examples=200, deadline=None)
@given(teams(with_limits=True))
def test_floors_and_caps_hold_whenever_they_can(team: tuple[TeamTarget, list[RepInput]]) -> None:
    target, reps = team
    try:
        split = split_to_reps(target, reps, WEIGHTS)
    except InfeasibleSplitError:
        return
    assert sum(s.must for s in split.shares) == split.team_total
    for rep, share in zip(reps, split.shares, strict=True):
        if rep.floor is not None:
            assert share.must >= rep.floor - 1e-6
        if rep.cap is not None:
            assert share.must <= rep.cap + 1e-6


@settings(max_examples=150, deadline=None)
@given(teams(), st.integers(0, 11), st.sampled_from(["history", "ability", "resources"]), st.floats(1.01, 3))
def test_more_history_ability_or_customers_never_gives_a_smaller_share(
        team: tuple[TeamTarget, list[RepInput]], who: int, what: str, factor: float) -> None:
    target, reps = team
    assume(who < len(reps))
    rep = reps[who]
    better = {"history": dict(history=(rep.history or 0) * factor + 1000),
              "ability": dict(ability=min(5, (rep.ability or 3) + 1)),
              "resources": dict(resources=rep.resources * factor + 1)}[what]
    # A component the whole team lacks drops out of the blend (rule 2), so the first history or
    # the first customer anywhere changes the blend itself: monotone once the component is there.
    if what == "history":
        assume(rep.history is not None and sum(r.history or 0 for r in reps) > 0)
    if what == "resources":
        assume(sum(r.resources for r in reps) > 0)
    before = split_to_reps(target, reps, WEIGHTS)
    after = split_to_reps(target, [*reps[:who], RepInput(**{**rep.__dict__, **better}), *reps[who + 1:]], WEIGHTS)
    # Rounding moves a part by at most one unit; the exact share itself never drops.
    assert after.shares[who].weight / sum(s.weight for s in after.shares) >= \
        before.shares[who].weight / sum(s.weight for s in before.shares) - 1e-12
    assert after.shares[who].must >= before.shares[who].must - target.unit


def test_a_worked_split_of_sales_to_three_reps() -> None:
    # 1,000,000 x 1.1 = 1,100,000; weights: history only, 2:1:1 -> 550,000 / 275,000 / 275,000.
    target = TeamTarget("SALES", 1_000_000, 1.1, 0.2, "higher", 1000)
    reps = [RepInput("A", 200.0), RepInput("B", 100.0), RepInput("C", 100.0)]
    split = split_to_reps(target, reps, SplitWeights(1, 0, 0, 0.6))
    assert split.team_total == 1_100_000  # not 1,101,000: 1e6 x 1.1 is 1100000.0000000002 in floating point
    assert [s.must for s in split.shares] == [550_000, 275_000, 275_000]
    assert [s.challenge for s in split.shares] == pytest.approx([660_000, 330_000, 330_000])


def test_a_new_hire_counts_the_teams_average_history_times_the_ramp() -> None:
    target = TeamTarget("SALES", 100_000, 1.0, 0.2, "higher", 100)
    split = split_to_reps(target, [RepInput("A", 100.0), RepInput("B", 300.0), RepInput("NEW")],
                          SplitWeights(1, 0, 0, 0.5))
    # NEW counts 200 x 50% = 100: shares 100:300:100.
    assert [s.must for s in split.shares] == [20_000, 60_000, 20_000]
    assert [s.new_hire for s in split.shares] == [False, False, True]


def test_a_declaration_above_the_share_is_kept_and_the_rest_spread_by_weight() -> None:
    target = TeamTarget("SALES", 90_000, 1.0, 0.2, "higher", 1000)
    reps = [RepInput("A", 1.0, declared=50_500), RepInput("B", 1.0, declared=0.0), RepInput("C", 1.0)]
    split = split_to_reps(target, reps, SplitWeights(1, 0, 0, 0.6))
    # A declared above 30,000: kept, rounded up to 51,000. B declared 0 (not blank): not above its share.
    # The rest, 39,000, halves to 19,500 each: the unit left goes to B (tie: roster order).
    assert [s.must for s in split.shares] == [51_000, 20_000, 19_000]
    assert sum(s.must for s in split.shares) == 90_000
    assert [s.kept_declared for s in split.shares] == [True, False, False]


def test_an_expense_budget_splits_the_other_way_round() -> None:
    target = TeamTarget("EXPENSE", 110_000, 1.1, 0.2, "lower", 1000)
    reps = [RepInput("A", 1.0, declared=20_400), RepInput("B", 1.0), RepInput("C", 1.0, declared=90_000)]
    split = split_to_reps(target, reps, SplitWeights(1, 0, 0, 0.6))
    assert split.team_total == 100_000  # 110,000 / 1.1, rounded down: a tighter budget
    # A volunteers a smaller budget (kept, rounded down); C's larger one is not kept.
    assert [s.must for s in split.shares] == [20_000, 40_000, 40_000]
    assert split.shares[0].challenge == pytest.approx(16_000)  # must x (1 - 20%)


def test_all_zero_scores_split_evenly_and_rates_are_not_summed() -> None:
    even = split_to_reps(TeamTarget("V", 300, 1.0, 0, "higher", 1), [RepInput("A"), RepInput("B"), RepInput("C")],
                         SplitWeights(1, 0, 0, 0.6))
    assert [s.must for s in even.shares] == [100, 100, 100]
    rate = split_to_reps(TeamTarget("SAT", 0.92, 1.1, 0, "higher", 1, is_rate=True), [RepInput("A"), RepInput("B")],
                         WEIGHTS)
    assert [s.must for s in rate.shares] == [0.92, 0.92]


@pytest.mark.parametrize(("target", "reps", "weights", "setting", "rep"), [
    (TeamTarget("S", 1000, 0.9), [RepInput("A")], WEIGHTS, "stretch", ""),
    (TeamTarget("S", -5, 1.1), [RepInput("A")], WEIGHTS, "superior_target", ""),
    (TeamTarget("S", None, 1.1), [RepInput("A")], WEIGHTS, "superior_target", ""),
    (TeamTarget("S", 1000, 1.1), [RepInput("A")], SplitWeights(0, 0, 0, 0.6), "weight_history", ""),
    (TeamTarget("S", 1000, 1.1), [RepInput("A", ability=7)], WEIGHTS, "ability", "A"),
    (TeamTarget("S", 10_000, 1.0, unit=1000), [RepInput("A", floor=8000), RepInput("B", floor=5000)], WEIGHTS,
     "floor", "A, B"),
    (TeamTarget("S", 10_000, 1.0, unit=1000), [RepInput("A", cap=3000), RepInput("B", cap=4000)], WEIGHTS,
     "cap", "A, B"),
    (TeamTarget("S", 10_000, 1.0, unit=1000), [RepInput("A", floor=5000, cap=4000)], WEIGHTS, "floor, cap", "A"),
])
def test_a_split_that_cannot_work_names_the_rep_and_the_setting(
        target: TeamTarget, reps: list[RepInput], weights: SplitWeights, setting: str, rep: str) -> None:
    with pytest.raises(SplitSettingError) as caught:
        split_to_reps(target, reps, weights)
    assert setting in caught.value.setting
    assert caught.value.rep == rep
    assert caught.value.hint


def test_the_alabama_paradox_a_larger_total_can_give_a_rep_less() -> None:
    """Largest remainder recomputes parts from the total: one more unit can cost a part one."""
    weights = [1.0, 3.0, 3.0]
    # 10 units: exact 1.43 / 4.29 / 4.29 -> 1, 4, 4 + the unit left to the largest remainder (the first).
    assert split_amount(10_000, weights, 1000) == [2000, 4000, 4000]
    # 11 units: exact 1.57 / 4.71 / 4.71 -> 1, 4, 4 + two units to the two largest (the second and third).
    assert split_amount(11_000, weights, 1000) == [1000, 5000, 5000]
    # The same rule over reps: the first rep loses 1,000 when the team total rises by 1,000.
    reps = [RepInput("A", 1.0), RepInput("B", 3.0), RepInput("C", 3.0)]
    only_history = SplitWeights(1, 0, 0, 0.6)
    assert split_to_reps(TeamTarget("S", 10_000, 1.0, unit=1000), reps, only_history).must("A") == 2000
    assert split_to_reps(TeamTarget("S", 11_000, 1.0, unit=1000), reps, only_history).must("A") == 1000
    assert round_to_units([1.0, 2.5, 2.5], [True] * 3, 6, 1) == [1, 3, 2]  # ties: roster order


def test_october_2026_by_dekad_skips_the_national_day_holiday() -> None:
    period = parse_period("2026-10")
    calendar = build_calendar(period.start, period.end)
    parts = split_to_time(100_000, period, "dekad", calendar, 1000)
    # 上旬: 1-7 National Day off; 8 Thu, 9 Fri and 10 Sat (调休 make-up day) work -> 3 days.
    # 中旬: 12-16 and 19-20 -> 7 days. 下旬: 21-23 and 26-30 -> 8 days. 18 in all.
    assert [p.working_days for p in parts] == [3, 7, 8]
    # 100 units x 3/18, 7/18, 8/18 = 16.67, 38.89, 44.44 -> 16, 38, 44 and the two units left
    # go to the largest remainders (.89 then .67).
    assert [p.target for p in parts] == [17_000, 39_000, 44_000]


@settings(max_examples=100, deadline=None)
@given(st.integers(0, 500).map(lambda n: n * 1000.0), st.sampled_from(["2026-10", "2026-02", "2027-05"]),
       st.sampled_from(["week", "dekad"]))
def test_time_parts_add_up_and_follow_working_days(total: float, code: str, mode: str) -> None:
    period = parse_period(code)
    calendar = build_calendar(period.start, period.end)
    parts = split_to_time(total, period, mode, calendar, 1000)  # type: ignore[arg-type]
    assert sum(p.target for p in parts) == total
    days = sum(p.working_days for p in parts)
    for p in parts:
        assert abs(p.target - total * p.working_days / days) < 1000 + 1e-6


@settings(max_examples=60, deadline=None)
@given(st.integers(1, 28))
def test_marking_a_day_off_on_the_calendar_moves_target_out_of_its_part(day: int) -> None:
    period = parse_period("2027-03")  # a year the package does not know: Monday-Friday plus the manager's marks
    plain = build_calendar(period.start, period.end)
    marked_day = date(2027, 3, day)
    assume(plain.is_workday(marked_day))
    marked = build_calendar(period.start, period.end, [CalendarDay(marked_day, "holiday", "manager")])
    before = split_to_time(200_000, period, "dekad", plain, 1000)
    after = split_to_time(200_000, period, "dekad", marked, 1000)
    hit = (day - 1) // 10 if day <= 20 else 2
    assert after[hit].working_days == before[hit].working_days - 1
    assert after[hit].target <= before[hit].target
    assert sum(p.target for p in after) == 200_000


def test_seasonality_weights_must_total_100_percent() -> None:
    period = parse_period("2026-11")
    calendar = build_calendar(period.start, period.end)
    with pytest.raises(SplitSettingError, match="seasonality"):
        split_to_time(90_000, period, "dekad", calendar, 1000, {1: 0.5, 2: 0.3, 3: 0.1})
    parts = split_to_time(90_000, period, "dekad", calendar, 1000, {1: 0.5, 2: 0.3, 3: 0.2})
    assert sum(p.target for p in parts) == 90_000
    assert parts[0].target > parts[2].target


def test_customers_cover_part_of_the_target_and_the_gap_shows_the_rest() -> None:
    split = split_to_customers(100_000, [CustomerInput("C1", "甲", 5, 0.8), CustomerInput("C2", "乙", 3, 0.5),
                                         CustomerInput("C3", "丙", 2, None)])
    assert [c.allotted for c in split.customers] == [50_000, 30_000, 20_000]
    assert split.expected == pytest.approx(40_000 + 15_000)
    assert split.gap == pytest.approx(45_000)


def test_an_event_brings_invitees_times_attendance_times_conversion_times_average_order() -> None:
    assert event_amount(EventInput("品鉴会", 200, 0.6, 0.25, 3000)) == pytest.approx(90_000)
