"""A rep's monthly plan: completion, time progress, gap, behind flags and the time split a
person reads equal the Python computation, after a real spreadsheet engine recalculated them."""

from __future__ import annotations

import random
from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from repbook.core import plans
from repbook.demo.team import make_team
from repbook.forms import SampleInput, prefill_rows, sample_rows
from repbook.forms.monthly_plan import split_rows
from repbook.generators.context import FormContext, RepInfo
from repbook.generators.workbook import build_workbook
from repbook.io.workbook_reader import RepbookWorkbook
from repbook.model import Customer, Rep
from repbook.periods import SplitMode, parse_period, time_parts
from repbook.spec import load_spec
from repbook.workdays import build_calendar
from tests.support.libreoffice import LibreOffice
from tests.support.workbooks import assert_no_error_values

PERIOD = parse_period("2026-10")  # National Day 1-7 Oct, Saturday 10 Oct a make-up workday
AS_OF = date(2026, 10, 21)
CALENDAR = build_calendar(PERIOD.start, PERIOD.end)
SPEC = load_spec("monthly-plan")

TARGETS: list[dict[str, Any]] = [
    {"indicator_id": "SALES", "category": "financial", "name": "销售额", "unit": "元", "direction": "higher",
     "must": 100000, "challenge_rate": 0.2},
    {"indicator_id": "COLLECT", "category": "financial", "name": "回款", "unit": "元", "direction": "higher",
     "must": 80000, "challenge_rate": 0.1},
    {"indicator_id": "EXPENSE", "category": "financial", "name": "费用控制", "unit": "元", "direction": "lower",
     "must": 18000, "challenge_rate": None},
    {"indicator_id": "NEWCUST", "category": "growth", "name": "新增客户数", "unit": "家", "direction": "higher",
     "must": 4, "challenge_rate": 0.25},
    {"indicator_id": "VISITS", "category": "actions", "name": "拜访次数", "unit": "次", "direction": "higher",
     "must": 90, "challenge_rate": 0.2},
    {"indicator_id": "TRAVEL", "category": "financial", "name": "差旅费", "unit": "元", "direction": "lower",
     "must": 5000, "challenge_rate": 0.1},
    {"indicator_id": "SATISF", "category": "satisfaction", "name": "客户满意度", "unit": "%", "direction": "higher",
     "must": 0.9, "challenge_rate": 0.05},
]
ACTUALS = {"销售额": 50000, "回款": 60000, "费用控制": 12000, "拜访次数": 60}  # 新增客户数 not reported yet
REASONS = {"销售额": "重点客户订单推迟到下月", "费用控制": "展会费用集中在上半月"}


def hand_rows() -> dict[str, list[dict[str, Any]]]:
    targets = [{"indicator_id": t["indicator_id"], "category": t["category"], "indicator": t["name"],
                "unit": t["unit"], "direction": t["direction"], "must": t["must"], "challenge_rate": t["challenge_rate"],
                "actual": ACTUALS.get(t["name"]), "reason": REASONS.get(t["name"])} for t in TARGETS]
    split = split_rows(TARGETS, PERIOD, CALENDAR, "dekad", 1000)
    for row in split:
        if row["indicator"] == "销售额" and row["part"] == "2026-10-D1":
            row["actual"] = 20000
        if row["indicator"] == "回款" and row["part"] == "2026-10-D3":
            row["target"] = 35000  # typed over the manager's 36000: the parts no longer add up
    key_customers = [
        {"customer": "杭州华联超市", "star": 5, "stage": "negotiation", "goal": "本月签单", "measures": "约采购总监面谈",
         "expected_amount": 30000, "expected_date": date(2026, 10, 28)},
        {"customer": "宁波四明商贸", "star": 4, "stage": "proposal", "goal": "确定试用订单", "measures": "带样品上门",
         "expected_amount": 45000, "expected_date": date(2026, 10, 23)},
    ]
    measures = [{"seq": 1, "measure": "每周三集中拜访重点客户", "owner": "王芳", "deadline": date(2026, 10, 31),
                 "status": "doing"}]
    last_month = [
        {"indicator": "销售额", "direction": "higher", "target": 90000, "actual": 95000},
        {"indicator": "费用控制", "direction": "lower", "target": 18000, "actual": 19500, "reason": "参加行业展会"},
        {"indicator": "回款", "direction": "higher", "target": 80000},
    ]
    return {"targets": targets, "time_split": split, "key_customers": key_customers, "measures": measures,
            "last_month": last_month}


def customers() -> list[Customer]:
    return [Customer(f"C{i:03d}", f"客户{i}", "R07", star=1 + i % 5, area="杭州") for i in range(20)]


def sampled(split_mode: SplitMode = "week", targets: tuple[dict[str, Any], ...] = tuple(TARGETS),
            seed: int = 7) -> dict[str, list[dict[str, Any]]]:
    s = SampleInput(rep=Rep("R07", "王芳", ability=4), period=PERIOD, calendar=CALENDAR, customers=customers(),
                    as_of=AS_OF, rng=random.Random(seed), split_mode=split_mode, rep_targets=targets)
    return sample_rows("monthly-plan", s)


def prefilled() -> dict[str, list[dict[str, Any]]]:
    team = make_team(PERIOD)
    return prefill_rows("monthly-plan", team, team.reps[0], PERIOD, "week")


def context(rows: dict[str, list[dict[str, Any]]], locale: str = "zh-CN", split_mode: SplitMode = "dekad") -> FormContext:
    return FormContext(spec=SPEC, period=PERIOD, rep=RepInfo("R07", "王芳", "华东区"), calendar=CALENDAR,
                       locale=locale, split_mode=split_mode, rows=rows,
                       options={"customers": ["杭州华联超市", "宁波四明商贸"]}, as_of=AS_OF)


CASES: dict[str, tuple[Any, str, SplitMode]] = {
    "hand": (hand_rows, "zh-CN", "dekad"),
    "sample": (sampled, "zh-CN", "week"),
    "invented": (lambda: sampled("dekad", (), seed=11), "zh-CN", "dekad"),
    "prefill": (prefilled, "zh-CN", "week"),
    "zh-TW": (hand_rows, "zh-TW", "dekad"),
    "en": (hand_rows, "en", "dekad"),
}


@pytest.fixture(scope="module")
def books(libreoffice: LibreOffice, tmp_path_factory: pytest.TempPathFactory) -> dict[str, RepbookWorkbook]:
    folder = tmp_path_factory.mktemp("monthly-plan")
    paths = [build_workbook(context(make(), loc, mode), folder / f"{name}.xlsx") for name, (make, loc, mode) in CASES.items()]
    return {name: RepbookWorkbook(path) for name, path in zip(CASES, libreoffice.recalculate(paths), strict=True)}


def shown(book: RepbookWorkbook, table: str) -> list[dict[str, Any]]:
    return book.table_rows(SPEC.table(table), coded=True)


def progress() -> float:
    return plans.time_progress(CALENDAR.working_days(PERIOD.start, AS_OF), CALENDAR.working_days(PERIOD.start, PERIOD.end))


def test_no_cell_shows_an_error_value(books: dict[str, RepbookWorkbook]) -> None:
    assert_no_error_values(books)


def test_time_progress_counts_the_make_up_saturday(books: dict[str, RepbookWorkbook]) -> None:
    # Working days 8, 9, 10 (make-up Saturday), 12-16, 19-21 elapsed of 18 in the month.
    assert progress() == pytest.approx(11 / 18)
    for book in books.values():
        assert book.named_value("rb_time_progress") == pytest.approx(11 / 18)


def test_completion_gap_and_behind_read_as_python_computes_them(books: dict[str, RepbookWorkbook]) -> None:
    for name in ("hand", "sample", "invented", "en"):
        rows = shown(books[name], "targets")
        sums = plans.split_sums(shown(books[name], "time_split"))
        assert rows, name
        for row in rows:
            expected = plans.target_line(row, progress(), sums)
            assert row["challenge"] == pytest.approx(expected["challenge"]), name
            assert row["completion"] == pytest.approx(expected["completion"]), name
            assert row["time_progress"] == pytest.approx(expected["time_progress"]), name
            assert row["gap"] == pytest.approx(expected["gap"]), name
            assert row["behind"] == {True: "yes", False: "no", None: None}[expected["behind"]], name
            assert row["split_sum"] == pytest.approx(expected["split_sum"]), name


def test_hand_worked_plan_line_by_line(books: dict[str, RepbookWorkbook]) -> None:
    rows = {r["indicator"]: r for r in shown(books["hand"], "targets")}
    sales = rows["销售额"]
    assert (sales["completion"], sales["gap"], sales["behind"]) == (pytest.approx(0.5), 50000, "yes")
    assert sales["challenge"] == pytest.approx(120000)
    assert (rows["回款"]["completion"], rows["回款"]["behind"]) == (pytest.approx(0.75), "no")


def test_expense_spent_faster_than_time_is_behind(books: dict[str, RepbookWorkbook]) -> None:
    expense = next(r for r in shown(books["hand"], "targets") if r["indicator"] == "费用控制")
    # 12000 of an 18000 budget used (67%) with 61% of the working days gone.
    assert expense["completion"] == pytest.approx(12000 / 18000)
    assert expense["behind"] == "yes"
    assert expense["gap"] == 6000  # budget left
    assert expense["challenge"] == 18000  # no challenge rate: the must itself
    assert plans.is_behind(12000 / 18000, 11 / 18, "lower") is True


def test_an_indicator_without_actual_shows_blanks_not_zero(books: dict[str, RepbookWorkbook]) -> None:
    new_customers = next(r for r in shown(books["hand"], "targets") if r["indicator"] == "新增客户数")
    assert new_customers["must"] == 4
    assert (new_customers["completion"], new_customers["gap"], new_customers["behind"]) == (None, None, None)
    assert new_customers["time_progress"] == pytest.approx(11 / 18)


def test_october_split_by_dekad_worked_by_hand(books: dict[str, RepbookWorkbook]) -> None:
    # 1-10 Oct: 8, 9 and the make-up Saturday 10th; 11-20: 12-16, 19-20; 21-31: 21-23, 26-30.
    parts = time_parts(PERIOD, "dekad")
    assert [CALENDAR.working_days(p.start, p.end) for p in parts] == [3, 7, 8]
    assert plans.split_by_working_days(100000, [3, 7, 8], 1000) == [17000, 39000, 44000]
    assert plans.split_by_working_days(4, [3, 7, 8], 1) == [1, 1, 2]
    rows = [r for r in shown(books["hand"], "time_split") if r["indicator"] == "销售额"]
    assert [(r["part"], r["kind"], r["workdays"], r["target"]) for r in rows] == [
        ("2026-10-D1", "dekad1", 3, 17000), ("2026-10-D2", "dekad2", 7, 39000), ("2026-10-D3", "dekad3", 8, 44000)]
    assert [r["share"] for r in rows] == [pytest.approx(3 / 18), pytest.approx(7 / 18), pytest.approx(8 / 18)]
    assert rows[0]["completion"] == pytest.approx(20000 / 17000)
    assert rows[1]["completion"] is None  # no actual typed yet


def test_weeks_of_october_include_the_holiday_week_with_nothing_to_do(books: dict[str, RepbookWorkbook]) -> None:
    rows = [r for r in shown(books["prefill"], "time_split") if r["part"] == "2026-W40"]
    assert rows and all(r["workdays"] == 0 and r["target"] == 0 and r["kind"] == "week" for r in rows)
    by_part = {r["part"]: r["workdays"] for r in shown(books["prefill"], "time_split")}
    assert by_part == {p.code: CALENDAR.working_days(p.start, p.end) for p in time_parts(PERIOD, "week")}


def test_generated_splits_add_up_to_every_must(books: dict[str, RepbookWorkbook]) -> None:
    for name in ("prefill", "sample", "invented"):
        targets = shown(books[name], "targets")
        sums = plans.split_sums(shown(books[name], "time_split"))
        assert targets
        for row in targets:
            if plans.is_rate_indicator(row["category"], row["unit"]):
                continue  # a rate has no parts: see the test below
            assert sums[row["indicator"]] == pytest.approx(row["must"], abs=1e-9), name
            assert row["split_sum"] == pytest.approx(row["must"]), name
            assert not plans.split_differs(row)


def test_a_split_that_no_longer_adds_up_shows_in_split_sum(books: dict[str, RepbookWorkbook]) -> None:
    collect = next(r for r in shown(books["hand"], "targets") if r["indicator"] == "回款")
    assert collect["split_sum"] == 79000  # 13000 + 31000 + 35000 typed over 36000
    assert plans.split_differs(collect)
    rules = books["hand"].book[SPEC.sheets[0].name("zh-CN")].conditional_formatting
    criteria = [r.formula[0] for cf in rules for r in cf.rules if r.formula]
    assert any("ROUND(" in c and "<>0" in c for c in criteria)  # the red split-sum check is there


def test_summary_fields_match_python(books: dict[str, RepbookWorkbook]) -> None:
    for name in ("hand", "sample", "invented", "prefill", "en"):
        book = books[name]
        expected = plans.plan_totals(shown(book, "targets"), shown(book, "key_customers"), progress())
        for key, value in expected.items():
            assert book.named_value(f"rb_{key}") == (pytest.approx(value) if value is not None else None), (name, key)
    hand = books["hand"]
    assert hand.named_value("rb_indicators_count") == 7
    assert hand.named_value("rb_behind_count") == 2  # 销售额 and 费用控制
    assert hand.named_value("rb_financial_completion") == pytest.approx(110000 / 180000)
    assert hand.named_value("rb_key_customers_expected") == 75000
    assert books["prefill"].named_value("rb_financial_completion") is None  # no actuals yet


def test_last_month_done_follows_the_direction(books: dict[str, RepbookWorkbook]) -> None:
    for name in ("hand", "sample"):
        rows = shown(books[name], "last_month")
        assert rows
        for row in rows:
            done = plans.last_month_done(row.get("target"), row.get("actual"), row.get("direction"))
            assert row["done"] == {True: "yes", False: "no", None: None}[done]
    hand = {r["indicator"]: r["done"] for r in shown(books["hand"], "last_month")}
    assert hand == {"销售额": "yes", "费用控制": "no", "回款": None}


def test_prefill_carries_the_control_targets(books: dict[str, RepbookWorkbook]) -> None:
    team = make_team(PERIOD)
    targets = team.rep_targets[team.reps[0].rep_id]
    rows = shown(books["prefill"], "targets")
    assert [(r["indicator_id"], r["must"], r["direction"]) for r in rows] == [
        (t["indicator_id"], t["must"], t["direction"]) for t in targets]
    accumulated = [t for t in targets if not plans.is_rate_indicator(t["category"], t["unit"])]
    assert len(accumulated) < len(targets)  # the demo team has a satisfaction rate, which is not split
    assert len(shown(books["prefill"], "time_split")) == len(accumulated) * len(time_parts(PERIOD, "week"))
    last = shown(books["prefill"], "last_month")
    assert last and all(r["actual"] is not None for r in last)  # from the control workbook's history


def test_demo_invents_targets_across_the_four_categories() -> None:
    rows = sampled("week", (), seed=3)["targets"]
    assert 4 <= len(rows) <= 6
    assert {r["category"] for r in rows} >= {"financial"}
    assert any(r["indicator"] == "费用控制" and r["direction"] == "lower" for r in rows)
    categories = set()
    for seed in range(20):
        categories |= {r["category"] for r in sampled("week", (), seed=seed)["targets"]}
    assert categories == {"financial", "growth", "satisfaction", "actions"}


def test_traditional_chinese_and_english_read_alike(books: dict[str, RepbookWorkbook]) -> None:
    reference = shown(books["hand"], "targets")
    for name, yes in (("zh-TW", "是"), ("en", "Yes")):
        rows = shown(books[name], "targets")
        assert [(r["completion"], r["behind"], r["split_sum"]) for r in rows] == [
            (r["completion"], r["behind"], r["split_sum"]) for r in reference]
        raw = books[name].table_rows(SPEC.table("targets"))
        assert [r["behind"] for r in raw].count(yes) == 2


# --- the split itself, in Python ---------------------------------------------------------

@given(total_units=st.integers(min_value=0, max_value=10**6),
       unit=st.sampled_from([1, 10, 100, 1000, 0.01, 0.5]),
       days=st.lists(st.integers(min_value=0, max_value=7), min_size=1, max_size=6))
def test_split_parts_always_add_up_exactly(total_units: int, unit: float, days: list[int]) -> None:
    total = float(Decimal(total_units) * Decimal(str(unit)))
    parts = plans.split_by_working_days(total, days, unit)
    assert len(parts) == len(days)
    assert sum(Decimal(str(p)) for p in parts) == Decimal(str(total))
    assert all(p >= 0 for p in parts)
    if any(days):
        assert all(p == 0 for p, d in zip(parts, days, strict=True) if d == 0)
        # every part is within one unit of its exact share
        exact = [total * d / sum(days) for d in days]
        assert all(abs(p - e) < unit + 1e-9 for p, e in zip(parts, exact, strict=True))


@given(total=st.floats(min_value=0, max_value=10**7, allow_nan=False).map(lambda x: round(x, 2)),
       days=st.lists(st.integers(min_value=0, max_value=7), min_size=1, max_size=6))
def test_a_total_off_the_unit_still_adds_up(total: float, days: list[int]) -> None:
    parts = plans.split_by_working_days(total, days, 1000)
    assert sum(Decimal(str(p)) for p in parts) == Decimal(str(total))


def test_no_working_days_anywhere_spreads_evenly() -> None:
    assert plans.split_by_working_days(9, [0, 0, 0], 1) == [3, 3, 3]
    assert plans.split_by_working_days(10, [0, 0, 0], 1) == [4, 3, 3]  # ties: the earlier part


def test_a_residue_below_the_unit_goes_to_the_part_with_most_days() -> None:
    assert plans.split_by_working_days(100500, [3, 7, 8], 1000) == [17000, 39000, 44500]


def test_largest_remainder_can_lower_a_part_when_the_total_rises() -> None:
    # The Alabama paradox, stated rather than hidden: parts are recomputed from the total.
    assert plans.largest_remainder(3, [6, 6, 2]) == [1, 1, 1]
    assert plans.largest_remainder(4, [6, 6, 2]) == [2, 2, 0]


def test_rounding_unit_falls_back_for_small_totals() -> None:
    assert plans.rounding_unit_for(265000, 1000) == 1000
    assert plans.rounding_unit_for(90, 1000) == 1
    assert plans.rounding_unit_for(0.92, 1000) == 0.01


def test_bad_inputs_are_refused() -> None:
    with pytest.raises(ValueError):
        plans.split_by_working_days(100, [1, -1], 1)
    with pytest.raises(ValueError):
        plans.split_by_working_days(100, [1, 1], 0)
    with pytest.raises(ValueError):
        plans.split_by_working_days(-5, [1, 1], 1)
    assert plans.split_by_working_days(100, [], 1) == []


def test_a_cost_is_stretched_downwards_and_a_rate_is_never_split(books: dict[str, RepbookWorkbook]) -> None:
    rows = {r["indicator"]: r for r in shown(books["hand"], "targets")}
    assert rows["差旅费"]["challenge"] == pytest.approx(4500)  # spend 10% less than the 5,000 budget
    assert rows["客户满意度"]["challenge"] == pytest.approx(0.945)
    split = shown(books["hand"], "time_split")
    assert split and not [r for r in split if r["indicator"] == "客户满意度"]  # 90% holds for the whole month
    assert rows["客户满意度"]["split_sum"] is None and not plans.split_differs(rows["客户满意度"])
    assert plans.challenge(5000, 0.1, "lower") == pytest.approx(4500)
