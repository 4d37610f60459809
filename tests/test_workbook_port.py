"""The workbook port's contract: what commands may do to a workbook, the same for a file
(openpyxl) and for a book open in Excel (xlwings, run only where Excel is)."""

from __future__ import annotations

import platform
from collections.abc import Callable, Iterator
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from repbook.io.workbook_port import MARK_FILLS, FilePort, WorkbookPort

PortFactory = Callable[[Path], WorkbookPort]


def file_port(path: Path) -> WorkbookPort:
    return FilePort(path)


def excel_available() -> bool:
    if platform.system() not in ("Windows", "Darwin"):
        return False
    try:
        import xlwings as xw

        return bool(xw.apps.count >= 0)
    except Exception:
        return False


@pytest.fixture(params=["file", pytest.param("xlwings", marks=pytest.mark.skipif(
    not excel_available(), reason="needs Excel (Windows or macOS): see the README's add-in section"))])
def open_port(request: pytest.FixtureRequest) -> Iterator[PortFactory]:
    if request.param == "file":
        yield file_port
        return
    import xlwings as xw

    from repbook.addin.xlwings_session import XlwingsPort

    app = xw.App(visible=False, add_book=False)
    try:
        yield lambda path: XlwingsPort(app.books.open(str(path)))
    finally:
        app.quit()


@pytest.fixture
def log_book(tmp_path: Path) -> Path:
    path = tmp_path / "日志.xlsx"
    book = openpyxl.Workbook()
    book.active.title = "日志"
    book.save(path)
    port = FilePort(path)
    port.write_table("日志", "tblLog", pd.DataFrame({"日期": ["2026-11-03", "2026-11-04"], "客户": ["华北商贸", "=1+1"],
                                                   "金额": [1200, None]}), top_left="B3")
    port.save()
    return path


def test_a_table_reads_back_as_written_and_formula_like_text_stays_text(log_book: Path,
                                                                        open_port: PortFactory) -> None:
    frame = open_port(log_book).read_table("tblLog")
    assert list(frame.columns) == ["日期", "客户", "金额"]
    assert frame["客户"].tolist() == ["华北商贸", "=1+1"]
    assert frame["金额"].iloc[0] == 1200 and pd.isna(frame["金额"].iloc[1])


def test_a_marked_cell_has_the_severity_fill_and_the_message_as_its_note(log_book: Path,
                                                                         open_port: PortFactory) -> None:
    port = open_port(log_book)
    port.mark_issue("日志", "C4", "[date-outside-period] 日期不在本期内", "error")
    port.mark_issue("日志", "D5", "金额为空", "warning")
    port.save()
    again = open_port(log_book)
    fill, note = again.mark_of("日志", "C4")
    assert fill == MARK_FILLS["error"] and note and "日期不在本期内" in note
    assert again.mark_of("日志", "D5")[0] == MARK_FILLS["warning"]
    assert again.mark_of("日志", "B4") == (None, None)


def test_cells_are_written_and_a_sheet_is_replaced_not_duplicated(log_book: Path, open_port: PortFactory) -> None:
    port = open_port(log_book)
    port.write_cells("日志", {"B1": "区域: 华北", "B2": "=HYPERLINK(\"x\")"})
    port.replace_sheet("校验结果", [["级别", "单元格"], ["错误", "C4"]])
    port.replace_sheet("校验结果", [["级别", "单元格"], ["提醒", "D5"]])
    port.save()
    again = open_port(log_book)
    assert again.read_cell("日志", "B1") == "区域: 华北"
    assert again.read_cell("日志", "B2") == "=HYPERLINK(\"x\")"
    assert again.sheet_names().count("校验结果") == 1
    assert again.read_cell("校验结果", "A2") == "提醒"
    assert again.read_table("tblLog").shape == (2, 3)
    if isinstance(again, FilePort):
        assert openpyxl.load_workbook(log_book)["日志"]["B2"].data_type == "s"  # stored as text, not a formula
