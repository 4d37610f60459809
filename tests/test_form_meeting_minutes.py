"""A month of meeting minutes (例会记录): meetings and minutes per type, open and overdue
action items read as the Python computation says after a real spreadsheet engine
recalculated them; an overdue action item is flagged and red."""

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
from repbook.model import Rep
from repbook.periods import parse_period
from repbook.spec import load_spec
from repbook.workdays import build_calendar
from tests.support.libreoffice import LibreOffice
from tests.support.workbooks import assert_formulas_portable, assert_no_error_values, recalculated_books

SPEC = load_spec("meeting-minutes")
PERIOD = parse_period("2026-10")
AS_OF = date(2026, 10, 21)
TYPES = [c.code for c in catalogue().choice_list("meeting_type")]

MEETINGS: list[dict[str, Any]] = [
    {"date": date(2026, 10, 8), "type": "monthly", "host": "王芳", "attendees": "王芳、李强、赵敏", "attendee_count": 3,
     "minutes": 120, "topic": "market", "topics": "十月市场回顾", "decisions": "重点客户由经理陪同拜访"},
    {"date": date(2026, 10, 12), "type": "weekly", "host": "王芳", "attendee_count": 3, "minutes": 60,
     "topic": "competitor", "topics": "华润商贸降价应对"},
    {"date": date(2026, 10, 13), "type": "morning", "minutes": 15, "topic": "training"},
    {"date": date(2026, 10, 14), "type": "morning", "minutes": 20},
    {"date": date(2026, 10, 19), "type": "weekly", "minutes": 45, "topic": "sales_problem"},
    # Type chosen, date not yet typed: not a meeting held, counted nowhere.
    {"type": "weekly", "minutes": 30, "topics": "待补日期"},
]
ACTIONS: list[dict[str, Any]] = [
    # Due on the 15th, still in progress on the 21st: overdue, open 13 days.
    {"meeting_date": date(2026, 10, 8), "action": "整理重点客户名单", "owner": "李强", "due": date(2026, 10, 15),
     "status": "doing"},
    # Due before the as-of day but done: not overdue, not open.
    {"meeting_date": date(2026, 10, 8), "action": "提交特价申请", "owner": "赵敏", "due": date(2026, 10, 10),
     "status": "done"},
    # Due on the as-of day itself: not overdue yet.
    {"meeting_date": date(2026, 10, 12), "action": "约华联采购总监", "owner": "王芳", "due": date(2026, 10, 21),
     "status": "open"},
    # Carried over from last month, no status typed: open and overdue.
    {"meeting_date": date(2026, 9, 28), "action": "回款对账", "owner": "李强", "due": date(2026, 10, 9)},
    {"meeting_date": date(2026, 10, 19), "action": "新品试销方案", "owner": "赵敏", "due": date(2026, 10, 30),
     "status": "open"},
]


def sampled() -> dict[str, list[dict[str, Any]]]:
    team = [Rep("R07", "王芳"), Rep("R08", "李强"), Rep("R09", "赵敏")]
    s = SampleInput(rep=team[0], period=PERIOD, calendar=build_calendar(PERIOD.start, PERIOD.end), customers=(),
                    as_of=AS_OF, rng=random.Random(5), team=team)
    return sample_rows("meeting-minutes", s)


def context(rows: dict[str, list[dict[str, Any]]], locale: Locale = "zh-CN") -> FormContext:
    return FormContext(spec=SPEC, period=PERIOD, rep=RepInfo("R07", "王芳", "华东区"),
                       calendar=build_calendar(PERIOD.start, PERIOD.end), locale=locale, rows=rows, as_of=AS_OF)


HAND = {"meetings": MEETINGS, "actions": ACTIONS}
CASES: dict[str, tuple[dict[str, list[dict[str, Any]]], Locale]] = {
    "hand": (HAND, "zh-CN"), "sample": (sampled(), "zh-CN"), "empty": ({}, "zh-CN"),
    "zh-TW": (HAND, "zh-TW"), "en": (HAND, "en"),
}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("meeting-minutes")
    return {name: build_workbook(context(rows, loc), folder / f"{name}.xlsx") for name, (rows, loc) in CASES.items()}


@pytest.fixture(scope="module")
def books(generated: dict[str, Path], libreoffice: LibreOffice) -> dict[str, RepbookWorkbook]:
    return recalculated_books(generated, libreoffice)


def shown(book: RepbookWorkbook, table: str) -> list[dict[str, Any]]:
    return book.table_rows(SPEC.table(table), coded=True)


def test_every_formula_uses_only_functions_excel_2019_and_libreoffice_share() -> None:
    assert_formulas_portable(SPEC)


def test_no_cell_shows_an_error_value(books: dict[str, RepbookWorkbook]) -> None:
    assert_no_error_values(books)


def test_summary_counts_match_python(books: dict[str, RepbookWorkbook]) -> None:
    for name in ("hand", "sample", "empty", "en"):
        rows = CASES[name][0]
        expected = meetings.meeting_totals(rows.get("meetings", []), rows.get("actions", []), AS_OF)
        for field, number in expected.items():
            assert books[name].named_value(f"rb_{field}") == number, (name, field)
    assert meetings.meeting_totals(MEETINGS, ACTIONS, AS_OF) == {"meetings_total": 5, "total_minutes": 260,
                                                                 "open_actions": 4, "overdue_actions": 2}
    assert len(sampled()["meetings"]) > 5 and sampled()["actions"]


def test_meetings_and_minutes_per_type(books: dict[str, RepbookWorkbook]) -> None:
    for name in ("hand", "sample"):
        rows = CASES[name][0]["meetings"]
        seen = {r["type"]: (r["count"], r["minutes"]) for r in shown(books[name], "by_type")}
        assert seen == meetings.meetings_by_type(rows, TYPES)
    assert meetings.meetings_by_type(MEETINGS, TYPES) == {"morning": (2, 35), "evening": (0, 0), "weekly": (2, 105),
                                                          "monthly": (1, 120)}


def test_overdue_action_is_flagged_and_counted(books: dict[str, RepbookWorkbook]) -> None:
    seen = shown(books["hand"], "actions")
    flagged = [r["action"] for r in seen if r["overdue"] == "yes"]
    assert flagged == [a["action"] for a in meetings.overdue_actions(ACTIONS, AS_OF)] == ["整理重点客户名单", "回款对账"]
    assert books["hand"].named_value("rb_overdue_actions") == 2


def test_days_open_count_from_the_meeting_until_done(books: dict[str, RepbookWorkbook]) -> None:
    seen = shown(books["hand"], "actions")
    shown_days = [None if r["days_open"] in (None, "") else r["days_open"] for r in seen]
    assert shown_days == [meetings.days_open(a, AS_OF) for a in ACTIONS] == [13, None, 9, 23, 2]


def test_overdue_action_items_are_red(generated: dict[str, Path]) -> None:
    actions = next(s for s in SPEC.sheets if s.id == "actions")
    sheet = openpyxl.load_workbook(generated["hand"])[actions.name("zh-CN")]
    first_col, header_row, _, _ = range_boundaries(sheet.tables["tblActions"].ref)
    letter = {c.id: get_column_letter(first_col + i) for i, c in enumerate(SPEC.table("actions").columns)}
    red = [(str(cf.sqref), rule.formula[0]) for cf in sheet.conditional_formatting for rule in cf.rules
           if rule.dxf is not None and "FFC7CE" in str(rule.dxf.fill.bgColor.rgb)]
    when = f'${letter["overdue"]}{header_row + 1}="是"'
    covered = " ".join(where for where, formula in red if formula == when)
    for column in ("action", "due", "overdue"):
        assert f"{letter[column]}{header_row + 1}:" in covered


def test_an_empty_month_shows_zeros_and_blank_flags(books: dict[str, RepbookWorkbook]) -> None:
    book = books["empty"]
    assert [book.named_value(f"rb_{k}") for k in ("meetings_total", "total_minutes", "open_actions", "overdue_actions")] == [0] * 4
    where = book.table_location("tblActions")
    sheet = book.book[where.sheet]
    flags = [sheet.cell(row, where.first_col + 5).value for row in range(where.first_row, where.last_row + 1)]
    assert set(flags) <= {None, ""}


def test_traditional_chinese_and_english_compute_alike(books: dict[str, RepbookWorkbook]) -> None:
    for name, yes in (("zh-TW", "是"), ("en", "Yes")):
        book = books[name]
        assert book.named_value("rb_overdue_actions") == 2
        assert book.named_value("rb_open_actions") == 4
        flags = [r["overdue"] for r in book.table_rows(SPEC.table("actions"))]
        assert flags.count(yes) == 2
        seen = {r["type"]: r["count"] for r in book.table_rows(SPEC.table("by_type"), coded=True)}
        assert seen == {"morning": 2, "evening": 0, "weekly": 2, "monthly": 1}
