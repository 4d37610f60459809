"""What a ribbon command needs from Excel: the active workbook, alerts, the status bar.

``on_action`` takes any object with this shape; Excel's is ``XlwingsSession``, and tests
pass one over a real file, so every button runs end to end without Excel.
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

    def active_book_path(self) -> Path:
        """The active workbook saved to disk, as a local path (RepbookError when it has none)."""
        ...

    def port(self) -> WorkbookPort:
        """The active workbook, for commands that write into it."""
        ...

    def open_book(self, path: Path) -> None: ...

    def alert(self, title: str, message: str) -> None: ...

    def status(self, text: str | None) -> None:
        """Show ``text`` in the status bar; ``None`` gives the bar back to Excel."""
        ...

    def writing(self) -> AbstractContextManager[None]:
        """Screen updating and events off while the block writes."""
        ...
