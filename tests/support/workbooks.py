"""Looking inside generated workbooks the way a reviewer would."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import openpyxl

if TYPE_CHECKING:
    import pandas as pd

ERROR_VALUES = ("#NAME?", "#REF!", "#VALUE!", "#DIV/0!", "#N/A", "#NUM!", "#NULL!", "Err:")


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
