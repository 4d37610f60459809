"""The Excel side of a click, over a stand-in for xlwings' App: which calls reach Excel, in which
order (Excel itself runs these in tests/test_workbook_port.py's manner only on Windows or macOS)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("xlwings")

from repbook.addin import entry
from repbook.addin.xlwings_session import XlwingsSession
from repbook.validation.marking import has_marks
from tests.test_validate_marks import faulty_log


class Book:
    def __init__(self, app: App, fullname: str) -> None:
        self.app, self.fullname, self.name = app, fullname, Path(fullname).name

    def save(self) -> None:
        self.app.log.append(f"save {self.name}")

    def close(self) -> None:
        self.app.log.append(f"close {self.name}")
        self.app.books.items.remove(self)
        if self.app.books.active is self:
            self.app.books.active = self.app.books.items[0] if self.app.books.items else None

    def activate(self) -> None:
        self.app.books.active = self


class Books:
    def __init__(self, app: App) -> None:
        self.app, self.items, self.active = app, [], None  # type: ignore[var-annotated]

    def __iter__(self) -> Iterator[Book]:
        return iter(list(self.items))

    def open(self, fullname: str) -> Book:
        found = next((b for b in self.items if b.fullname == fullname), None)
        if found is None:
            self.app.log.append(f"open {Path(fullname).name}")
            found = Book(self.app, fullname)
            self.items.append(found)
        self.active = found  # Excel activates what it opens
        return found


class Dialog:
    def __init__(self, api: Api, kind: int) -> None:
        self.api, self.kind, self.Title, self.InitialFileName, self.AllowMultiSelect = api, kind, "", "", True
        self.filters: list[tuple[str, str]] = []

    @property
    def Filters(self) -> Dialog:  # Office's names
        return self

    def Clear(self) -> None:
        self.filters.clear()

    def Add(self, name: str, pattern: str) -> None:
        self.filters.append((name, pattern))

    def Show(self) -> int:
        self.api.dialogs.append(self)
        return -1 if self.api.picked is not None else 0

    def SelectedItems(self, index: int) -> str:
        return str(self.api.picked)


class Api:
    def __init__(self) -> None:
        self.typed: Any = False
        self.picked: Path | None = None
        self.dialogs: list[Dialog] = []

    def InputBox(self, **kwargs: Any) -> Any:
        assert kwargs["Type"] == 2
        return self.typed

    def FileDialog(self, kind: int) -> Dialog:
        return Dialog(self, kind)


class App:
    def __init__(self) -> None:
        self.log: list[str] = []
        self.books = Books(self)
        self.api = Api()
        self.alerts: list[tuple[str, str | None, str]] = []
        self.button = "ok"
        self.status_bar: Any = False
        self.screen_updating, self.enable_events = True, True
        self.selection = None

    def alert(self, prompt: str, title: str | None = None, buttons: str = "ok") -> str:
        self.alerts.append((prompt, title, buttons))
        return self.button


def test_check_and_clear_marks_close_the_book_rewrite_it_and_open_it_again(tmp_path: Path) -> None:
    path, _ = faulty_log(tmp_path)
    app = App()
    app.books.open(str(path))
    app.log.clear()
    entry.on_action("Repbook_validate", "zh-CN", XlwingsSession(app))
    assert app.log == [f"save {path.name}", f"save {path.name}", f"close {path.name}", f"open {path.name}"]
    assert app.books.active is not None and app.books.active.fullname == str(path)
    assert has_marks(path)
    app.log.clear()
    entry.on_action("Repbook_clear_marks", "zh-CN", XlwingsSession(app))
    assert app.log == [f"save {path.name}", f"save {path.name}", f"close {path.name}", f"open {path.name}"]
    assert app.books.active.fullname == str(path)
    assert not has_marks(path)
    message, title, _ = app.alerts[-1]
    assert title == "repbook 销售管理" and message.startswith(f"清除标注 完成 ({path.name}): ")
    assert (app.screen_updating, app.enable_events, app.status_bar) == (True, True, False)


def test_open_books_lists_the_active_first_and_leaves_unsaved_books_out(tmp_path: Path) -> None:
    app = App()
    first, second = tmp_path / "a.xlsx", tmp_path / "b.xlsx"
    for p in (first, second):
        p.write_bytes(b"")
        app.books.open(str(p))
    app.books.items.append(Book(app, "Book1"))  # never saved: no file
    app.books.active = app.books.items[1]
    session = XlwingsSession(app)
    assert session.open_books() == [second, first]
    assert session.active_book_file() == second


def test_prompts_and_dialogs_give_none_when_cancelled(tmp_path: Path) -> None:
    app = App()
    session = XlwingsSession(app)
    assert session.ask("t", "p", "2026-12") is None  # InputBox returns False on Cancel
    app.api.typed = "2026-11"
    assert session.ask("t", "p", "2026-12") == "2026-11"
    assert session.choose_folder("returned", tmp_path) is None
    app.api.picked = tmp_path
    assert session.choose_file("control", tmp_path) == tmp_path
    folder_dialog, file_dialog = app.api.dialogs
    assert (folder_dialog.kind, file_dialog.kind, file_dialog.filters) == (4, 3, [("Excel", "*.xlsx")])
    assert folder_dialog.InitialFileName.startswith(str(tmp_path)) and not file_dialog.AllowMultiSelect
    for button, answer in (("yes", True), ("no", False), ("cancel", None)):
        app.button = button
        assert session.ask_yes_no("t", "m", cancel=True) == answer
    assert app.alerts[-1][2] == "yes_no_cancel"
