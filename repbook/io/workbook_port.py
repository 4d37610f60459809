"""The workbook port: what a command does to a workbook, whether a file or a live Excel book.

Two implementations keep the same contract (tests/test_workbook_port.py): ``FilePort``
here (openpyxl, for the CLI and tests) and ``XlwingsPort`` in repbook.addin (a book open
in Excel). Marks follow repbook.validation.marking: a fill by severity and a note.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Literal, Protocol

import openpyxl
import pandas as pd
from openpyxl.cell.cell import Cell
from openpyxl.comments import Comment
from openpyxl.styles import PatternFill
from openpyxl.utils.cell import range_boundaries
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from repbook.errors import InputFileError
from repbook.io.atomic import atomic_path

Severity = Literal["error", "warning", "info"]
MARK_FILLS: dict[Severity, str] = {"error": "FFFFC7CE", "warning": "FFFFEB9C", "info": "FFDDEBF7"}
NOTE_AUTHOR = "repbook"


class WorkbookPort(Protocol):
    """The operations commands need on a workbook; cells are A1 references."""

    @property
    def name(self) -> str: ...

    def sheet_names(self) -> list[str]: ...

    def read_table(self, table: str) -> pd.DataFrame:
        """The Excel Table ``table`` as a DataFrame, its header row as column names."""
        ...

    def write_table(self, sheet: str, table: str, frame: pd.DataFrame, *, top_left: str = "A1") -> None:
        """Write ``frame`` with its header at ``top_left`` and make it the Excel Table ``table``."""
        ...

    def write_cells(self, sheet: str, values: Mapping[str, Any]) -> None: ...

    def read_cell(self, sheet: str, cell: str) -> Any: ...

    def mark_issue(self, sheet: str, cell: str, message: str, severity: Severity) -> None:
        """Fill the cell by severity and put ``message`` in its note."""
        ...

    def mark_of(self, sheet: str, cell: str) -> tuple[str | None, str | None]:
        """The cell's fill colour (ARGB) and note text, as a mark left them."""
        ...

    def replace_sheet(self, sheet: str, rows: Sequence[Sequence[Any]]) -> None:
        """Add ``sheet`` (replacing one of that name) holding ``rows`` from A1."""
        ...

    def save(self) -> None: ...


class FilePort:
    """A workbook file edited with openpyxl and saved atomically in place."""

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            self.book: Workbook = openpyxl.load_workbook(path, keep_vba=path.suffix.lower() == ".xlsm")
        except Exception as exc:  # openpyxl raises many kinds for a bad package
            raise InputFileError(f"cannot be opened as a workbook ({exc.__class__.__name__}).", file=str(path),
                                 hint="Check that it is an .xlsx file saved by Excel, WPS or LibreOffice.") from exc

    @property
    def name(self) -> str:
        return self.path.name

    def sheet_names(self) -> list[str]:
        return list(self.book.sheetnames)

    def read_table(self, table: str) -> pd.DataFrame:
        sheet, ref = self._find_table(table)
        min_col, min_row, max_col, max_row = range_boundaries(ref)
        rows = list(sheet.iter_rows(min_row=min_row, max_row=max_row, min_col=min_col, max_col=max_col,
                                    values_only=True))
        header = [str(v) for v in rows[0]]
        body = [r for r in rows[1:] if any(v is not None and v != "" for v in r)]
        return pd.DataFrame(body, columns=header)

    def write_table(self, sheet: str, table: str, frame: pd.DataFrame, *, top_left: str = "A1") -> None:
        target = self._sheet(sheet)
        for name, existing in list(target.tables.items()):
            if name == table:
                del target.tables[name]
                del existing
        col0, row0 = _origin(target, top_left)
        rows = [list(map(str, frame.columns)), *frame.astype(object).where(frame.notna(), None).values.tolist()]
        for r, values in enumerate(rows):
            for c, value in enumerate(values):
                _put(target.cell(row0 + r, col0 + c), value)
        last = target.cell(row0 + max(len(rows) - 1, 1), col0 + len(frame.columns) - 1).coordinate
        excel_table = Table(displayName=table, ref=f"{top_left}:{last}")
        excel_table.tableStyleInfo = TableStyleInfo(name="TableStyleMedium2", showRowStripes=True)
        target.add_table(excel_table)

    def write_cells(self, sheet: str, values: Mapping[str, Any]) -> None:
        target = self._sheet(sheet)
        for cell, value in values.items():
            _put(target[cell], value)

    def read_cell(self, sheet: str, cell: str) -> Any:
        return self._sheet(sheet)[cell].value

    def mark_issue(self, sheet: str, cell: str, message: str, severity: Severity) -> None:
        target = self._sheet(sheet)[cell]
        target.fill = PatternFill(fill_type="solid", fgColor=MARK_FILLS[severity])
        note = Comment(message, NOTE_AUTHOR)
        note.width, note.height = 320, 120
        target.comment = note

    def mark_of(self, sheet: str, cell: str) -> tuple[str | None, str | None]:
        target = self._sheet(sheet)[cell]
        color = target.fill.fgColor.rgb if target.fill.fill_type == "solid" else None
        return (color if isinstance(color, str) else None), (target.comment.text if target.comment else None)

    def replace_sheet(self, sheet: str, rows: Sequence[Sequence[Any]]) -> None:
        index = None
        if sheet in self.book.sheetnames:
            index = self.book.sheetnames.index(sheet)
            del self.book[sheet]
        target = self.book.create_sheet(sheet, index)
        for r, values in enumerate(rows, start=1):
            for c, value in enumerate(values, start=1):
                _put(target.cell(r, c), value)

    def save(self) -> None:
        with atomic_path(self.path) as tmp:
            self.book.save(tmp)

    def _sheet(self, sheet: str) -> Worksheet:
        if sheet not in self.book.sheetnames:
            raise InputFileError("has no such sheet.", file=self.path.name, sheet=sheet,
                                 hint="Open the workbook the command is meant for.")
        return self.book[sheet]

    def _find_table(self, table: str) -> tuple[Worksheet, str]:
        for sheet in self.book.worksheets:
            if table in sheet.tables:
                return sheet, sheet.tables[table].ref
        raise InputFileError(f"has no Excel Table named {table}.", file=self.path.name,
                             hint="Open a workbook made by repbook, or restore the table's name.")


def _origin(sheet: Worksheet, top_left: str) -> tuple[int, int]:
    cell = sheet[top_left]
    return cell.column, cell.row


def _put(cell: Cell, value: Any) -> None:
    """Untrusted text is stored as text: a leading = never becomes a formula."""
    cell.value = value
    if isinstance(value, str) and value.startswith("="):
        cell.data_type = "s"
