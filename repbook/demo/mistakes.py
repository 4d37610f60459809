"""Typical mistakes reps make, typed into a few returned logs so the demo has something to catch.

Each mistake is what a person does in Excel: a date typed as text, an amount on a visit
that did not close, full-width digits, a customer not in the archive.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openpyxl
from xlsxwriter.utility import xl_col_to_name

from repbook.io.workbook_reader import RepbookWorkbook
from repbook.spec import load_spec


@dataclass(frozen=True)
class Mistake:
    file: Path
    cell: str
    column: str
    typed: Any
    expected_code: str


# (row index in the log, column id, value typed, the issue code validation reports)
TYPICAL = (
    (2, "date", "{month}月{day}日", "value-normalized"),
    (4, "order_amount", "８,８００", "value-normalized"),
    (6, "method", "飞鸽传书", "choice-invalid"),
    (8, "customer", "路边新开的小超市", "customer-not-in-archive"),
)


def plant_typical_mistakes(logs: list[Path], every: int = 3) -> list[Mistake]:
    """Type TYPICAL into every ``every``-th log; returns where each mistake is."""
    planted: list[Mistake] = []
    table = load_spec("work-log").table("log")
    for path in logs[::every]:
        where = RepbookWorkbook(path, data_only=False).table_location(table.name)
        book = openpyxl.load_workbook(path)
        sheet = book[where.sheet]
        for index, column_id, typed, code in TYPICAL:
            row = where.first_row + index
            if row > where.last_row or sheet.cell(row, where.first_col).value is None:
                continue
            label = table.column(column_id).label(RepbookWorkbook(path).locale)
            cell = f"{xl_col_to_name(where.first_col - 1 + where.labels.index(label))}{row}"
            day = sheet[cell].value
            if column_id == "date" and hasattr(day, "month"):
                typed = str(typed).format(month=day.month, day=day.day)  # the same day, typed by hand
            sheet[cell] = typed
            planted.append(Mistake(path, cell, column_id, typed, code))
        book.save(path)
    return planted
