"""A manager's ride-along record (随访观察记录): ride-alongs per mode, the accompanied share
and follow-ups due read as the Python computation says after a real spreadsheet engine
recalculated them; a follow-up that has come and is not done is flagged and red."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.utils import get_column_letter, range_boundaries

from repbook.core import meetings
from repbook.forms import SampleInput, sample_rows
from repbook.generators.context import FormContext, RepInfo
from repbook.generators.workbook import build_workbook
from repbook.io.workbook_reader import RepbookWorkbook
from repbook.locale import Locale, catalogue
from repbook.model import Customer, Rep
from repbook.periods import parse_period
from repbook.spec import load_spec
from repbook.workdays import build_calendar
from tests.support.libreoffice import LibreOffice
from tests.support.workbooks import assert_formulas_portable, assert_no_error_values, recalculated_books

SPEC = load_spec("ride-along")
PERIOD = parse_period("2026-10")
AS_OF = date(2026, 10, 21)
MODES = [c.code for c in catalogue().choice_list("visit_mode")]

RIDES: list[dict[str, Any]] = [
    # Follow-up on the 16th, not done by the 21st: due.
    {"date": date(2026, 10, 9), "customer": "杭州华联超市", "mode": "accompanied", "seen": "演示熟练",
     "asked": "客户问到账期, 回答含糊", "heard": "客户抱怨送货延误", "strengths": "关系融洽",
     "issues": "没有确认下一步行动", "coaching_plan": "练习用提问收尾", "follow_up": date(2026, 10, 16)},
    # Follow-up on the as-of day itself: due today.
    {"date": date(2026, 10, 12), "customer": "宁波四明商贸", "mode": "solo", "issues": "价格让步太快",
     "follow_up": date(2026, 10, 21)},
    # Followed up already: not due.
    {"date": date(2026, 10, 14), "customer": "绍兴越城五金", "mode": "accompanied", "follow_up": date(2026, 10, 19),
     "followed_up": "yes"},
    # Follow-up next week: not due yet.
    {"date": date(2026, 10, 20), "customer": "杭州华联超市", "mode": "solo", "follow_up": date(2026, 10, 27)},
    # The manager started a row and has not dated it: not a ride-along yet.
    {"customer": "温州瓯海建材", "mode": "accompanied"},
]


def sampled() -> dict[str, list[dict[str, Any]]]:
    customers = [Customer(f"C{i:03d}", f"客户{i}", "R07") for i in range(12)]
    s = SampleInput(rep=Rep("R07", "王芳"), period=PERIOD, calendar=build_calendar(PERIOD.start, PERIOD.end),
                    customers=customers, as_of=AS_OF, rng=random.Random(3))
    return sample_rows("ride-along", s)


def context(rows: dict[str, list[dict[str, Any]]], locale: Locale = "zh-CN") -> FormContext:
    return FormContext(spec=SPEC, period=PERIOD, rep=RepInfo("R07", "王芳", "华东区"),
                       calendar=build_calendar(PERIOD.start, PERIOD.end), locale=locale, rows=rows,
                       options={"customers": ["杭州华联超市", "宁波四明商贸", "绍兴越城五金"]}, as_of=AS_OF)


HAND = {"ride_alongs": RIDES}
CASES: dict[str, tuple[dict[str, list[dict[str, Any]]], Locale]] = {
    "hand": (HAND, "zh-CN"), "sample": (sampled(), "zh-CN"), "empty": ({}, "zh-CN"),
    "zh-TW": (HAND, "zh-TW"), "en": (HAND, "en"),
}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("ride-along")
    return {name: build_workbook(context(rows, loc), folder / f"{name}.xlsx") for name, (rows, loc) in CASES.items()}


@pytest.fixture(scope="module")
def books(generated: dict[str, Path], libreoffice: LibreOffice) -> dict[str, RepbookWorkbook]:
    return recalculated_books(generated, libreoffice)


def value(book: RepbookWorkbook, name: str) -> Any:
    found = book.named_value(name)
    return None if found == "" else found


def test_every_formula_uses_only_functions_excel_2019_and_libreoffice_share() -> None:
    assert_formulas_portable(SPEC)


def test_no_cell_shows_an_error_value(books: dict[str, RepbookWorkbook]) -> None:
    assert_no_error_values(books)


def test_summary_matches_python(books: dict[str, RepbookWorkbook]) -> None:
    for name in ("hand", "sample", "empty", "en"):
        rows = CASES[name][0].get("ride_alongs", [])
        expected = meetings.ride_totals(rows, AS_OF)
        book = books[name]
        assert value(book, "rb_ride_alongs_total") == expected["ride_alongs_total"]
        assert value(book, "rb_follow_ups_due") == expected["follow_ups_due"]
        share = expected["accompanied_share"]
        assert value(book, "rb_accompanied_share") == (None if share is None else pytest.approx(share))
    assert meetings.ride_totals(RIDES, AS_OF) == {"ride_alongs_total": 4, "accompanied_share": 0.5, "follow_ups_due": 2}
    assert sampled()["ride_alongs"]


def test_ride_alongs_per_mode(books: dict[str, RepbookWorkbook]) -> None:
    for name in ("hand", "sample"):
        rows = CASES[name][0]["ride_alongs"]
        seen = {r["mode"]: r["count"] for r in books[name].table_rows(SPEC.table("by_mode"), coded=True)}
        assert seen == meetings.rides_by_mode(rows, MODES)
    assert meetings.rides_by_mode(RIDES, MODES) == {"solo": 2, "accompanied": 2}


def test_a_follow_up_that_has_come_is_flagged_until_marked_done(books: dict[str, RepbookWorkbook]) -> None:
    seen = books["hand"].table_rows(SPEC.table("ride_alongs"), coded=True)
    flagged = [r["customer"] for r in seen if r["follow_up_due"] == "yes"]
    expected = [r["customer"] for r in RIDES if meetings.follow_up_due(r, AS_OF)]
    assert flagged == expected == ["杭州华联超市", "宁波四明商贸"]


def test_due_follow_ups_are_red(generated: dict[str, Path]) -> None:
    sheet = openpyxl.load_workbook(generated["hand"])[SPEC.sheets[0].name("zh-CN")]
    first_col, header_row, _, _ = range_boundaries(sheet.tables["tblRideAlongs"].ref)
    letter = {c.id: get_column_letter(first_col + i) for i, c in enumerate(SPEC.table("ride_alongs").columns)}
    red = [(str(cf.sqref), rule.formula[0]) for cf in sheet.conditional_formatting for rule in cf.rules
           if rule.dxf is not None and "FFC7CE" in str(rule.dxf.fill.bgColor.rgb)]
    when = f'${letter["follow_up_due"]}{header_row + 1}="是"'
    covered = " ".join(where for where, formula in red if formula == when)
    for column in ("follow_up", "follow_up_due"):
        assert f"{letter[column]}{header_row + 1}:" in covered


def test_seen_asked_and_heard_are_three_columns(books: dict[str, RepbookWorkbook]) -> None:
    first = books["hand"].table_rows(SPEC.table("ride_alongs"))[0]
    assert (first["seen"], first["asked"], first["heard"]) == ("演示熟练", "客户问到账期, 回答含糊", "客户抱怨送货延误")


def test_an_empty_record_shows_a_blank_share_not_zero(books: dict[str, RepbookWorkbook]) -> None:
    book = books["empty"]
    assert value(book, "rb_ride_alongs_total") == 0
    assert value(book, "rb_accompanied_share") is None
    assert value(book, "rb_follow_ups_due") == 0


def test_traditional_chinese_and_english_compute_alike(books: dict[str, RepbookWorkbook]) -> None:
    for name, yes in (("zh-TW", "是"), ("en", "Yes")):
        book = books[name]
        assert value(book, "rb_follow_ups_due") == 2
        assert value(book, "rb_accompanied_share") == pytest.approx(0.5)
        flags = [r["follow_up_due"] for r in book.table_rows(SPEC.table("ride_alongs"))]
        assert flags.count(yes) == 2
