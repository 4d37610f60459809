"""Reading a regional master as an input: one level up, its tables are the rows."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import python_calamine

from repbook.locale import LOCALES, Locale, catalogue

from .extract import FileExtract, RejectedRow
from .master_tables import SOURCE_COLUMNS, master_tables

REJECTED_TABLE = "tblMRejected"


def master_error_count(path: Path) -> int:
    """Error-level validation issues listed on a master's 问题清单."""
    cat = catalogue()
    errors = {cat.label("severity_error", loc) for loc in LOCALES}
    book = python_calamine.CalamineWorkbook.from_path(str(path), load_tables=True)
    try:
        if "tblMIssues" not in (book.table_names or ()):
            return 0
        return sum(1 for v in book.get_table_by_name("tblMIssues").to_python() if v and str(v[0]) in errors)
    finally:
        book.close()


def extract_master(path: Path, extract: FileExtract, locale: Locale) -> FileExtract:
    book = python_calamine.CalamineWorkbook.from_path(str(path), load_tables=True)
    try:
        from repbook.validation.reading import read_metadata

        extract.metadata = read_metadata(book)
        extract.form = extract.metadata.get("form")
        extract.saved_at = extract.metadata.get("created_at", "")
        names = set(book.table_names or ())
        cat = catalogue()
        sources = {cat.label("src" + c, loc): c for c in SOURCE_COLUMNS for loc in LOCALES}
        for item in master_tables():
            if item.name not in names:
                continue
            found = book.get_table_by_name(item.name)
            by_label = {**sources, **{label: c.id for c in item.columns for label in c.label.all()}}
            ids = [by_label.get(str(label)) for label in found.columns]
            choices = {c.id: c.choices for c in item.columns if c.choices}
            rows = []
            for offset, values in enumerate(found.to_python()):
                row: dict[str, Any] = {}
                for column_id, raw in zip(ids, values, strict=False):
                    if column_id is None:
                        continue
                    value: Any = raw
                    if raw == "":
                        value = None
                    elif column_id in choices and isinstance(raw, str):
                        value = cat.choice_code(str(choices[column_id]), raw) or raw
                    elif isinstance(raw, datetime):
                        value = raw.date()
                    row[column_id] = value
                if all(row.get(c.id) in (None, "") for c in item.columns if not c.computed):
                    continue
                row["_master_row"] = (found.start or (0, 0))[0] + offset + 1
                rows.append(row)
            extract.rows[f"{item.form}/{item.table.id}"] = rows
        if REJECTED_TABLE in names:
            for values in book.get_table_by_name(REJECTED_TABLE).to_python():
                if len(values) >= 6 and any(values):
                    line = values[4]
                    extract.rejected.append(RejectedRow(str(values[2]), str(values[3]),
                                                        int(line) if isinstance(line, (int, float)) else 0,
                                                        f"{values[0]}: {values[5]}", {}))
    finally:
        book.close()
    return extract
