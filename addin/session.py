"""What a ribbon command needs from Excel: workbooks, dialogs, alerts, the status bar.

``on_action`` takes any object with this shape; Excel's is ``XlwingsSession``, and tests
pass one over real files (tests/support/excel.py), so every button runs end to end without
Excel. Dialogs and prompts return ``None`` when the manager cancels; the action then stops
with ``repbook.errors.Cancelled`` and nothing is changed.

Excel holds the files of open workbooks: a command never writes one while it is open. It
closes an output it is about to replace (``close_book``) and lets a command rewrite an open
input through ``editing``, which closes the book and opens it again afterwards.
"""

from __future__ import annotations

from contextlib import AbstractContextManager
from pathlib import Path
from typing import Protocol

from repbook.io.workbook_port import WorkbookPort


class ExcelSession(Protocol):
    def active_book_name(self) -> str:
        """The active workbook's name as Excel shows it ("" when none is open)."""
        ...

    def active_book_file(self) -> Path | None:
        """The active workbook's local file as last saved (nothing is saved); None when it has none."""
        ...

    def active_book_path(self) -> Path:
        """The active workbook saved to disk, as a local path (RepbookError when it has none)."""
        ...

    def open_books(self) -> list[Path]:
        """The local files of the workbooks open in Excel, the active one first."""
        ...

    def save_book(self, path: Path) -> None:
        """Save the workbook open at ``path`` (if Excel has it open), so a command reads what the manager sees."""
        ...

    def close_book(self, path: Path) -> None:
        """Close the workbook at ``path`` without saving, if Excel has it open: a command is about to replace it."""
        ...

    def editing(self, path: Path) -> AbstractContextManager[None]:
        """While the block rewrites ``path``: if Excel has it open, it is saved and closed first and
        opened again afterwards, also when the block fails."""
        ...

    def selected_text(self) -> str:
        """The active cell's value as text ("" when there is none)."""
        ...

    def port(self) -> WorkbookPort:
        """The active workbook, for commands that write into it."""
        ...

    def open_book(self, path: Path) -> None:
        """Open ``path`` in Excel (it becomes the active workbook)."""
        ...

    def alert(self, title: str, message: str) -> None: ...

    def ask(self, title: str, prompt: str, default: str = "") -> str | None:
        """A line of text typed by the manager; None when cancelled."""
        ...

    def ask_secret(self, title: str, prompt: str) -> str | None:
        """A password, typed hidden and never stored; None when cancelled."""
        ...

    def ask_yes_no(self, title: str, message: str, *, cancel: bool = False) -> bool | None:
        """Yes or No; with ``cancel`` a third button, which gives None."""
        ...

    def choose_folder(self, title: str, start: Path | None = None) -> Path | None: ...

    def choose_file(self, title: str, start: Path | None = None) -> Path | None:
        """An existing workbook (.xlsx) picked in a file dialog."""
        ...

    def choose_new_file(self, title: str, suggested: Path) -> Path | None:
        """Where to save a new workbook, in a save dialog starting at ``suggested``."""
        ...

    def status(self, text: str | None) -> None:
        """Show ``text`` in the status bar; ``None`` gives the bar back to Excel."""
        ...

    def writing(self) -> AbstractContextManager[None]:
        """Screen updating and events off while the block writes."""
        ...
