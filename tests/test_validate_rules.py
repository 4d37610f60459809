"""A rep fills the log wrong in every way we know; each mistake is reported at its cell."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from xlsxwriter.utility import xl_col_to_name

from repbook.generators.context import FormContext, RepInfo
from repbook.generators.workbook import build_workbook
from repbook.io.workbook_reader import RepbookWorkbook
from repbook.periods import parse_period
from repbook.spec import load_spec
from repbook.validation.issues import Issue
from repbook.validation.normalize import read_value
from repbook.validation.rules import _SLOW, fast_reader
from repbook.validation.validate import validate_paths
from repbook.workdays import build_calendar

PERIOD = parse_period("2026-11")
GOOD_ROWS = [
    {"date": date(2026, 11, 2), "customer": "杭州华联超市", "method": "phone", "outcome": "closed",
     "order_amount": 12000, "next_contact": date(2026, 11, 9)},
    {"date": date(2026, 11, 3), "customer": "宁波四明商贸", "method": "visit", "outcome": "progress",
     "next_contact": date(2026, 11, 10)},
    {"date": date(2026, 11, 4), "customer": "绍兴越城五金", "method": "wechat", "outcome": "stalled"},
]


def make_log(folder: Path, rows: list[dict[str, Any]] | None = None, name: str = "log.xlsx") -> Path:
    ctx = FormContext(load_spec("work-log"), PERIOD, RepInfo("R01", "张伟", "华东区"),
                      build_calendar(PERIOD.start, PERIOD.end), rows={"log": rows if rows is not None else GOOD_ROWS})
    return build_workbook(ctx, folder / name)


def cell_of(path: Path, column_id: str, index: int) -> str:
    """Where row ``index`` (0-based) of the log's column sits, found by the Table, as a person would."""
    where = RepbookWorkbook(path).table_location("tblLog")
    label = load_spec("work-log").table("log").column(column_id).label("zh-CN")
    return f"{xl_col_to_name(where.first_col - 1 + where.labels.index(label))}{where.first_row + index}"


def type_into(path: Path, edits: dict[tuple[str, int], Any]) -> dict[tuple[str, int], str]:
    """Type values into the log as a rep would in Excel; returns the cells typed into."""
    book = openpyxl.load_workbook(path)
    sheet = book["日志"]
    cells = {key: cell_of(path, *key) for key in edits}
    for key, value in edits.items():
        sheet[cells[key]] = value
    book.save(path)
    return cells


def issues_for(path: Path) -> list[Issue]:
    return list(validate_paths([path]).issues())


def only(issues: list[Issue], code: str) -> list[tuple[str, str]]:
    return [(i.sheet, i.cell) for i in issues if i.code == code]


def test_a_clean_log_has_no_issues(tmp_path: Path) -> None:
    assert issues_for(make_log(tmp_path)) == []


@pytest.mark.parametrize(("column", "typed", "code"), [
    ("date", "下周一", "type-invalid"),
    ("date", datetime(2026, 12, 3), "date-outside-period"),
    ("method", "飞鸽传书", "choice-invalid"),
    ("order_amount", -300, "below-minimum"),
    ("order_amount", "一千", "type-invalid"),
    ("order_amount", "nan", "type-invalid"),
    ("order_amount", "Infinity", "type-invalid"),
    ("customer", None, "required-missing"),
    ("outcome", "#N/A", "error-value"),
])
def test_each_cell_rule_lands_on_the_cell_typed_into(tmp_path: Path, column: str, typed: Any, code: str) -> None:
    path = make_log(tmp_path)
    cells = type_into(path, {(column, 1): typed})
    found = issues_for(path)
    assert only(found, code) == [("日志", cells[(column, 1)])]
    assert all(i.severity == "error" for i in found if i.code == code)


def test_next_contact_before_the_contact_is_an_error(tmp_path: Path) -> None:
    path = make_log(tmp_path)
    cells = type_into(path, {("next_contact", 1): datetime(2026, 11, 1)})
    assert only(issues_for(path), "next-contact-before-contact") == [("日志", cells[("next_contact", 1)])]


def test_an_order_amount_needs_the_outcome_closed(tmp_path: Path) -> None:
    path = make_log(tmp_path)
    cells = type_into(path, {("order_amount", 1): 5000})
    issue = next(i for i in issues_for(path) if i.code == "amount-without-close")
    assert (issue.cell, issue.severity) == (cells[("order_amount", 1)], "error")
    assert "成交" in issue.message


def test_text_dates_full_width_digits_and_stray_spaces_are_read_with_a_note(tmp_path: Path) -> None:
    path = make_log(tmp_path)
    cells = type_into(path, {("date", 0): "2026年11月3日", ("date", 1): "11-4", ("date", 2): "2026/11/5",
                             ("order_amount", 0): "１２,０００元", ("method", 1): "上门拜访 "})
    found = issues_for(path)
    assert [i for i in found if i.severity == "error"] == []
    noted = {i.cell: i.message for i in found if i.code == "value-normalized"}
    assert set(noted) == set(cells.values())
    assert "2026-11-03" in noted[cells[("date", 0)]]
    assert "12000" in noted[cells[("order_amount", 0)]]


def test_an_amount_ten_times_the_reps_usual_is_a_warning(tmp_path: Path) -> None:
    rows = [{"date": date(2026, 11, d), "customer": "杭州华联超市", "method": "visit", "outcome": "closed",
             "order_amount": 3000 + 100 * d} for d in range(2, 12)]
    rows.append({"date": date(2026, 11, 12), "customer": "杭州华联超市", "method": "visit", "outcome": "closed",
                 "order_amount": 350000})
    path = make_log(tmp_path, rows)
    outliers = [i for i in issues_for(path) if i.code == "amount-outlier"]
    assert [(i.cell, i.severity) for i in outliers] == [(cell_of(path, "order_amount", 10), "warning")]


def test_a_renamed_header_is_taken_by_position_and_a_deleted_one_reported(tmp_path: Path) -> None:
    path = make_log(tmp_path)
    book = openpyxl.load_workbook(path)
    sheet = book["日志"]
    header = RepbookWorkbook(path).table_location("tblLog").header_row
    table = sheet.tables["tblLog"]
    customer_col = next(c for c in sheet[header] if c.value == "客户")
    customer_col.value = "客户名字"
    table.tableColumns[1].name = "客户名字"
    book.save(path)
    found = issues_for(path)
    renamed = [i for i in found if i.code == "column-renamed"]
    assert [(i.cell, i.value, i.severity) for i in renamed] == [(customer_col.coordinate, "客户名字", "warning")]
    assert only(found, "required-missing") == []


def test_an_older_template_version_says_what_to_do(tmp_path: Path) -> None:
    path = make_log(tmp_path)
    book = openpyxl.load_workbook(path)
    meta = book["_repbook"]
    for row in meta.iter_rows():
        if row[0].value == "schema_version":
            row[1].value = "0"
    book.save(path)
    issue = next(i for i in issues_for(path) if i.code == "schema-outdated")
    assert "v0" in issue.message
    assert "repbook adopt" in issue.message


def test_log_customers_missing_from_the_archive_are_warned(tmp_path: Path) -> None:
    from repbook.commands.context import form_context
    from repbook.model import ControlData, Customer, Rep

    rep = Rep("R01", "张伟", region="华东区")
    control = ControlData(settings={}, reps=(rep,), customers=(
        Customer("C1", "杭州华联超市", "R01"), Customer("C2", "宁波四明商贸", "R01")))
    archive = build_workbook(form_context("customer-archive", rep, PERIOD, control, "zh-CN"), tmp_path / "archive.xlsx")
    log = make_log(tmp_path)
    found = list(validate_paths([log, archive]).issues())
    assert [(i.file, i.cell, i.value) for i in found if i.code == "customer-not-in-archive"] == [
        (str(log), cell_of(log, "customer", 2), "绍兴越城五金")]


@settings(max_examples=300, deadline=None)
@given(raw=st.one_of(st.text(max_size=8), st.sampled_from(["电话", " 电话", "phone", "拜访", "#N/A", " ", "1,200元"]),
                     st.integers(min_value=-2**70, max_value=2**70), st.floats(allow_nan=True, allow_infinity=True),
                     st.booleans(), st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1)),
                     st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 1, 1)), st.times()))
def test_the_shortcut_reads_a_cell_exactly_as_the_general_reader_does(raw: Any) -> None:
    # A cell the shortcut takes must come out as the general reader gives it, with nothing to say.
    for form in ("work-log", "meeting-minutes", "monthly-plan"):
        for table in load_spec(form).tables():
            for column in table.columns:
                if column.computed:
                    continue
                fast = fast_reader(column)(raw)
                if fast is _SLOW:
                    continue
                reading = read_value(raw, column.type, column.choices, PERIOD)
                assert (fast, type(fast)) == (reading.value, type(reading.value)), (form, column.id, raw)
                assert reading.note is None and not reading.failed, (form, column.id, raw)
