"""A rep's customer archive: value types, red overdue follow-ups, amber churn risks and the
summary by star read the same in the recalculated workbook as in repbook/core."""

from __future__ import annotations

import random
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.utils.cell import range_boundaries

from repbook.core import customers
from repbook.forms import SampleInput, customer_archive, sample_rows
from repbook.generators.context import FormContext, RepInfo
from repbook.generators.workbook import build_workbook
from repbook.io.workbook_reader import RepbookWorkbook
from repbook.locale import Locale, catalogue
from repbook.model import ControlData, Customer, Rep
from repbook.periods import parse_period
from repbook.spec import load_spec
from repbook.workdays import build_calendar
from tests.support.libreoffice import LibreOffice
from tests.support.workbooks import error_cells

PERIOD = parse_period("2026-10")
AS_OF = date(2026, 10, 21)
REP = Rep("R07", "王芳", region="华东区", ability=4)
SPEC = load_spec("customer-archive")

# Hand-made rows whose every number is worked out below (as of 21 October 2026; default
# churn days: closed 5/4/3/2/1 stars 15/30/45/60/90, unclosed 10/20/30/45/60).
HAND_ROWS: list[dict[str, Any]] = [
    # Closed 5-star, last contact 31 days ago (> 15): churn risk; promised call on the 15th: overdue.
    {"customer_id": "R07-C001", "name": "杭州华联超市", "status": "closed", "star": 5, "contribution": "high",
     "potential": "high", "loss_making": "no", "last_contact": date(2026, 9, 20), "next_contact": date(2026, 10, 15),
     "cumulative_amount": 380000, "expected_close": "no"},
    # Unclosed 3-star seen 5 days ago, expected to close 50,000 at 60 %.
    {"customer_id": "R07-C002", "name": "宁波四明商贸", "status": "open", "star": 3, "contribution": "high",
     "potential": "low", "last_contact": date(2026, 10, 16), "next_contact": date(2026, 10, 28),
     "close_probability": 0.6, "expected_close": "yes", "expected_amount": 50000},
    # Unclosed 1-star, 62 days without contact (> 60 for an unclosed 1-star).
    {"customer_id": "R07-C003", "name": "绍兴越城五金", "status": "open", "star": 1, "contribution": "low",
     "potential": "high", "last_contact": date(2026, 8, 20), "close_probability": 0.2,
     "expected_close": "no", "expected_amount": 10000},
    # Costs more than it brings: a rat whatever its contribution; next contact today is not overdue.
    {"customer_id": "R07-C004", "name": "温州瓯海物流", "status": "closed", "star": 2, "contribution": "high",
     "potential": "low", "loss_making": "yes", "next_contact": AS_OF},
    # Unclosed 4-star, 21 days (> 20): churn risk; overdue since yesterday.
    {"customer_id": "R07-C005", "name": "嘉兴南湖餐饮", "status": "open", "star": 4, "contribution": "low",
     "potential": "low", "last_contact": date(2026, 9, 30), "next_contact": date(2026, 10, 20),
     "close_probability": 0.5, "expected_close": "yes", "expected_amount": 20000},
    # Closed 4-star, exactly 30 days (not above 30): no churn risk; a re-order expected.
    {"customer_id": "R07-C006", "name": "湖州吴兴建材", "status": "closed", "star": 4, "potential": "high",
     "last_contact": date(2026, 9, 21), "expected_close": "yes", "expected_amount": 8000},
]
HAND_VALUE_TYPES = ["fat_sheep", "reindeer", "hound", "rat", "hare", None]
HAND_DAYS = [31, 5, 62, None, 21, 30]
HAND_THRESHOLDS = [15, 30, 60, 60, 20, 30]
HAND_OVERDUE = ["杭州华联超市", "嘉兴南湖餐饮"]
HAND_CHURN = ["杭州华联超市", "绍兴越城五金", "嘉兴南湖餐饮"]
HAND_SUMMARY = {"customers_total": 6, "open_total": 3, "closed_total": 3, "overdue_total": 2,
                "expected_closes": 3, "expected_amount_total": 78000, "churn_total": 3,
                "pipeline_value": 50000 * 0.6 + 10000 * 0.2 + 20000 * 0.5}

# The manager tightened the rules: an unclosed 3-star gets a call within 4 days, and the
# 5-star closed threshold was cleared (no threshold, so no churn flag).
EDITED_RULES = [{**r, "churn_days_open": 4} if r["star"] == 3 else
                {**r, "churn_days": None} if r["star"] == 5 else r
                for r in customer_archive.star_rule_rows()]


def make_context(rows: list[dict[str, Any]], locale: Locale = "zh-CN",
                 star_rules: list[dict[str, Any]] | None = None) -> FormContext:
    return FormContext(
        spec=SPEC, period=PERIOD, rep=RepInfo(REP.rep_id, REP.name, REP.region),
        calendar=build_calendar(PERIOD.start, PERIOD.end), locale=locale,
        rows={"customers": rows, "star_rules": star_rules or customer_archive.star_rule_rows()}, as_of=AS_OF,
    )


def team_customers() -> list[Customer]:
    from repbook.demo.team import make_team

    team = make_team(PERIOD, seed=11)
    return team.customers_of(team.reps[0].rep_id)


def sampled_rows() -> list[dict[str, Any]]:
    s = SampleInput(rep=REP, period=PERIOD, calendar=build_calendar(PERIOD.start, PERIOD.end),
                    customers=team_customers(), as_of=AS_OF, rng=random.Random(7))
    return sample_rows("customer-archive", s)["customers"]


def prefilled() -> dict[str, list[dict[str, Any]]]:
    other = Customer("R08-C001", "苏州园区电子", "R08", status="closed", star=5)
    mine = [Customer("R07-C001", "杭州华联超市", "R07", status="closed", star=5, contribution="high", potential="high"),
            Customer("R07-C002", "宁波四明商贸", "R07", star=2, next_contact=date(2026, 10, 3))]
    control = ControlData(settings={}, reps=(REP, Rep("R08", "李强")), customers=(mine[0], other, mine[1]))
    return customer_archive.prefill(control, REP, PERIOD, "week")


CASES: dict[str, tuple[list[dict[str, Any]], Locale, list[dict[str, Any]] | None]] = {
    "hand": (HAND_ROWS, "zh-CN", None),
    "edited_rules": (HAND_ROWS, "zh-CN", EDITED_RULES),
    "sample": (sampled_rows(), "zh-CN", None),
    "prefill": (prefilled()["customers"], "zh-TW", prefilled()["star_rules"]),
    "zh-TW": (HAND_ROWS, "zh-TW", None),
    "en": (HAND_ROWS, "en", None),
}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("customer-archive")
    return {name: build_workbook(make_context(rows, loc, rules), folder / f"{name}.xlsx")
            for name, (rows, loc, rules) in CASES.items()}


@pytest.fixture(scope="module")
def recalculated(libreoffice: LibreOffice, generated: dict[str, Path]) -> dict[str, RepbookWorkbook]:
    paths = libreoffice.recalculate(list(generated.values()))
    return {name: RepbookWorkbook(path) for name, path in zip(generated, paths, strict=True)}


def shown(book: RepbookWorkbook, table: str = "customers") -> list[dict[str, Any]]:
    return book.table_rows(SPEC.table(table), coded=True)


def as_rows(book: RepbookWorkbook) -> list[dict[str, Any]]:
    """What the rep typed, read back (dates as dates) for the Python computation."""
    rows = []
    for row in shown(book):
        rows.append({k: v.date() if isinstance(v, datetime) else v for k, v in row.items()})
    return rows


def test_every_variant_recalculates_without_error_values(recalculated: dict[str, RepbookWorkbook]) -> None:
    problems = {name: error_cells(book.path) for name, book in recalculated.items()}
    assert {k: v for k, v in problems.items() if v} == {}


def test_value_type_follows_contribution_and_potential(recalculated: dict[str, RepbookWorkbook]) -> None:
    rows = shown(recalculated["hand"])
    assert [r.get("value_type") for r in rows] == HAND_VALUE_TYPES
    assert [customers.value_type(r.get("contribution"), r.get("potential"), r.get("loss_making"))
            for r in HAND_ROWS] == HAND_VALUE_TYPES


def test_overdue_follow_up_is_flagged_red(recalculated: dict[str, RepbookWorkbook],
                                          generated: dict[str, Path]) -> None:
    rows = shown(recalculated["hand"])
    assert [r["name"] for r in rows if r.get("overdue") == "yes"] == HAND_OVERDUE
    assert [r["name"] for r in customers.overdue(HAND_ROWS, AS_OF)] == HAND_OVERDUE
    rules = highlight_rules(generated["hand"])
    assert rules["跟进逾期"] == [("FFC7CE", "overdue")]
    assert rules["下次联系"] == [("FFC7CE", "overdue")]


def test_churn_risk_uses_the_threshold_for_star_and_status(recalculated: dict[str, RepbookWorkbook],
                                                           generated: dict[str, Path]) -> None:
    rows = shown(recalculated["hand"])
    assert [r.get("days_since") for r in rows] == HAND_DAYS
    assert [r.get("churn_threshold") for r in rows] == HAND_THRESHOLDS
    assert [r["name"] for r in rows if r.get("churn_risk") == "yes"] == HAND_CHURN
    assert [customers.days_since_contact(r, AS_OF) for r in HAND_ROWS] == HAND_DAYS
    assert [customers.churn_threshold(r["star"], r["status"]) for r in HAND_ROWS] == HAND_THRESHOLDS
    assert [r["name"] for r in HAND_ROWS if customers.is_churn_risk(r, AS_OF)] == HAND_CHURN
    assert highlight_rules(generated["hand"])["流失风险"] == [("FFEB9C", "churn_risk")]


def test_edited_star_rules_change_the_churn_flags(recalculated: dict[str, RepbookWorkbook]) -> None:
    book = recalculated["edited_rules"]
    rules = customers.rules_from_rows(shown(book, "star_rules"))
    assert rules[3]["churn_days_open"] == 4 and rules[5]["churn_days"] is None
    flagged = [r["name"] for r in shown(book) if r.get("churn_risk") == "yes"]
    expected = [r["name"] for r in HAND_ROWS if customers.is_churn_risk(r, AS_OF, rules)]
    assert flagged == expected == ["宁波四明商贸", "绍兴越城五金", "嘉兴南湖餐饮"]
    assert book.named_value("rb_churn_total") == 3
    assert shown(book)[0].get("churn_threshold") is None  # no threshold: nothing to compare


def test_summary_numbers_match_the_python_computation(recalculated: dict[str, RepbookWorkbook]) -> None:
    assert customers.summary(HAND_ROWS, AS_OF) == pytest.approx(HAND_SUMMARY)
    for case in ("hand", "sample"):
        book = recalculated[case]
        expected = customers.summary(as_rows(book), AS_OF, customers.rules_from_rows(shown(book, "star_rules")))
        assert {k: book.named_value(f"rb_{k}") for k in expected} == pytest.approx(expected), case
    assert {k: recalculated["hand"].named_value(f"rb_{k}") for k in HAND_SUMMARY} == pytest.approx(HAND_SUMMARY)


def test_by_star_table_counts_unclosed_closed_and_expected(recalculated: dict[str, RepbookWorkbook]) -> None:
    hand = {r["star"]: r for r in shown(recalculated["hand"], "by_star")}
    assert {s: (r["open"], r["closed"], r["total"], r["expected"], r["overdue"]) for s, r in hand.items()} == {
        5: (0, 1, 1, 0, 1), 4: (1, 1, 2, 2, 1), 3: (1, 0, 1, 1, 0), 2: (0, 1, 1, 0, 0), 1: (1, 0, 1, 0, 0)}
    for case in ("hand", "sample"):
        book = recalculated[case]
        table = {r["star"]: {k: r[k] for k in ("open", "closed", "total", "expected", "overdue")}
                 for r in shown(book, "by_star")}
        assert table == customers.by_star(as_rows(book), AS_OF), case


def test_blank_rows_show_nothing_computed(recalculated: dict[str, RepbookWorkbook]) -> None:
    rows = recalculated["hand"].table_rows(SPEC.table("customers"), skip_blank=False)
    blank = rows[len(HAND_ROWS):]
    assert len(blank) >= 10
    computed = [c.id for c in SPEC.table("customers").columns if c.computed]
    assert {c: {r.get(c) for r in blank} for c in computed} == {c: {None} for c in computed}


def test_prefill_lists_only_the_reps_customers_with_default_star_criteria(
        recalculated: dict[str, RepbookWorkbook]) -> None:
    book = recalculated["prefill"]
    rows = shown(book)
    assert [r["name"] for r in rows] == ["杭州华联超市", "宁波四明商贸"]
    assert rows[0]["value_type"] == "fat_sheep"
    assert rows[1]["overdue"] == "yes"
    assert book.named_value("rb_overdue_total") == 1
    rules = shown(book, "star_rules")
    labels = catalogue().labels
    assert [r["star"] for r in rules] == [5, 4, 3, 2, 1]
    assert rules[0]["closed_criteria"] == labels["star_rule_closed_5"]("zh-TW")
    assert {r["star"]: (r["churn_days"], r["churn_days_open"]) for r in rules} == {
        s: (v["churn_days"], v["churn_days_open"]) for s, v in customers.DEFAULT_STAR_RULES.items()}


def test_sample_is_a_month_of_updates(recalculated: dict[str, RepbookWorkbook]) -> None:
    rows = sampled_rows()
    assert 30 <= len(rows) <= 45
    touched = [r for r in rows if r["last_contact"] and r["last_contact"] >= PERIOD.start]
    assert len(touched) > len(rows) / 2
    assert all(PERIOD.start <= r["last_contact"] <= AS_OF for r in touched)
    book = recalculated["sample"]
    assert 0 < book.named_value("rb_overdue_total") < len(rows)
    assert book.named_value("rb_expected_closes") > 0
    assert book.named_value("rb_customers_total") == len(rows)


def test_traditional_chinese_and_english_labels_compute_alike(recalculated: dict[str, RepbookWorkbook]) -> None:
    for case, yes, rat in (("zh-TW", "是", "碩鼠"), ("en", "Yes", "Rat (contain)")):
        book = recalculated[case]
        assert {k: book.named_value(f"rb_{k}") for k in HAND_SUMMARY} == pytest.approx(HAND_SUMMARY), case
        raw = book.table_rows(SPEC.table("customers"))
        assert [r.get("churn_risk") for r in raw].count(yes) == len(HAND_CHURN)
        assert raw[3]["value_type"] == rat


def highlight_rules(path: Path) -> dict[str, list[tuple[str, str]]]:
    """Per tblCustomers header: (fill colour, column whose flag the rule tests) of each highlight."""
    book = openpyxl.load_workbook(path)
    sheet = next(ws for ws in book.worksheets if "tblCustomers" in ws.tables)
    table = sheet.tables["tblCustomers"]
    first_col, header_row, _, _ = range_boundaries(table.ref)
    headers = {first_col + i: str(c.name) for i, c in enumerate(table.tableColumns)}
    ids = {SPEC.table("customers").columns[i].id: col for i, col in enumerate(sorted(headers))}
    letters = {col: openpyxl.utils.get_column_letter(col) for col in headers}
    found: dict[str, list[tuple[str, str]]] = {}
    for rng in sheet.conditional_formatting:
        for rule in rng.rules:
            fill = book._differential_styles[rule.dxfId].fill
            colour = str(fill.bgColor.rgb or fill.fgColor.rgb)[-6:]
            formula = rule.formula[0]
            tested = next(cid for cid, col in ids.items() if f"${letters[col]}{header_row + 1}" in formula)
            for cell_range in rng.sqref.ranges:
                assert cell_range.min_row == header_row + 1
                found.setdefault(headers[cell_range.min_col], []).append((colour, tested))
    return found
