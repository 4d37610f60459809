"""Turning a hand-made (or older repbook) workbook into a repbook form, every entry kept."""

from __future__ import annotations

import json
import tomllib
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.styles import Font

from repbook.commands.context import form_context
from repbook.commands.generate_pack import form_filename
from repbook.errors import InputFileError, UsageError
from repbook.forms import prefill_rows
from repbook.generators.workbook import build_workbook
from repbook.io.atomic import atomic_path
from repbook.locale import Locale, catalogue
from repbook.model import ControlData, Rep
from repbook.periods import Period, parse_period
from repbook.spec import FORMS, Table, load_spec
from repbook.validation.guard import check_file
from repbook.validation.normalize import is_blank, read_value

from .sheets import FoundTable, find_tables, header_key


@dataclass
class KeptValue:
    sheet: str
    row: int
    field: str
    value: str


@dataclass
class Adoption:
    source: Path
    form: str
    period: Period
    found: list[FoundTable]
    rows: list[dict[str, Any]] = field(default_factory=list)
    kept: list[dict[str, Any]] = field(default_factory=list)
    unreadable: list[KeptValue] = field(default_factory=list)
    normalized: int = 0
    output: Path | None = None

    @property
    def entries(self) -> int:
        return sum(len(t.rows) for t in self.found)

    @property
    def totals_rows(self) -> int:
        return sum(len(t.totals_rows) for t in self.found)

    def mapping(self) -> dict[str, str]:
        """Header -> field id ("" for a column kept aside), over every adopted sheet."""
        result: dict[str, str] = {}
        for table in self.found:
            for column in table.columns:
                result.setdefault(header_key(column), column.match.column.id if column.match else "")
        return result


def main_table(form: str) -> Table:
    return next(t for t in load_spec(form).tables() if not t.rows_from)


def load_mapping(path: Path, form: str) -> dict[str, str]:
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise InputFileError(f"is not a mapping file ({exc}).", file=str(path)) from exc
    if data.get("form", form) != form:
        raise UsageError(f"{path} maps columns for '{data.get('form')}', not '{form}'.")
    columns = {str(k): str(v) for k, v in dict(data.get("columns", {})).items()}
    known = {c.id for c in main_table(form).columns}
    unknown = sorted(v for v in columns.values() if v and v not in known)
    if unknown:
        raise InputFileError(f"names fields this form does not have: {', '.join(unknown)}.", file=str(path),
                             hint=f"Fields: {', '.join(sorted(known))}.")
    return columns


def save_mapping(path: Path, form: str, mapping: dict[str, str]) -> Path:
    lines = ["# repbook column mapping: header = field id (\"\" keeps the column aside)", f"form = {json.dumps(form)}",
             "", "[columns]"]
    lines += [f"{json.dumps(header, ensure_ascii=False)} = {json.dumps(target)}" for header, target in mapping.items()]
    with atomic_path(path) as tmp:
        tmp.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def read_adoption(path: Path, form: str, period: Period | None, mapping: dict[str, str] | None = None) -> Adoption:
    if form not in FORMS:
        raise UsageError(f"Unknown form '{form}'.", hint=f"Use one of: {', '.join(FORMS)}.")
    refusal = check_file(path)
    if refusal is not None:
        raise InputFileError(catalogue().message("issue_" + refusal.code.replace("-", "_"), "en",
                                                 value="", field="", **refusal.details), file=str(path))
    table = main_table(form)
    found = find_tables(path, table, mapping)
    if not found:
        raise InputFileError(f"has no sheet whose header reads as a {form} table.", file=str(path),
                             hint="Check the --form, or map the headers with --mapping MAP.toml.")
    chosen = period or _period_from_dates(found) or parse_period(f"{date.today():%Y-%m}")
    adoption = Adoption(path, form, chosen, found)
    for source in found:
        for sheet_row, values in source.rows:
            adoption.rows.append(_entry(adoption, source, sheet_row, values))
    return adoption


def _entry(adoption: Adoption, source: FoundTable, sheet_row: int, values: dict[int, Any]) -> dict[str, Any]:
    row: dict[str, Any] = {}
    kept: dict[str, Any] = {}
    for column in source.columns:
        raw = values.get(column.index)
        if is_blank(raw):
            continue
        if column.match is None:
            kept[header_key(column)] = raw
            continue
        spec_column = column.match.column
        reading = read_value(raw, spec_column.type, spec_column.choices, adoption.period)
        if reading.failed:
            # Never guessed, never dropped: the text stays as typed and validation marks it.
            row[spec_column.id] = str(raw)
            adoption.unreadable.append(KeptValue(source.sheet, sheet_row, spec_column.id, str(raw)))
        else:
            row[spec_column.id] = reading.value
            adoption.normalized += reading.note is not None
    if kept:
        adoption.kept.append({"_sheet": source.sheet, "_row": sheet_row, **kept})
    return row


def _period_from_dates(found: list[FoundTable]) -> Period | None:
    months: Counter[str] = Counter()
    for source in found:
        date_columns = [c for c in source.columns if c.match and c.match.column.type == "date"]
        for _, values in source.rows:
            for column in date_columns[:1]:
                reading = read_value(values.get(column.index), "date", None, None)
                if isinstance(reading.value, date):
                    months[f"{reading.value:%Y-%m}"] += 1
    return parse_period(months.most_common(1)[0][0]) if months else None


def write_adoption(adoption: Adoption, rep: Rep, control: ControlData, locale: Locale, out_dir: Path) -> Path:
    """A normal repbook workbook of the form holding every entry, plus what was kept aside."""
    table = main_table(adoption.form)
    rows = prefill_rows(adoption.form, control, rep, adoption.period, control.split_mode)
    rows[table.id] = adoption.rows
    ctx = form_context(adoption.form, rep, adoption.period, control, locale, rows=rows)
    target = out_dir / form_filename(adoption.form, rep, adoption.period, locale)
    build_workbook(ctx, target)
    _add_record_sheets(target, adoption, locale)
    adoption.output = target
    return target


def _add_record_sheets(path: Path, adoption: Adoption, locale: Locale) -> None:
    """原表其他列 (columns kept aside, row by row) and 接管记录 (how each column was read)."""
    cat = catalogue()
    book = openpyxl.load_workbook(path)
    bold = Font(bold=True)
    kept = book.create_sheet(cat.label("sheet_kept_columns", locale))
    headers = sorted({k for r in adoption.kept for k in r if not k.startswith("_")})
    kept.append([cat.label("col_sheet", locale), cat.label("col_row", locale), *headers])
    for record in adoption.kept:
        kept.append([record["_sheet"], record["_row"], *(record.get(h) for h in headers)])
    log = book.create_sheet(cat.label("sheet_adoption", locale))
    log.append([cat.label("col_source_header", locale), cat.label("col_field", locale), cat.label("col_how", locale)])
    spec = main_table(adoption.form)
    for header, target in adoption.mapping().items():
        label = spec.column(target).label(locale) if target else cat.label("kept_aside", locale)
        how = next((c.match.how for t in adoption.found for c in t.columns
                    if header_key(c) == header and c.match), "kept")
        log.append([header, label, how])
    log.append([])
    log.append([cat.label("col_sheet", locale), cat.label("col_row", locale), cat.label("col_field", locale),
                cat.label("col_values", locale)])
    for item in adoption.unreadable:
        log.append([item.sheet, item.row, spec.column(item.field).label(locale), item.value])
    for sheet in (kept, log):
        for cell in sheet[1]:
            cell.font = bold
        sheet.column_dimensions["A"].width = 18
    with atomic_path(path) as tmp:
        book.save(tmp)


