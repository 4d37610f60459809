"""Where things sit on a sheet: rows taken so far, column widths wanted, tables placed."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from xlsxwriter.format import Format

from repbook.formulas import A1Anchor
from repbook.spec import Column, ColumnType, Table

_MIN_WIDTH: dict[ColumnType, float] = {
    "date": 11.5, "time": 7, "int": 7, "star": 6, "number": 10, "money": 11, "percent": 8,
    "choice": 10, "text": 12, "longtext": 26,
}
MAX_WIDTH = 44.0


def display_width(text: str) -> float:
    """Column width a label needs: East Asian wide characters take two units."""
    return sum(2.0 if unicodedata.east_asian_width(ch) in "WF" else 1.1 for ch in text)


def column_width(column: Column, label: str) -> float:
    wanted = column.width or max(_MIN_WIDTH[column.type], display_width(label) + 2)
    return min(wanted, MAX_WIDTH)


@dataclass(frozen=True)
class PlacedTable:
    table: Table
    header_row: int
    first_row: int
    last_row: int
    first_col: int

    @property
    def anchor(self) -> A1Anchor:
        return A1Anchor(self.first_row, self.first_col, tuple(c.id for c in self.table.columns))

    @property
    def last_col(self) -> int:
        return self.first_col + len(self.table.columns) - 1


@dataclass
class SheetLayout:
    row: int = 0
    widths: dict[int, float] = field(default_factory=dict)
    tables: list[PlacedTable] = field(default_factory=list)
    span: int = 1
    column_formats: dict[int, Format] = field(default_factory=dict)

    def want_width(self, col: int, width: float) -> None:
        self.widths[col] = max(self.widths.get(col, 0.0), width)
        self.span = max(self.span, col + 1)

    def take(self, rows: int) -> int:
        start = self.row
        self.row += rows
        return start
