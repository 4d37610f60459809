"""Reading repbook workbooks back: metadata, named cells and Excel Tables by column id."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils.cell import range_boundaries
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from repbook.errors import InputFileError
from repbook.locale import LOCALES, Locale, catalogue
from repbook.spec import FormSpec, Table, load_spec

METADATA_SHEET = "_repbook"


@dataclass(frozen=True)
class TableLocation:
    sheet: str
    header_row: int
    first_row: int
    last_row: int
    first_col: int
    labels: tuple[str, ...]


class RepbookWorkbook:
    """A repbook workbook opened with openpyxl (``data_only`` reads cached formula values)."""

    def __init__(self, path: Path, *, data_only: bool = True) -> None:
        self.path = path
        try:
            self.book: Workbook = openpyxl.load_workbook(path, data_only=data_only)
        except Exception as exc:  # openpyxl raises many kinds for a bad package
            raise InputFileError(f"cannot be opened as a workbook ({exc.__class__.__name__}).",
                                 file=str(path), hint="Check that it is an .xlsx file saved by Excel, WPS or LibreOffice.") from exc
        self.metadata = self._read_metadata()

    def _read_metadata(self) -> dict[str, str]:
        if METADATA_SHEET not in self.book.sheetnames:
            return {}
        sheet = self.book[METADATA_SHEET]
        return {str(k): "" if v is None else str(v) for k, v in sheet.iter_rows(max_col=2, values_only=True) if k}

    @property
    def form(self) -> str | None:
        return self.metadata.get("form")

    @property
    def locale(self) -> Locale:
        value = self.metadata.get("locale", "zh-CN")
        return value if value in LOCALES else "zh-CN"

    def spec(self) -> FormSpec:
        if not self.form:
            raise InputFileError("has no repbook metadata sheet.", file=str(self.path))
        return load_spec(self.form)

    def named_value(self, name: str) -> Any:
        """The value of the cell behind workbook-level defined name ``name``."""
        defined = self.book.defined_names.get(name)
        if defined is None:
            raise InputFileError(f"has no defined name '{name}'.", file=str(self.path))
        sheet_name, ref = next(iter(defined.destinations))
        return self.book[sheet_name][ref.replace("$", "")].value

    def table_location(self, table_name: str) -> TableLocation:
        for sheet in self.book.worksheets:
            if table_name in sheet.tables:
                table = sheet.tables[table_name]
                min_col, min_row, _max_col, max_row = range_boundaries(table.ref)
                totals = int(table.totalsRowCount or 0)
                labels = tuple(str(c.name) for c in table.tableColumns)
                return TableLocation(sheet.title, min_row, min_row + 1, max_row - totals, min_col, labels)
        raise InputFileError(f"has no table '{table_name}'.", file=str(self.path))

    def table_rows(
        self, table: Table, *, skip_blank: bool = True, coded: bool = False
    ) -> list[dict[str, Any]]:
        """Rows of ``table`` keyed by column id; columns matched by label in any locale.

        With ``coded``, drop-down labels (in any locale) are turned back into their codes;
        a value that matches no choice is kept as typed.
        """
        where = self.table_location(table.name)
        sheet: Worksheet = self.book[where.sheet]
        by_label = {label: column.id for column in table.columns for label in column.label.all()}
        ids = [by_label.get(label) for label in where.labels]
        rows: list[dict[str, Any]] = []
        for values in _iter_values(sheet, where):
            row = {column_id: value for column_id, value in zip(ids, values, strict=False) if column_id}
            if coded:
                row = _coded(row, table)
            if skip_blank and all(row.get(c.id) in (None, "") for c in table.input_columns):
                continue
            rows.append(row)
        return rows


def _coded(row: dict[str, Any], table: Table) -> dict[str, Any]:
    cat = catalogue()
    for column in table.columns:
        value = row.get(column.id)
        if column.choices and isinstance(value, str):
            row[column.id] = cat.choice_code(column.choices, value) or value
    return row


def _iter_values(sheet: Worksheet, where: TableLocation) -> Iterator[tuple[Any, ...]]:
    yield from sheet.iter_rows(
        min_row=where.first_row, max_row=where.last_row, min_col=where.first_col,
        max_col=where.first_col + len(where.labels) - 1, values_only=True,
    )
