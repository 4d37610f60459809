"""Reading a returned workbook's tables fast (calamine), keeping where each value sat.

Columns are matched by their label in any locale; a renamed header is taken by its
position in the Table, a deleted one is reported, an added one is kept and ignored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import python_calamine
from xlsxwriter.utility import xl_col_to_name

from repbook.periods import Period, parse_period
from repbook.spec import CONTROL, FORMS, FormSpec, Table, load_spec

from .error_cells import error_cells

METADATA_SHEET = "_repbook"
HEADER_SCAN_ROWS = 30


@dataclass(frozen=True)
class Drift:
    """A header that differs from the spec: code is column-missing, column-extra or column-renamed."""

    code: str
    table: str
    sheet: str
    cell: str
    field: str
    value: str


@dataclass
class TableData:
    table: Table
    sheet: str
    header_row: int
    rows: list[dict[str, Any]] = field(default_factory=list)
    excel_rows: list[int] = field(default_factory=list)
    letters: dict[str, str] = field(default_factory=dict)

    def cell(self, index: int, column_id: str) -> str:
        return f"{self.letters.get(column_id, '')}{self.excel_rows[index]}"


@dataclass
class FormData:
    path: Path
    form: str | None
    metadata: dict[str, str]
    tables: dict[str, TableData] = field(default_factory=dict)
    missing_tables: list[str] = field(default_factory=list)
    drift: list[Drift] = field(default_factory=list)
    recognised_by_headers: bool = False

    @property
    def spec(self) -> FormSpec | None:
        return load_spec(self.form) if self.form else None

    @property
    def period(self) -> Period | None:
        try:
            return parse_period(self.metadata.get("period", ""))
        except Exception:
            return None

    @property
    def rep_id(self) -> str:
        return self.metadata.get("rep_id", "")


def read_form(path: Path) -> FormData:
    """Open ``path`` (already checked by the guard) and read every table of its form."""
    book = python_calamine.CalamineWorkbook.from_path(str(path), load_tables=True)
    try:
        metadata = read_metadata(book)
        form = metadata.get("form")
        names = set(book.table_names or ())
        by_headers = False
        if form not in (*FORMS, CONTROL):
            form = _form_by_tables(names)
            by_headers = form is not None
        data = FormData(path, form, metadata, recognised_by_headers=by_headers)
        if form is None:
            return data
        for table in load_spec(form).tables():
            if table.name not in names:
                data.missing_tables.append(table.name)
                continue
            data.tables[table.id] = _read_table(book, table, data.drift)
        _restore_error_values(path, data)
        return data
    finally:
        book.close()


def _restore_error_values(path: Path, data: FormData) -> None:
    """Put error values (which the fast reader shows as blank) back into the rows."""
    errors = error_cells(path, {t.sheet for t in data.tables.values()})
    for table in data.tables.values():
        on_sheet = errors.get(table.sheet)
        if not on_sheet:
            continue
        for column_id, letter in table.letters.items():
            for index, excel_row in enumerate(table.excel_rows):
                value = on_sheet.get(f"{letter}{excel_row}")
                if value is not None:
                    table.rows[index][column_id] = value


def read_metadata(book: Any) -> dict[str, str]:
    if METADATA_SHEET not in book.sheet_names:
        return {}
    rows = book.get_sheet_by_name(METADATA_SHEET).to_python(nrows=64)
    return {str(r[0]): str(r[1]) if len(r) > 1 else "" for r in rows if r and r[0] not in (None, "")}


def _form_by_tables(names: set[str]) -> str | None:
    """A book without metadata is the form whose Table names it carries the most of."""
    best, best_score = None, 0
    for form in FORMS:
        score = sum(1 for t in load_spec(form).tables() if t.name in names)
        if score > best_score:
            best, best_score = form, score
    return best


def _read_table(book: Any, table: Table, drift: list[Drift]) -> TableData:
    found = book.get_table_by_name(table.name)
    header_row0, first_col0 = found.start[0] - 1, found.start[1]
    labels = [str(c) for c in found.columns]
    data = TableData(table, found.sheet, header_row0 + 1)
    column_of = _match_columns(table, labels, found.sheet, header_row0, first_col0, drift)
    data.letters = {cid: xl_col_to_name(first_col0 + i) for i, cid in enumerate(column_of) if cid}
    for offset, values in enumerate(found.to_python()):
        data.rows.append({cid: (None if v == "" else v) for cid, v in zip(column_of, values, strict=False) if cid})
        data.excel_rows.append(found.start[0] + offset + 1)
    return data


def _match_columns(table: Table, labels: list[str], sheet: str, header_row0: int, first_col0: int,
                   drift: list[Drift]) -> list[str | None]:
    by_label = {label.strip(): c.id for c in table.columns for label in c.label.all()}
    matched: list[str | None] = [by_label.get(label.strip()) for label in labels]
    used = {m for m in matched if m}
    for i, label in enumerate(labels):
        if matched[i] is not None:
            continue
        cell = f"{xl_col_to_name(first_col0 + i)}{header_row0 + 1}"
        by_position = table.columns[i].id if i < len(table.columns) else None
        if by_position and by_position not in used and _alone_at(table, labels, i):
            matched[i] = by_position
            used.add(by_position)
            drift.append(Drift("column-renamed", table.name, sheet, cell, table.columns[i].label("zh-CN"), label))
        else:
            drift.append(Drift("column-extra", table.name, sheet, cell, "", label))
    for column in table.columns:
        if column.id not in used and not column.computed:
            drift.append(Drift("column-missing", table.name, sheet, "", column.label("zh-CN"), ""))
    return matched


def _alone_at(table: Table, labels: list[str], index: int) -> bool:
    """Taking a column by position is safe only when the Table kept the spec's width."""
    return len(labels) == len(table.columns)
