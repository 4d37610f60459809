"""The master's long tables are written as sheet XML directly; what a person sees in them
must be what XlsxWriter's own cell writing would show: the right type in the right cell,
text never turned into a formula, the Table covering every row."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from xlsxwriter.workbook import Workbook

from repbook.generators.long_table import MAX_STRING, LongColumn, LongTableWorkbook, LongTableWorksheet
from tests.support.libreoffice import LibreOffice

ROWS: list[dict[str, Any]] = [
    {"rep": "林娟", "visits": 3, "amount": 1200.5, "day": date(2026, 11, 3), "at": time(9, 30), "method": "phone"},
    {"rep": "=HYPERLINK(\"http://x\")", "visits": True, "amount": float("inf"), "day": "下周一", "at": None,
     "method": "unknown-code"},
    {"rep": "", "visits": None, "amount": None, "day": None, "at": None, "method": None},
    {"rep": "x" * (MAX_STRING + 10), "visits": 1, "amount": 0, "day": datetime(2026, 11, 4, 12, 0),
     "at": time(17, 5), "method": "visit"},
    {"rep": "林娟", "visits": 3, "amount": -7, "day": date(2026, 11, 3), "at": time(9, 30), "method": "phone"},
    {"rep": 1.0, "visits": 1.0, "amount": 10**400, "day": date(1900, 1, 15), "at": 0.5, "method": 1},
]
LABELS = {"phone": "电话", "visit": "拜访"}


def write_book(path: Path, rows: list[dict[str, Any]], workbook_class: type[Workbook] = LongTableWorkbook) -> Path:
    book = workbook_class(str(path), {"in_memory": False})
    date_format = book.add_format({"num_format": "yyyy-mm-dd"})
    time_format = book.add_format({"num_format": "hh:mm"})
    sheet = book.add_worksheet("日志", LongTableWorksheet)
    sheet.write_string(0, 0, "above the table")
    columns = [LongColumn("rep", text=True), LongColumn("visits"), LongColumn("amount"),
               LongColumn("day", date_format), LongColumn("at", time_format),
               LongColumn("method", shown=lambda code: LABELS.get(code, code), text=True)]
    sheet.write_long_table(2, 0, [{"header": c.key} for c in columns], columns, rows, {"name": "tblLong"})
    summary = book.add_worksheet("总计")
    summary.write_formula(0, 0, "=SUM(tblLong[amount])")
    summary.write_formula(1, 0, "=ROWS(tblLong[rep])")
    summary.write_formula(2, 0, "=COUNTIF(tblLong[method],\"电话\")")
    book.close()
    return path


def test_each_value_lands_in_its_cell_as_the_type_a_person_expects(tmp_path: Path) -> None:
    sheet = openpyxl.load_workbook(write_book(tmp_path / "long.xlsx", ROWS))["日志"]
    assert sheet["A1"].value == "above the table"
    assert [c.value for c in sheet[3]] == ["rep", "visits", "amount", "day", "at", "method"]
    first = [c.value for c in sheet[4]]
    assert first == ["林娟", 3, 1200.5, datetime(2026, 11, 3), time(9, 30), "电话"]
    assert sheet["D4"].number_format == "yyyy-mm-dd" and sheet["E4"].number_format == "hh:mm"
    # A formula-looking name stays text; True stays a boolean beside the 1s; infinity and typed dates stay as typed.
    assert [c.value for c in sheet[5]] == ["=HYPERLINK(\"http://x\")", True, "inf", "下周一", None, "unknown-code"]
    assert sheet["B5"].data_type == "b" and sheet["B7"].value == 1 and sheet["B7"].data_type == "n"
    assert sheet["A5"].data_type == "s"
    assert all(c.value is None for c in sheet[6])
    assert sheet["A7"].value == "x" * MAX_STRING and sheet["D7"].value == datetime(2026, 11, 4, 12, 0)
    assert [c.value for c in sheet[8]] == [*first[:2], -7, *first[3:]]
    # A number in a text column is its text; one beyond any float too; a date before March 1900
    # counts Excel's 29 February 1900; a number in a time column is a time.
    assert [c.value for c in sheet[9]] == ["1.0", 1, str(10**400), datetime(1900, 1, 15), time(12, 0), "1"]
    assert sheet.tables["tblLong"].ref == "A3:F9"


def test_an_empty_table_keeps_one_blank_row(tmp_path: Path) -> None:
    sheet = openpyxl.load_workbook(write_book(tmp_path / "empty.xlsx", []))["日志"]
    assert sheet.tables["tblLong"].ref == "A3:F4" and all(c.value is None for c in sheet[4])


@pytest.mark.usefixtures("libreoffice")
def test_formulas_over_the_table_see_every_row(tmp_path: Path, libreoffice: LibreOffice) -> None:
    rows = [{**ROWS[0], "amount": float(n)} for n in range(1, 5001)]
    (recalculated,) = libreoffice.recalculate([write_book(tmp_path / "many.xlsx", rows)])
    totals = openpyxl.load_workbook(recalculated, data_only=True)["总计"]
    assert (totals["A1"].value, totals["A2"].value, totals["A3"].value) == (5000 * 5001 / 2, 5000, 5000)


def test_more_rows_than_a_sheet_holds_is_refused_before_anything_is_written(tmp_path: Path) -> None:
    book = LongTableWorkbook(str(tmp_path / "huge.xlsx"))
    sheet = book.add_worksheet("日志", LongTableWorksheet)
    too_many = [{"rep": "林娟"}] * 1_048_576  # with the header, one row more than Excel's 1,048,576
    with pytest.raises(OverflowError, match="1,048,576 rows do not fit"):
        sheet.write_long_table(0, 0, [{"header": "rep"}], [LongColumn("rep", text=True)], too_many, {"name": "tblLong"})
    assert not sheet.tables
