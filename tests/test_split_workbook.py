"""`repbook split` on a control workbook: live formulas that LibreOffice recalculates to Python's numbers."""

from __future__ import annotations

import json
import shutil
from dataclasses import replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from typer.testing import CliRunner

from repbook.cli import app
from repbook.commands.split import SplitResult, run_split
from repbook.demo.team import make_team
from repbook.io.control import read_control, write_control
from repbook.locale import catalogue
from repbook.periods import parse_period
from tests.support.libreoffice import LibreOffice
from tests.support.workbooks import error_cells

PERIOD = parse_period("2026-10")


def table_cells(book: openpyxl.Workbook, name: str) -> tuple[Any, list[str], int, int]:
    for sheet in book.worksheets:
        if name in sheet.tables:
            ref = sheet.tables[name].ref
            first, last = openpyxl.utils.range_boundaries(ref)[1], openpyxl.utils.range_boundaries(ref)[3]
            col = openpyxl.utils.range_boundaries(ref)[0]
            headers = [str(c.value) for c in sheet[first][col - 1:]]
            return sheet, headers, first + 1, last
    raise KeyError(name)


def type_into(book: openpyxl.Workbook, table: str, row: int, values: dict[str, Any]) -> None:
    """What a manager does in Excel: type values into row ``row`` (0-based) of a table, by header."""
    sheet, headers, first, _ = table_cells(book, table)
    for label, value in values.items():
        sheet.cell(first + row, headers.index(label) + 1, value)


def set_setting(book: openpyxl.Workbook, name: str, value: Any) -> None:
    sheet_name, ref = next(iter(book.defined_names[name].destinations))
    book[sheet_name][ref.replace("$", "")] = value


def rep_target_row(book: openpyxl.Workbook, rep: str, indicator: str) -> int:
    sheet, _, first, last = table_cells(book, "tblRepTargets")
    for r in range(first, last + 1):
        if sheet.cell(r, 1).value == rep and sheet.cell(r, 2).value == indicator:
            return r - first
    raise KeyError((rep, indicator))


@pytest.fixture
def control(tmp_path: Path) -> Path:
    """A sample team's October 2026 control workbook, split by 旬, with what a manager types in Excel."""
    team = make_team(PERIOD)
    team = replace(team, settings={**team.settings, "split_mode": "dekad"})
    path = tmp_path / "control.xlsx"
    write_control(path, team, PERIOD, "zh-CN")
    book = openpyxl.load_workbook(path)
    type_into(book, "tblRepTargets", rep_target_row(book, "R02", "SALES"), {"自报目标": 400_000})
    type_into(book, "tblRepTargets", rep_target_row(book, "R03", "SALES"), {"保底": 260_000})
    type_into(book, "tblRepTargets", rep_target_row(book, "R04", "SALES"), {"封顶": 150_000})
    type_into(book, "tblRepTargets", rep_target_row(book, "R05", "EXPENSE"), {"自报目标": 9_000})
    type_into(book, "tblSeasonality", 0, {"第几周或旬": 1, "权重": 0.2})
    type_into(book, "tblSeasonality", 1, {"第几周或旬": 2, "权重": 0.35})
    type_into(book, "tblSeasonality", 2, {"第几周或旬": 3, "权重": 0.45})
    type_into(book, "tblEvents", 0, {"活动名称": "秋季品鉴会", "活动日期": datetime(2026, 10, 20), "负责人工号": "R01",
                                     "邀约人数": 120, "到场率": 0.6, "成交率": 0.25, "客单价": 3000})
    type_into(book, "tblEvents", 1, {"活动名称": "客户答谢会", "指标代码": "COLLECT", "邀约人数": 80, "到场率": 0.5,
                                     "成交率": 0.3, "客单价": 5000})
    # The manager marks 2026-10-23 (a Friday) as a day off on the calendar.
    sheet, _, first, last = table_cells(book, "tblCalendar")
    for r in range(first, last + 1):
        if sheet.cell(r, 1).value == datetime(2026, 10, 23):
            sheet.cell(r, 2).value = 0
            sheet.cell(r, 3).value = catalogue().choice_label("day_kind", "holiday", "zh-CN")
    book.save(path)
    return path


def sheet_rows(book: openpyxl.Workbook, label_key: str) -> list[dict[str, Any]]:
    sheet = book[catalogue().label(label_key, "zh-CN")]
    ids = {catalogue().label(k, "zh-CN"): k.removeprefix("split_col_") for k in catalogue().labels
           if k.startswith("split_col_")}
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    # Headers can repeat across the catalogue (e.g. 分配权重): the first column of a label wins.
    headers: list[str | None] = []
    for h in rows[0]:
        key = ids.get(str(h))
        headers.append(None if key in headers else key)
    return [{k: v for k, v in zip(headers, row, strict=False) if k} for row in rows[1:]]


def assert_equals_python(recalculated: Path, result: SplitResult) -> None:
    book = openpyxl.load_workbook(recalculated, data_only=True)
    assert error_cells(recalculated) == []
    reps = sheet_rows(book, "split_sheet_reps")
    python = {(s.indicator_id, r.rep_id): r for s in result.reps for r in s.shares}
    assert len(reps) == len(python)
    for row in reps:
        share = python[(row["indicator"], row["rep"])]
        assert row["must"] == pytest.approx(share.must), row
        assert row["challenge"] == pytest.approx(share.challenge), row
    time = sheet_rows(book, "split_sheet_time")
    parts = {(rep, ind, p.code): p for (rep, ind), ps in result.time.items() for p in ps}
    assert len(time) == len(parts)
    for row in time:
        part = parts[(row["rep"], row["indicator"], row["part"])]
        assert row["working_days"] == part.working_days
        assert row["part_target"] == pytest.approx(part.target), row
    customers = sheet_rows(book, "split_sheet_customers")
    for row in customers:
        split = result.customers[row["rep"]]
        assert row["gap"] == pytest.approx(split.gap), row
        assert row["covered"] == pytest.approx(split.expected), row
    events = {e["event_no"]: e for e in result.events}
    for row in sheet_rows(book, "split_sheet_events"):
        if row["event_no"] in events:
            assert row["event_amount"] == pytest.approx(events[row["event_no"]]["event_amount"])
            assert row["event_share"] == pytest.approx(events[row["event_no"]]["event_share"])
        else:
            assert row["event_amount"] in (None, "")


def test_split_writes_live_formulas_that_equal_python_even_after_the_manager_edits_settings(
        control: Path, libreoffice: LibreOffice, tmp_path: Path) -> None:
    outcome = CliRunner().invoke(app, ["split", str(control), "--json"])
    assert outcome.exit_code == 0, outcome.output
    payload = json.loads(outcome.stdout)
    sales = next(i for i in payload["indicators"] if i["indicator_id"] == "SALES")
    by_rep = {r["rep_id"]: r for r in sales["reps"]}
    assert by_rep["R02"]["must"] == 400_000 and by_rep["R02"]["kept_declared"]
    assert by_rep["R03"]["must"] >= 260_000 and by_rep["R04"]["must"] <= 150_000
    assert sum(r["must"] for r in sales["reps"]) == sales["team_total"]
    first = run_split(Path(shutil.copy(control, tmp_path / "python-first.xlsx")))

    # The rep targets now carry the must-achieve figures `repbook generate` pre-fills.
    targets = read_control(control).rep_targets
    assert next(t for t in targets["R02"] if t["indicator_id"] == "SALES")["must"] == 400_000

    # In Excel the manager raises the history weight, the stretch of SALES and a declaration.
    edited = tmp_path / "edited.xlsx"
    shutil.copy(control, edited)
    book = openpyxl.load_workbook(edited)
    set_setting(book, "rb_weight_history", 0.8)
    set_setting(book, "rb_weight_resources", 0.0)
    sheet, headers, first_row, last = table_cells(book, "tblIndicators")
    for r in range(first_row, last + 1):
        if sheet.cell(r, 1).value == "SALES":
            sheet.cell(r, headers.index("分解系数") + 1).value = 1.2
    type_into(book, "tblRepTargets", rep_target_row(book, "R06", "COLLECT"), {"自报目标": 500_000})
    book.save(edited)
    python_edited = run_split(Path(shutil.copy(edited, tmp_path / "python-edited.xlsx")))
    assert python_edited.reps[0].team_total != first.reps[0].team_total

    recalculated = libreoffice.recalculate([control, edited])
    assert_equals_python(recalculated[0], first)
    assert_equals_python(recalculated[1], python_edited)


def test_a_split_that_cannot_work_names_the_rep_and_leaves_the_file_alone(control: Path) -> None:
    book = openpyxl.load_workbook(control)
    type_into(book, "tblRepTargets", rep_target_row(book, "R01", "SALES"), {"保底": 900_000, "封顶": 100_000})
    book.save(control)
    before = control.read_bytes()
    outcome = CliRunner().invoke(app, ["split", str(control)])
    assert outcome.exit_code == 2
    assert "R01" in outcome.stderr and "floor, cap" in outcome.stderr
    assert control.read_bytes() == before


def test_october_by_dekad_follows_the_managers_calendar_mark(control: Path) -> None:
    result = run_split(control)
    parts = result.time[("R01", "SALES")]
    # 下旬 has 8 statutory working days; the manager took 23 October off.
    assert [p.working_days for p in parts] == [3, 7, 7]
    assert sum(p.target for p in parts) == next(s for s in result.reps if s.indicator_id == "SALES").must("R01")
    assert date(2026, 10, 23) in {d.day for d in read_control(control).manager_days}
