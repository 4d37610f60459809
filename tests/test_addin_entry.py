"""Clicking a ribbon button, without Excel: the entry runs the command on the active
workbook (a real file here) and tells the manager what happened in their language."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from repbook.addin import actions, entry
from repbook.addin.ribbon import ribbon_commands
from repbook.validation.marking import has_marks
from tests.support.excel import FileSession
from tests.test_validate_marks import faulty_log


def test_check_and_mark_marks_the_active_workbook_and_counts_the_problems(tmp_path: Path) -> None:
    path, _ = faulty_log(tmp_path)
    session = FileSession(path)
    entry.on_action("Repbook_validate", "zh-CN", session)
    assert session.reopened == [path] and has_marks(path)
    (title, message), = session.alerts
    assert title == "repbook 销售管理"
    assert message.startswith(f"检查并标注 完成 ({path.name})") and "个错误" in message
    assert session.statuses[0] == f"检查并标注: 正在处理 {path.name} ..." and session.statuses[-1] is None


def test_an_expected_problem_is_a_short_alert_in_the_managers_language(tmp_path: Path) -> None:
    not_a_workbook = tmp_path / "notes.xlsx"
    not_a_workbook.write_text("not a workbook")
    session = FileSession(not_a_workbook, files=[not_a_workbook])  # asked for the control workbook, picks it
    entry.on_action("Repbook_generate", "en", session)
    (_, message), = session.alerts
    assert message.startswith("Generate the pack did not finish (notes.xlsx):")
    assert "notes.xlsx is not a team control workbook" in message and "Traceback" not in message


def test_an_unexpected_failure_is_logged_and_the_alert_names_the_log(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(session: object, locale: object) -> str:
        raise ZeroDivisionError("a bug")

    monkeypatch.setattr(entry, "LOG_FILE", tmp_path / "addin.log")
    monkeypatch.setitem(actions.ACTIONS, "validate", broken)
    session = FileSession(tmp_path / "book.xlsx")
    entry.on_action("Repbook_validate", "zh-CN", session)
    (_, message), = session.alerts
    assert str(tmp_path / "addin.log") in message and "ZeroDivisionError" not in message
    assert "ZeroDivisionError: a bug" in (tmp_path / "addin.log").read_text("utf-8")


def test_every_ribbon_button_acts_in_excel() -> None:
    assert sorted(info.id for info in ribbon_commands()) == sorted(actions.ACTIONS)


def test_a_button_without_an_excel_action_names_the_terminal_command(tmp_path: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    # No ribbon button lacks an action today; a registry entry added without one still gets a live button.
    monkeypatch.delitem(actions.ACTIONS, "consolidate")
    session = FileSession(tmp_path / "master.xlsx")
    entry.on_action("Repbook_consolidate", "zh-CN", session)
    (_, message), = session.alerts
    assert "repbook consolidate --help" in message


def test_the_entry_imports_light() -> None:
    # What a click's fresh Python loads before the command runs: no pandas, openpyxl or pydantic.
    code = ("import sys, repbook.addin.entry; "
            "print(sorted(m for m in ('pandas', 'openpyxl', 'pydantic', 'yaml') if m in sys.modules))")
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"
