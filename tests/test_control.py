"""The manager's control workbook: created empty, read back, calendar edits kept."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import openpyxl
import pytest

from repbook.commands.context import form_context
from repbook.commands.init_control import init_control
from repbook.demo.team import make_team
from repbook.errors import UsageError
from repbook.generators.workbook import build_workbook
from repbook.io.control import read_control, write_control
from repbook.io.workbook_reader import RepbookWorkbook
from repbook.periods import parse_period
from tests.support.libreoffice import LibreOffice


def test_init_creates_every_sheet_a_manager_needs(tmp_path: Path) -> None:
    result = init_control(tmp_path / "control.xlsx", parse_period("2026-12"), "zh-CN")
    book = openpyxl.load_workbook(result.path)
    assert {"设置", "花名册", "指标", "个人目标", "历史业绩", "客户", "邮件设置", "日历", "填写说明"} <= set(book.sheetnames)
    assert book["日历"].sheet_state == "visible"
    # 2027's holidays are not published in the installed calendar package yet.
    assert result.uncovered_years == (2027,)
    assert "2027" in str(book["日历"]["A1"].value)


def test_init_never_overwrites_a_control_workbook(tmp_path: Path) -> None:
    path = tmp_path / "control.xlsx"
    init_control(path, parse_period("2026-12"), "zh-CN")
    before = path.read_bytes()
    with pytest.raises(UsageError, match="already exists"):
        init_control(path, parse_period("2026-12"), "zh-CN")
    assert path.read_bytes() == before


def test_roster_customers_targets_and_settings_read_back(tmp_path: Path) -> None:
    period = parse_period("2026-11")
    team = make_team(period)
    path = tmp_path / "control.xlsx"
    write_control(path, team, period, "zh-TW")
    control = read_control(path)
    assert [r.rep_id for r in control.reps] == [r.rep_id for r in team.reps]
    assert [r.name for r in control.reps] == [r.name for r in team.reps]
    assert len(control.customers) == len(team.customers)
    assert control.customers_of("R03")[0].name == team.customers_of("R03")[0].name
    assert control.customers_of("R03")[0].status == team.customers_of("R03")[0].status
    assert control.settings["split_mode"] == "week"
    assert control.settings["period"] == "2026-11"
    assert control.rep_targets["R01"][0]["must"] == team.rep_targets["R01"][0]["must"]
    assert control.manager_days == ()


def mark_day(path: Path, day: date, workday: int, kind: str) -> None:
    """What a manager does in Excel: change one calendar row's flag and kind."""
    book = openpyxl.load_workbook(path)
    sheet = book["日历"]
    for row in sheet.iter_rows(min_row=3):
        if row[0].value is not None and row[0].value.date() == day:
            row[1].value = workday
            row[2].value = kind
            break
    else:
        raise AssertionError(f"{day} not on the calendar")
    book.save(path)


def test_holidays_the_manager_marks_change_working_days_everywhere(
    tmp_path: Path, libreoffice: LibreOffice
) -> None:
    period = parse_period("2027-01")
    path = tmp_path / "control.xlsx"
    init_control(path, period, "zh-CN")
    mark_day(path, date(2027, 1, 1), 0, "节假日")  # New Year's Day, a Friday
    mark_day(path, date(2027, 1, 9), 1, "调休上班")  # a Saturday worked in lieu
    control = read_control(path)
    assert {(d.day, d.kind) for d in control.manager_days} == {
        (date(2027, 1, 1), "holiday"), (date(2027, 1, 9), "makeup")}

    # A later rewrite keeps what the manager typed.
    write_control(tmp_path / "again.xlsx", control, period, "zh-CN")
    assert read_control(tmp_path / "again.xlsx").manager_days == control.manager_days

    rep = control.reps[0] if control.reps else None
    from repbook.model import Rep
    ctx = form_context("work-log", rep or Rep("R01", "测试"), period, control, "zh-CN")
    assert ctx.calendar.working_days(period.start, period.end) == 21  # 21 weekdays - 1 + 1
    form = build_workbook(ctx, tmp_path / "log.xlsx")
    (recalculated,) = libreoffice.recalculate([form])
    assert RepbookWorkbook(recalculated).named_value("rb_workdays_total") == 21
