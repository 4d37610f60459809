"""Excel through xlwings: the active workbook, dialogs, alerts, status bar, and the live-book port.

Only what the file port does, on a live book (DESIGN: the xlwings port stays thin); the
session is what tests/support/excel.py stands in for, method for method.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

import pandas as pd
import xlwings as xw

from repbook.errors import RepbookError
from repbook.io.workbook_port import MARK_FILLS, Severity


class XlwingsSession:
    """The Excel instance the user clicked in (``xw.apps.active``) and its active workbook.

    Dialogs are Excel's own on Windows (FileDialog, InputBox, GetSaveAsFilename) and
    AppleScript's on macOS, where Excel's object model has no folder picker.
    """

    def __init__(self, app: Any | None = None, locale: str = "zh-CN") -> None:
        self.app: Any = app or xw.apps.active
        self.locale = locale

    def _book(self) -> Any:
        book = self.app.books.active if self.app is not None else None
        if book is None:
            raise RepbookError(_message(self.locale, "addin_no_book"))
        return book

    def active_book_name(self) -> str:
        try:
            return str(self._book().name)
        except RepbookError:
            return ""

    def active_book_file(self) -> Path | None:
        try:
            return _local_file(self._book())
        except RepbookError:
            return None

    def active_book_path(self) -> Path:
        book = self._book()
        full = str(book.fullname)
        if "://" in full and _local_file(book) is None:  # OneDrive/SharePoint report a URL (#1630, #2554)
            raise RepbookError(_message(self.locale, "addin_cloud_book", book=book.name))
        path = _local_file(book)
        if path is None:
            raise RepbookError(_message(self.locale, "addin_unsaved_book", book=book.name))
        book.save()  # the command reads the file: it must hold what the manager sees
        return path

    def open_books(self) -> list[Path]:
        active = self.active_book_file()
        found = [p for p in (_local_file(b) for b in self.app.books)
                 if p is not None and (active is None or _key(p) != _key(active))]
        return ([active] if active is not None else []) + found

    def _open_at(self, path: Path) -> Any | None:
        wanted = _key(path)
        for book in self.app.books:
            local = _local_file(book)
            if local is not None and _key(local) == wanted:
                return book
        return None

    def save_book(self, path: Path) -> None:
        book = self._open_at(path)
        if book is not None:
            book.save()

    def close_book(self, path: Path) -> None:
        book = self._open_at(path)
        if book is not None:
            book.close()

    @contextmanager
    def editing(self, path: Path) -> Iterator[None]:
        book = self._open_at(path)
        if book is None:
            yield
            return
        book.save()
        book.close()
        try:
            yield
        finally:
            self.app.books.open(str(path)).activate()

    def selected_text(self) -> str:
        try:
            selection = self.app.selection
            value = selection[0].value if selection is not None else None
        except Exception:  # a chart or a shape is selected
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        return "" if value is None else str(value).strip()

    def port(self) -> XlwingsPort:
        return XlwingsPort(self._book())

    def open_book(self, path: Path) -> None:
        # Excel cannot hold two books of one name: then the file stays closed, and the message names it.
        with suppress(ValueError):
            self.app.books.open(str(path)).activate()

    def alert(self, title: str, message: str) -> None:
        self.app.alert(message, title=title)

    def ask(self, title: str, prompt: str, default: str = "") -> str | None:
        if sys.platform == "darwin":
            return _osascript(f"text returned of (display dialog {_as(prompt)} default answer {_as(default)} "
                              f"with title {_as(title)})")
        answer = self.app.api.InputBox(Prompt=prompt, Title=title, Default=default, Type=2)  # 2: text
        return None if answer is False else str(answer)

    def ask_secret(self, title: str, prompt: str) -> str | None:
        if sys.platform == "darwin":
            return _osascript(f"text returned of (display dialog {_as(prompt)} default answer \"\" "
                              f"with title {_as(title)} with hidden answer)")
        try:  # Excel's InputBox shows what is typed: a password goes to a hidden Tk prompt
            import tkinter
            from tkinter import simpledialog
        except ImportError:
            raise RepbookError(_message(self.locale, "addin_no_password_prompt")) from None
        root = tkinter.Tk()
        root.withdraw()
        root.attributes("-topmost", True)
        try:
            return simpledialog.askstring(title, prompt, show="*", parent=root)
        finally:
            root.destroy()

    def ask_yes_no(self, title: str, message: str, *, cancel: bool = False) -> bool | None:
        answer = self.app.alert(message, title=title, buttons="yes_no_cancel" if cancel else "yes_no")
        return {"yes": True, "no": False}.get(str(answer))

    def choose_folder(self, title: str, start: Path | None = None) -> Path | None:
        return self._pick("folder", MSO_FOLDER_PICKER, title, start)

    def choose_file(self, title: str, start: Path | None = None) -> Path | None:
        return self._pick("file", MSO_FILE_PICKER, title, start)

    def _pick(self, what: str, kind: int, title: str, start: Path | None) -> Path | None:
        """macOS's own chooser (AppleScript), else Office's FileDialog of ``kind``."""
        if sys.platform == "darwin":
            where = f" default location (POSIX file {_as(str(start))})" if start else ""
            chosen = _osascript(f"POSIX path of (choose {what} with prompt {_as(title)}{where})")
            return Path(chosen) if chosen else None
        return self._file_dialog(kind, title, start)

    def choose_new_file(self, title: str, suggested: Path) -> Path | None:
        if sys.platform == "darwin":
            chosen = _osascript(f"POSIX path of (choose file name with prompt {_as(title)} default name "
                                f"{_as(suggested.name)} default location (POSIX file {_as(str(suggested.parent))}))")
            return Path(chosen) if chosen else None
        answer = self.app.api.GetSaveAsFilename(InitialFilename=str(suggested), FileFilter="Excel (*.xlsx), *.xlsx",
                                                FilterIndex=1, Title=title)
        return None if answer is False else Path(str(answer))

    def _file_dialog(self, kind: int, title: str, start: Path | None) -> Path | None:
        dialog = self.app.api.FileDialog(kind)
        dialog.Title = title
        dialog.AllowMultiSelect = False
        if kind == MSO_FILE_PICKER:
            dialog.Filters.Clear()
            dialog.Filters.Add("Excel", "*.xlsx")
        if start is not None:
            dialog.InitialFileName = str(start) + os.sep
        if dialog.Show() != -1:  # -1: the manager pressed OK
            return None
        return Path(str(dialog.SelectedItems(1)))

    def status(self, text: str | None) -> None:
        self.app.status_bar = text if text is not None else False

    @contextmanager
    def writing(self) -> Iterator[None]:
        updating, events = self.app.screen_updating, self.app.enable_events
        self.app.screen_updating, self.app.enable_events = False, False
        try:
            yield
        finally:
            self.app.screen_updating, self.app.enable_events = updating, events


MSO_FILE_PICKER, MSO_FOLDER_PICKER = 3, 4  # Office's msoFileDialogType


def _local_file(book: Any) -> Path | None:
    """The book's file on this machine, or None (never saved; a cloud URL with no local copy)."""
    full = str(book.fullname)
    if "://" in full:
        from xlwings.utils import fullname_url_to_local_path

        try:
            full = fullname_url_to_local_path(full)
        except Exception:
            return None
        if not full or "://" in full:
            return None
    path = Path(full)
    return path if path.is_absolute() and path.exists() else None


def _key(path: Path) -> str:
    return os.path.normcase(os.path.realpath(path))


def _as(text: str) -> str:
    """An AppleScript string literal."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _osascript(script: str) -> str | None:
    """Run one AppleScript expression; None when the manager pressed Cancel."""
    done = subprocess.run(["osascript", "-e", script], capture_output=True, text=True)
    return done.stdout.rstrip("\n") if done.returncode == 0 else None


class XlwingsPort:
    """The workbook port on a book open in Excel; ranges are written in one call each (#860)."""

    def __init__(self, book: Any) -> None:
        self.book = book

    @property
    def name(self) -> str:
        return str(self.book.name)

    def sheet_names(self) -> list[str]:
        return [s.name for s in self.book.sheets]

    def read_table(self, table: str) -> pd.DataFrame:
        for sheet in self.book.sheets:
            if table in [t.name for t in sheet.tables]:
                found = sheet.tables[table]
                frame = found.range.options(pd.DataFrame, index=False, header=True).value
                return frame.dropna(how="all").reset_index(drop=True)
        raise RepbookError(f"{self.name}: has no Excel Table named {table}.")

    def write_table(self, sheet: str, table: str, frame: pd.DataFrame, *, top_left: str = "A1") -> None:
        target = self.book.sheets[sheet]
        if table in [t.name for t in target.tables]:
            target.tables[table].delete()
        target[top_left].options(index=False).value = _as_text(frame)
        target.tables.add(source=target[top_left].expand(), name=table)

    def write_cells(self, sheet: str, values: Mapping[str, Any]) -> None:
        target = self.book.sheets[sheet]
        for cell, value in values.items():
            _put(target[cell], value)

    def read_cell(self, sheet: str, cell: str) -> Any:
        return self.book.sheets[sheet][cell].value

    def mark_issue(self, sheet: str, cell: str, message: str, severity: Severity) -> None:
        target = self.book.sheets[sheet][cell]
        target.color = "#" + MARK_FILLS[severity][2:]
        if target.note is not None:
            target.note.delete()
        target.add_note(message)

    def mark_of(self, sheet: str, cell: str) -> tuple[str | None, str | None]:
        target = self.book.sheets[sheet][cell]
        color = target.color
        note = target.note.text if target.note is not None else None
        return (None if color is None else "FF" + "".join(f"{c:02X}" for c in color)), note

    def replace_sheet(self, sheet: str, rows: Sequence[Sequence[Any]]) -> None:
        names = self.sheet_names()
        if sheet in names:
            old = self.book.sheets[sheet]
            new = self.book.sheets.add(before=old)
            old.delete()
            new.name = sheet
        else:
            new = self.book.sheets.add(sheet, after=self.book.sheets[-1])
        if rows:
            width = max(len(r) for r in rows)
            new["A1"].value = [[_text(v) for v in r] + [None] * (width - len(r)) for r in rows]

    def save(self) -> None:
        self.book.save()


def _text(value: Any) -> Any:
    """A leading = would make Excel evaluate untrusted text: the apostrophe keeps it text."""
    return "'" + value if isinstance(value, str) and value.startswith("=") else value


def _put(cell: Any, value: Any) -> None:
    cell.value = _text(value)


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    return frame.map(_text)


def _message(locale: str, key: str, **values: object) -> str:
    from repbook.locale import catalogue, parse_locale

    return catalogue().message(key, parse_locale(locale), **values)
