"""Marked copies: every issue at its cell, a results sheet with links, and marks that come off cleanly."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import openpyxl
from openpyxl.comments import Comment
from typer.testing import CliRunner

from repbook.cli import app
from repbook.validation.marking import marked_copy_path
from repbook.validation.validate import validate_paths
from tests.test_validate_rules import make_log, type_into

runner = CliRunner()


def faulty_log(folder: Path) -> tuple[Path, dict[tuple[str, int], str]]:
    path = make_log(folder)
    cells = type_into(path, {("date", 0): datetime(2026, 10, 30), ("method", 1): "飞鸽传书",
                             ("order_amount", 0): "１,５００"})
    return path, cells


def issue_keys(path: Path) -> list[tuple[str, str, str]]:
    return sorted((i.code, i.sheet, i.cell) for i in validate_paths([path]).issues())


def test_mark_writes_a_copy_with_fills_notes_and_linked_results(tmp_path: Path) -> None:
    path, cells = faulty_log(tmp_path)
    original = path.read_bytes()
    result = runner.invoke(app, ["validate", str(path), "--mark"])
    assert result.exit_code == 1
    assert path.read_bytes() == original
    marked = openpyxl.load_workbook(marked_copy_path(path))
    sheet = marked["日志"]
    error_cell = sheet[cells[("date", 0)]]
    assert error_cell.fill.fgColor.rgb == "FFFFC7CE"
    assert "date-outside-period" in error_cell.comment.text
    info_cell = sheet[cells[("order_amount", 0)]]
    assert info_cell.fill.fgColor.rgb == "FFDDEBF7"
    results = marked["校验结果"]
    assert marked.sheetnames[0] == "校验结果"
    links = {row[3].value: row[3].hyperlink.location if row[3].hyperlink.location else row[3].hyperlink.target
             for row in results.iter_rows(min_row=2)}
    assert set(links) == set(cells.values())
    assert all("日志" in str(v) for v in links.values())


def test_a_marked_copy_validated_again_gives_the_same_issues(tmp_path: Path) -> None:
    path, _ = faulty_log(tmp_path)
    runner.invoke(app, ["validate", str(path), "--mark"])
    assert issue_keys(marked_copy_path(path)) == issue_keys(path)


def test_clear_marks_restores_the_cells_and_keeps_the_reps_own_notes(tmp_path: Path) -> None:
    path, cells = faulty_log(tmp_path)
    book = openpyxl.load_workbook(path)
    book["日志"][cells[("method", 1)]].comment = Comment("客户说用飞鸽", "张伟")
    book.save(path)
    runner.invoke(app, ["validate", str(path), "--mark"])
    marked = marked_copy_path(path)
    assert "客户说用飞鸽" in openpyxl.load_workbook(marked)["日志"][cells[("method", 1)]].comment.text

    result = runner.invoke(app, ["clear-marks", str(marked), "--json"])
    assert result.exit_code == 0
    cleared = openpyxl.load_workbook(marked)
    assert "校验结果" not in cleared.sheetnames
    assert "_repbook_marks" not in cleared.sheetnames
    sheet = cleared["日志"]
    assert sheet[cells[("method", 1)]].comment.text == "客户说用飞鸽"
    assert sheet[cells[("date", 0)]].comment is None
    assert sheet[cells[("date", 0)]].fill.fill_type is None
    assert issue_keys(marked) == issue_keys(path)
