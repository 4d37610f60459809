"""Finding the table in a hand-made sheet: title rows, a header not in row 1, blank rows,
a 合计 totals row, notes to the right, several sheets of the same shape."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter

from repbook.spec import Table

from .headers import Match, header_score, is_totals_label, match_header

HEADER_SCAN_ROWS = 30
MIN_HEADER_SCORE = 3
SAME_SHAPE = 0.6
SKIPPED_SHEETS = ("_repbook", "_lists", "_repbook_marks")


@dataclass
class SourceColumn:
    index: int  # 1-based sheet column
    header: str
    match: Match | None

    @property
    def letter(self) -> str:
        return get_column_letter(self.index)


@dataclass
class FoundTable:
    """The entries of one sheet, with how its columns were read and what was left out."""

    sheet: str
    header_row: int
    columns: list[SourceColumn]
    rows: list[tuple[int, dict[int, Any]]] = field(default_factory=list)  # (sheet row, column index -> value)
    totals_rows: list[int] = field(default_factory=list)
    blank_rows: int = 0


def find_tables(path: Path, table: Table, mapping: Mapping[str, str] | None = None) -> list[FoundTable]:
    """Every sheet of ``path`` that holds ``table`` (by its header), read in full."""
    book = openpyxl.load_workbook(path, data_only=True, read_only=False)
    scored = []
    for sheet in book.worksheets:
        if sheet.title in SKIPPED_SHEETS or sheet.sheet_state == "veryHidden":
            continue
        best_row, best = 0, 0
        for r, cells in enumerate(sheet.iter_rows(min_row=1, max_row=HEADER_SCAN_ROWS, values_only=True), start=1):
            score = header_score(list(cells), table) + _mapped_score(cells, mapping)
            if score > best:
                best_row, best = r, score
        if best >= MIN_HEADER_SCORE:
            scored.append((sheet, best_row, best))
    if not scored:
        return []
    top = max(score for _, _, score in scored)
    return [_read(sheet, row, table, mapping) for sheet, row, score in scored if score >= SAME_SHAPE * top]


def _mapped_score(cells: tuple[Any, ...], mapping: Mapping[str, str] | None) -> int:
    if not mapping:
        return 0
    return sum(2 for c in cells if isinstance(c, str) and c.strip() in mapping and mapping[c.strip()])


def _read(sheet: Any, header_row: int, table: Table, mapping: Mapping[str, str] | None) -> FoundTable:
    header = [c.value for c in sheet[header_row]]
    taken: set[str] = set()
    columns: list[SourceColumn] = []
    for index, value in enumerate(header, start=1):
        text = "" if value is None else str(value).strip()
        match = _mapped(text, table, taken, mapping) if mapping and text in mapping else (
            match_header(text, table, taken) if text else None)
        if match is not None:
            taken.add(match.column.id)
        columns.append(SourceColumn(index, text, match))
    found = FoundTable(sheet.title, header_row, columns)
    width = max(sheet.max_column, len(columns))
    for r, cells in enumerate(sheet.iter_rows(min_row=header_row + 1, max_col=width, values_only=True),
                              start=header_row + 1):
        values = {i: v for i, v in enumerate(cells, start=1) if v is not None and str(v).strip() != ""}
        if not values:
            found.blank_rows += 1
            continue
        if any(is_totals_label(values.get(i)) for i in sorted(values)[:3]):
            found.totals_rows.append(r)
            continue
        found.rows.append((r, values))
    for index in sorted({i for _, v in found.rows for i in v} - {c.index for c in columns if c.header}):
        # Notes typed to the right of the table, under no header: kept, named by their column.
        existing = next((c for c in columns if c.index == index), None)
        if existing is None:
            columns.append(SourceColumn(index, "", None))
    found.columns.sort(key=lambda c: c.index)
    return found


def _mapped(text: str, table: Table, taken: set[str], mapping: Mapping[str, str]) -> Match | None:
    target = mapping.get(text, "")
    if not target:
        return None
    column = table.column(target)
    return Match(text, column, "mapping")


def header_key(column: SourceColumn) -> str:
    return column.header or f"[{column.letter}]"


