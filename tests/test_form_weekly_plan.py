"""A rep's weekly plans for a month: the weeks, visits planned and done, targets against
actuals and the week check a person reads equal the Python computation after LibreOffice
recalculated them."""

from __future__ import annotations

import random
from datetime import date, time
from typing import Any

import pytest

from repbook.core import plans
from repbook.demo.team import make_team
from repbook.forms import SampleInput, prefill_rows, sample_rows
from repbook.generators.context import FormContext, RepInfo
from repbook.generators.workbook import build_workbook
from repbook.io.workbook_reader import RepbookWorkbook
from repbook.model import Customer, Rep
from repbook.periods import Period, parse_period, week_parts
from repbook.spec import load_spec
from repbook.workdays import build_calendar
from tests.support.libreoffice import LibreOffice
from tests.support.workbooks import assert_no_error_values

PERIOD = parse_period("2026-10")
NEW_YEAR = parse_period("2027-01")  # starts inside ISO week 2026-W53
AS_OF = date(2026, 10, 21)
SPEC = load_spec("weekly-plan")


def visit(week: str, day: date, customer: str, done: str | None = None, **more: Any) -> dict[str, Any]:
    return {"week": week, "date": day, "time": time(9, 30), "customer": customer, "route": "西湖区",
            "purpose": "service", "plan": "介绍新品", "expected_result": "拿到试用订单", "done": done, **more}


HAND_VISITS = [
    visit("2026-W41", date(2026, 10, 8), "杭州华联超市", "yes", actual_result="同意试用"),
    visit("2026-W41", date(2026, 10, 10), "宁波四明商贸", "no", reason="客户临时外出"),  # the make-up Saturday
    visit("2026-W42", date(2026, 10, 13), "绍兴越城五金", "yes"),
    visit("2026-W42", date(2026, 10, 16), "杭州华联超市"),  # past and not reported
    visit("2026-W42", date(2026, 10, 20), "嘉兴南湖酒店", "yes"),  # the 20th is in W43: flagged
    visit("2026-W43", date(2026, 10, 21), "宁波四明商贸"),  # today: not yet unreported
    visit("2026-W43", date(2026, 10, 23), "杭州华联超市"),
    visit("2026-W44", date(2026, 10, 27), "绍兴越城五金"),
]
HAND_WEEKS = [
    {"week": "2026-W41", "target_visits": 3, "target_amount": 40000, "actual_amount": 42000},
    {"week": "2026-W42", "target_visits": 4, "target_amount": 70000, "actual_amount": 50000},
    {"week": "2026-W43", "target_visits": 5, "target_amount": 70000},
]
NEW_YEAR_VISITS = [
    visit("2026-W53", date(2027, 1, 1), "杭州华联超市", "yes"),
    visit("2026-W53", date(2027, 1, 4), "宁波四明商贸", "yes"),  # Monday of 2027-W01
    visit("2027-W01", date(2027, 1, 8), "绍兴越城五金"),
]


def customers() -> list[Customer]:
    return [Customer(f"C{i:03d}", f"客户{i}", "R07", star=1 + i % 5, area=["杭州", "宁波"][i % 2]) for i in range(25)]


def sampled() -> dict[str, list[dict[str, Any]]]:
    s = SampleInput(rep=Rep("R07", "王芳"), period=PERIOD, calendar=build_calendar(PERIOD.start, PERIOD.end),
                    customers=customers(), as_of=AS_OF, rng=random.Random(5))
    return sample_rows("weekly-plan", s)


def prefilled() -> dict[str, list[dict[str, Any]]]:
    team = make_team(PERIOD)
    return prefill_rows("weekly-plan", team, team.reps[0], PERIOD, "week")


def context(rows: dict[str, list[dict[str, Any]]], locale: str = "zh-CN", period: Period = PERIOD,
            as_of: date = AS_OF) -> FormContext:
    return FormContext(
        spec=SPEC, period=period, rep=RepInfo("R07", "王芳", "华东区"),
        calendar=build_calendar(period.start, period.end), locale=locale,
        rows=rows, options={"customers": ["杭州华联超市", "宁波四明商贸"], "weeks": [w.code for w in week_parts(period)]},
        as_of=as_of)


def hand() -> dict[str, list[dict[str, Any]]]:
    return {"visits": HAND_VISITS, "weeks": HAND_WEEKS}


CASES: dict[str, tuple[Any, str, Period, date]] = {
    "hand": (hand, "zh-CN", PERIOD, AS_OF),
    "sample": (sampled, "zh-CN", PERIOD, AS_OF),
    "prefill": (prefilled, "zh-CN", PERIOD, AS_OF),
    "empty": (dict, "zh-CN", PERIOD, AS_OF),
    "new-year": (lambda: {"visits": NEW_YEAR_VISITS}, "zh-CN", NEW_YEAR, date(2027, 1, 12)),
    "zh-TW": (hand, "zh-TW", PERIOD, AS_OF),
    "en": (hand, "en", PERIOD, AS_OF),
}


@pytest.fixture(scope="module")
def books(libreoffice: LibreOffice, tmp_path_factory: pytest.TempPathFactory) -> dict[str, RepbookWorkbook]:
    folder = tmp_path_factory.mktemp("weekly-plan")
    paths = [build_workbook(context(make(), loc, period, as_of), folder / f"{name}.xlsx")
             for name, (make, loc, period, as_of) in CASES.items()]
    return {name: RepbookWorkbook(path) for name, path in zip(CASES, libreoffice.recalculate(paths), strict=True)}


def shown(book: RepbookWorkbook, table: str) -> list[dict[str, Any]]:
    return book.table_rows(SPEC.table(table), coded=True)


def as_dates(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Dates read back from the workbook as datetime -> date, as the Python side has them."""
    return [{k: (v.date() if hasattr(v, "date") and callable(v.date) else v) for k, v in r.items()} for r in rows]


def test_no_cell_shows_an_error_value(books: dict[str, RepbookWorkbook]) -> None:
    assert_no_error_values(books)


def test_every_iso_week_of_the_month_has_a_summary_row(books: dict[str, RepbookWorkbook]) -> None:
    rows = as_dates(shown(books["hand"], "weeks"))
    assert [(r["week"], r["start"], r["end"]) for r in rows] == [
        ("2026-W40", date(2026, 10, 1), date(2026, 10, 4)), ("2026-W41", date(2026, 10, 5), date(2026, 10, 11)),
        ("2026-W42", date(2026, 10, 12), date(2026, 10, 18)), ("2026-W43", date(2026, 10, 19), date(2026, 10, 25)),
        ("2026-W44", date(2026, 10, 26), date(2026, 10, 31))]


def test_week_of_date_is_the_iso_week_even_across_new_year(books: dict[str, RepbookWorkbook]) -> None:
    for name in ("hand", "sample", "new-year"):
        rows = as_dates(shown(books[name], "visits"))
        assert rows
        assert [r["date_week"] for r in rows] == [plans.iso_week_code(r["date"]) for r in rows], name
    new_year = [r["date_week"] for r in shown(books["new-year"], "visits")]
    assert new_year == ["2026-W53", "2027-W01", "2027-W01"]


def test_a_visit_dated_outside_its_week_is_flagged(books: dict[str, RepbookWorkbook]) -> None:
    rows = as_dates(shown(books["hand"], "visits"))
    outside = [(r["customer"], r["date"]) for r in rows if r["date_week"] != r["week"]]
    assert outside == [(v["customer"], v["date"]) for v in HAND_VISITS if plans.date_outside_week(v["week"], v["date"])]
    assert outside == [("嘉兴南湖酒店", date(2026, 10, 20))]
    assert [r["customer"] for r in as_dates(shown(books["new-year"], "visits"))
            if plans.date_outside_week(r["week"], r["date"])] == ["宁波四明商贸"]
    sheet = books["hand"].book[SPEC.sheets[0].name("zh-CN")]
    criteria = [r.formula[0] for cf in sheet.conditional_formatting for r in cf.rules if r.formula]
    assert any(c.count("<>") == 3 for c in criteria)  # the red week check on the visits sheet


def test_planned_and_done_per_week_match_python(books: dict[str, RepbookWorkbook]) -> None:
    for name in ("hand", "sample", "prefill", "empty", "en"):
        visits = as_dates(shown(books[name], "visits"))
        for row in as_dates(shown(books[name], "weeks")):
            expected = plans.week_line(row, visits, AS_OF)
            for key in ("planned", "done", "done_rate", "visit_completion", "amount_completion"):
                assert row[key] == (pytest.approx(expected[key]) if expected[key] is not None else None), (name, key)


def test_hand_worked_weeks(books: dict[str, RepbookWorkbook]) -> None:
    weeks = {r["week"]: r for r in as_dates(shown(books["hand"], "weeks"))}
    w41, w42 = weeks["2026-W41"], weeks["2026-W42"]
    assert (w41["planned"], w41["done"], w41["done_rate"]) == (2, 1, pytest.approx(0.5))
    assert (w41["visit_completion"], w41["amount_completion"]) == (pytest.approx(1 / 3), pytest.approx(42000 / 40000))
    assert (w42["planned"], w42["done"], w42["done_rate"]) == (3, 2, pytest.approx(2 / 3))  # counted by the week chosen
    assert w42["amount_completion"] == pytest.approx(50000 / 70000)
    assert weeks["2026-W43"]["amount_completion"] is None  # no actual yet: blank, not 0%
    assert weeks["2026-W40"]["done_rate"] is None  # nothing planned in the holiday week
    visits = as_dates(shown(books["hand"], "visits"))
    behind = {w: plans.week_line(r, visits, AS_OF)["behind"] for w, r in weeks.items()}
    assert behind == {"2026-W40": False, "2026-W41": True, "2026-W42": True, "2026-W43": False, "2026-W44": False}


def test_month_totals_match_python(books: dict[str, RepbookWorkbook]) -> None:
    for name in ("hand", "sample", "prefill", "empty", "en"):
        book = books[name]
        expected = plans.month_totals(as_dates(shown(book, "visits")), shown(book, "weeks"), AS_OF)
        for key, value in expected.items():
            assert book.named_value(f"rb_{key}") == (pytest.approx(value) if value is not None else None), (name, key)
    hand = books["hand"]
    assert (hand.named_value("rb_planned_total"), hand.named_value("rb_done_total")) == (8, 3)
    assert hand.named_value("rb_done_rate") == pytest.approx(3 / 8)
    assert hand.named_value("rb_unreported_total") == 1  # the 16th; the 21st is today
    assert hand.named_value("rb_amount_completion_total") == pytest.approx(92000 / 180000)
    assert books["empty"].named_value("rb_done_rate") is None


def test_prefill_splits_the_sales_target_and_the_visits_due_over_the_weeks(books: dict[str, RepbookWorkbook]) -> None:
    team = make_team(PERIOD)
    rep = team.reps[0]
    sales = next(t["must"] for t in team.rep_targets[rep.rep_id] if t["category"] == "financial"
                 and t["direction"] == "higher")
    due = plans.visits_due_in_period([c.star for c in team.customers_of(rep.rep_id)], team.visit_cycles, 31)
    rows = shown(books["prefill"], "weeks")
    assert sum(r["target_amount"] for r in rows) == sales
    assert sum(r["target_visits"] for r in rows) == due > 0
    assert (rows[0]["target_amount"], rows[0]["target_visits"]) == (0, 0)  # National Day week
    calendar = build_calendar(PERIOD.start, PERIOD.end)
    days = [calendar.working_days(w.start, w.end) for w in week_parts(PERIOD)]
    assert [r["target_visits"] for r in rows] == plans.split_by_working_days(due, days, 1)


def test_sample_visits_fall_in_their_weeks_and_only_past_ones_are_reported() -> None:
    visits = sampled()["visits"]
    assert len(visits) > 15
    assert not any(plans.date_outside_week(v["week"], v["date"]) for v in visits)
    assert all(v["done"] is None for v in visits if v["date"] > AS_OF)
    assert all(v["reason"] for v in visits if v["done"] == "no")


def test_traditional_chinese_and_english_read_alike(books: dict[str, RepbookWorkbook]) -> None:
    reference = shown(books["hand"], "weeks")
    for name, yes in (("zh-TW", "是"), ("en", "Yes")):
        rows = shown(books[name], "weeks")
        assert [(r["planned"], r["done"], r["amount_completion"]) for r in rows] == [
            (r["planned"], r["done"], r["amount_completion"]) for r in reference]
        assert books[name].named_value("rb_done_total") == 3
        raw = books[name].table_rows(SPEC.table("visits"))
        assert [r["done"] for r in raw].count(yes) == 3


def test_iso_week_codes_in_python() -> None:
    assert plans.iso_week_code(date(2026, 10, 10)) == "2026-W41"
    assert plans.iso_week_code(date(2027, 1, 1)) == "2026-W53"
    assert plans.iso_week_code(date(2024, 12, 30)) == "2025-W01"
    assert plans.date_outside_week("2026-W41", date(2026, 10, 12))
    assert not plans.date_outside_week(None, date(2026, 10, 12))
    assert not plans.date_outside_week("2026-W41", "2026-10-12")

