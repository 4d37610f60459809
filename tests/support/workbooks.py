"""Looking inside generated workbooks the way a reviewer would."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import TYPE_CHECKING

import openpyxl

from repbook.formulas import check_allowed, render
from repbook.io.workbook_reader import RepbookWorkbook

if TYPE_CHECKING:
    import pandas as pd

    from repbook.spec import FormSpec, Table
    from tests.support.libreoffice import LibreOffice

ERROR_VALUES = ("#NAME?", "#REF!", "#VALUE!", "#DIV/0!", "#N/A", "#NUM!", "#NULL!", "Err:")


def recalculated_books(made: Mapping[str, Path], libreoffice: LibreOffice) -> dict[str, RepbookWorkbook]:
    """Each generated workbook as LibreOffice recalculated it, by the same name."""
    outputs = libreoffice.recalculate(list(made.values()))
    return {name: RepbookWorkbook(path) for name, path in zip(made, outputs, strict=True)}


def assert_formulas_portable(spec: FormSpec) -> None:
    """Every formula of ``spec``, in every locale, uses only functions Excel 2019, WPS and LibreOffice share."""
    for loc in ("zh-CN", "zh-TW", "en"):
        for table in spec.tables():
            check_allowed(render(c.formula, spec, loc, table=table) for c in table.columns if c.formula)
        check_allowed(render(f.formula, spec, loc) for f in spec.fields() if f.formula)


def assert_no_error_values(books: Mapping[str, RepbookWorkbook]) -> None:
    for name, book in books.items():
        assert error_cells(book.path) == [], name


def error_cells(path: Path) -> list[str]:
    """Cells of a recalculated workbook that show an error value, as 'Sheet!A1: value'."""
    book = openpyxl.load_workbook(path, data_only=True)
    found = []
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith(ERROR_VALUES):
                    found.append(f"{sheet.title}!{cell.coordinate}: {cell.value}")
    return found


def formulas(path: Path) -> Iterator[tuple[str, str]]:
    """Every formula in the workbook with where it is."""
    book = openpyxl.load_workbook(path)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    yield f"{sheet.title}!{cell.coordinate}", str(cell.value)


def table_frame(path: Path, table: str) -> pd.DataFrame:
    """An Excel Table as a DataFrame with its header labels, read the fast way."""
    import pandas as pd
    import python_calamine

    book = python_calamine.CalamineWorkbook.from_path(str(path), load_tables=True)
    try:
        found = book.get_table_by_name(table)
        frame = pd.DataFrame(found.to_python(), columns=[str(c) for c in found.columns])
    finally:
        book.close()
    return frame.replace("", None)


def cell_address(path: Path, table: Table, column_id: str, index: int) -> tuple[str, str]:
    """(sheet, cell) of row ``index`` (0-based) of a Table's column, found the way a person would."""
    from xlsxwriter.utility import xl_col_to_name

    from repbook.io.workbook_reader import RepbookWorkbook

    book = RepbookWorkbook(path, data_only=False)
    where = book.table_location(table.name)
    label = table.column(column_id).label(book.locale)
    return where.sheet, f"{xl_col_to_name(where.first_col - 1 + where.labels.index(label))}{where.first_row + index}"


def type_cells(path: Path, form: str, edits: dict[tuple[str, str, int], object]) -> dict[tuple[str, str, int], str]:
    """Type values into ``form``'s Table cells, keyed (table id, column id, row index), as a rep would."""
    from repbook.spec import load_spec

    spec = load_spec(form)
    book = openpyxl.load_workbook(path)
    typed = {}
    for (table_id, column_id, index), value in edits.items():
        sheet, cell = cell_address(path, spec.table(table_id), column_id, index)
        book[sheet][cell] = value
        typed[(table_id, column_id, index)] = cell
    book.save(path)
    return typed
