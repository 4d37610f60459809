"""Clicking a ribbon button, without Excel: the entry runs the command on the active
workbook (a real file here) and tells the manager what happened in their language."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from repbook.addin import actions, entry
from repbook.errors import RepbookError
from repbook.io.workbook_port import FilePort
from repbook.validation.marking import marked_copy_path
from tests.test_validate_marks import faulty_log


class FileSession:
    """Excel as the entry sees it, with the active workbook a file on disk."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.alerts: list[tuple[str, str]] = []
        self.opened: list[Path] = []
        self.statuses: list[str | None] = []

    def active_book_name(self) -> str:
        return self.path.name if self.path else ""

    def active_book_path(self) -> Path:
        if self.path is None:
            raise RepbookError("no book")
        return self.path

    def port(self) -> FilePort:
        assert self.path is not None
        return FilePort(self.path)

    def open_book(self, path: Path) -> None:
        self.opened.append(path)

    def alert(self, title: str, message: str) -> None:
        self.alerts.append((title, message))

    def status(self, text: str | None) -> None:
        self.statuses.append(text)

    @contextmanager
    def writing(self) -> Iterator[None]:
        yield


def test_check_and_mark_opens_the_marked_copy_and_counts_the_problems(tmp_path: Path) -> None:
    path, _ = faulty_log(tmp_path)
    session = FileSession(path)
    entry.on_action("Repbook_validate", "zh-CN", session)
    assert session.opened == [marked_copy_path(path)]
    (title, message), = session.alerts
    assert title == "repbook 销售管理"
    assert message.startswith(f"检查并标注 完成 ({path.name})") and "个错误" in message
    assert session.statuses[0] == f"检查并标注: 正在处理 {path.name} ..." and session.statuses[-1] is None


def test_an_expected_problem_is_a_short_alert_in_the_managers_language(tmp_path: Path) -> None:
    not_a_workbook = tmp_path / "notes.xlsx"
    not_a_workbook.write_text("not a workbook")
    session = FileSession(not_a_workbook)
    entry.on_action("Repbook_generate", "en", session)
    (_, message), = session.alerts
    assert message.startswith("Generate the pack did not finish (notes.xlsx):")
    assert "Traceback" not in message


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


def test_a_button_without_an_excel_action_names_the_terminal_command(tmp_path: Path) -> None:
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
