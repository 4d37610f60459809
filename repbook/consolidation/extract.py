"""One returned file -> what consolidation needs of it: its rows, accounted for.

Runs in worker processes, so everything here is plain, picklable data. A row with an
error-level issue is not consolidated: it goes to the rejected list with the issue's
sentence as its reason, so summaries never count a date the rep typed as 下周一.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import python_calamine

from repbook.locale import Locale
from repbook.validation.guard import check_file
from repbook.validation.issues import Issue
from repbook.validation.reading import read_metadata
from repbook.validation.validate import validate_file

MASTER_FORM = "master"
_MODIFIED = re.compile(rb"<dcterms:modified[^>]*>([^<]+)</dcterms:modified>")


@dataclass
class RejectedRow:
    table: str
    sheet: str
    row: int
    reason: str
    values: dict[str, Any]


@dataclass
class FileExtract:
    """Everything consolidation keeps of one input file."""

    path: str
    sha256: str
    size: int
    mtime_ns: int
    form: str | None = None
    metadata: dict[str, str] = field(default_factory=dict)
    saved_at: str = ""
    completeness: float | None = None
    refused: str = ""
    issues: list[Issue] = field(default_factory=list)
    # "form/table_id" -> consolidated rows (choice codes, dates, numbers; source columns for masters)
    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    rejected: list[RejectedRow] = field(default_factory=list)

    @property
    def rep_id(self) -> str:
        return self.metadata.get("rep_id", "")

    @property
    def period(self) -> str:
        return self.metadata.get("period", "")

    @property
    def input_rows(self) -> int:
        return sum(len(r) for r in self.rows.values()) + len(self.rejected)


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def extract_file(path: Path, locale: Locale = "zh-CN") -> FileExtract:
    stat = path.stat()
    extract = FileExtract(str(path), file_digest(path), stat.st_size, stat.st_mtime_ns)
    if check_file(path) is None and peek_metadata(path).get("form") == MASTER_FORM:
        from .master_reader import extract_master

        return extract_master(path, extract, locale)
    report, checked = validate_file(path, locale)
    extract.issues = report.issues
    extract.form = report.form
    if checked is None:
        extract.refused = next((i.message for i in report.issues if i.severity == "error"), "")
        return extract
    extract.metadata = dict(checked.form.metadata)
    extract.saved_at = _saved_at(path) or extract.metadata.get("created_at", "")
    extract.saved_at = extract.saved_at or _file_time(path)
    extract.completeness = _completeness(checked, report.issues)
    bad_rows = _rows_with_errors(report.issues)
    for table_id, clean in checked.tables.items():
        table = clean.data.table
        if table.rows_from:
            continue
        kept: list[dict[str, Any]] = []
        # Typed columns were read to dates already; a formula's cached value may still be a datetime.
        untyped = [c.id for c in table.columns if c.computed]
        for index, values in clean.rows:
            excel_row = clean.data.excel_rows[index]
            reasons = bad_rows.get((clean.data.sheet, excel_row))
            plain = _plain_values(values, untyped)
            if reasons:
                extract.rejected.append(RejectedRow(table.name, clean.data.sheet, excel_row, " ".join(reasons), plain))
            else:
                plain["_row"], plain["_sheet"] = excel_row, clean.data.sheet
                kept.append(plain)
        extract.rows[f"{checked.form.form}/{table_id}"] = kept
    return extract


def _file_time(path: Path) -> str:
    return datetime.fromtimestamp(path.stat().st_mtime).replace(microsecond=0).isoformat()


def _completeness(checked: Any, issues: list[Issue]) -> float | None:
    """Share of required cells filled in the rows the rep started; for a log, days logged."""
    from repbook.core.activity import as_date
    from repbook.core.discipline import log_day_share, required_filled_share
    from repbook.workdays import build_calendar

    period = checked.form.period
    if checked.form.form == "work-log" and period is not None and "log" in checked.tables:
        dates = [as_date(values.get("date")) for _, values in checked.tables["log"].rows]
        return log_day_share(dates, build_calendar(period.start, period.end), period)
    rows = cells = 0
    for clean in checked.tables.values():
        table = clean.data.table
        if table.rows_from:
            continue
        rows += len(clean.rows)
        cells = max(cells, sum(1 for c in table.columns if c.required))
    missing = sum(1 for i in issues if i.code == "required-missing")
    return required_filled_share(rows, cells, missing) if rows else None


def _rows_with_errors(issues: list[Issue]) -> dict[tuple[str, int], list[str]]:
    found: dict[tuple[str, int], list[str]] = {}
    for issue in issues:
        if issue.severity == "error" and issue.row is not None:
            found.setdefault((issue.sheet, issue.row), []).append(f"{issue.cell}: {issue.message}")
    return found


def _plain_values(values: dict[str, Any], untyped: list[str]) -> dict[str, Any]:
    plain = dict(values)
    for key in untyped:
        value = plain.get(key)
        if isinstance(value, datetime):
            plain[key] = value.date()
    return plain


def _saved_at(path: Path) -> str:
    """When Excel last saved the file (docProps/core.xml), which a re-save updates."""
    try:
        with zipfile.ZipFile(path) as package:
            core = package.read("docProps/core.xml")[:8192]
    except (KeyError, zipfile.BadZipFile, OSError):
        return ""
    match = _MODIFIED.search(core)
    return match.group(1).decode("ascii", "replace").strip() if match else ""


def peek_metadata(path: Path) -> dict[str, str]:
    """The ``_repbook`` sheet alone, without reading the rest of the book."""
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception:
        return {}
    try:
        return read_metadata(book)
    finally:
        book.close()


def is_master(extract: FileExtract) -> bool:
    return extract.metadata.get("form") == MASTER_FORM
