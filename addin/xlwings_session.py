"""Excel through xlwings: the active workbook, alerts, status bar, and the live-book port.

Only what the file port does, on a live book (DESIGN: the xlwings port stays thin).
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pandas as pd
import xlwings as xw

from repbook.errors import RepbookError
from repbook.io.workbook_port import MARK_FILLS, Severity


class XlwingsSession:
    """The Excel instance the user clicked in (``xw.apps.active``) and its active workbook."""

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

    def active_book_path(self) -> Path:
        book = self._book()
        full = str(book.fullname)
        if "://" in full:  # OneDrive/SharePoint report a URL (#1630, #2554)
            from xlwings.utils import fullname_url_to_local_path

            try:
                full = fullname_url_to_local_path(full)
            except Exception:
                full = ""
            if not full or "://" in full or not Path(full).exists():
                raise RepbookError(_message(self.locale, "addin_cloud_book", book=book.name))
        path = Path(full)
        if not path.is_absolute() or not path.exists():
            raise RepbookError(_message(self.locale, "addin_unsaved_book", book=book.name))
        book.save()  # the command reads the file: it must hold what the manager sees
        return path

    def port(self) -> XlwingsPort:
        return XlwingsPort(self._book())

    def open_book(self, path: Path) -> None:
        self.app.books.open(str(path))

    def alert(self, title: str, message: str) -> None:
        self.app.alert(message, title=title)

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
