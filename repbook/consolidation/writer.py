"""Writing the master workbook: the master tables, what was not consolidated and why, the files."""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

import repbook
from repbook.errors import SpecError, UsageError
from repbook.generators.cells import write_value
from repbook.generators.layout import column_width
from repbook.generators.long_table import LongColumn, LongTableWorkbook, LongTableWorksheet
from repbook.generators.styles import FormatBook
from repbook.generators.workbook import WORKBOOK_OPTIONS
from repbook.io.atomic import atomic_path
from repbook.locale import Locale, catalogue
from repbook.model import ControlData
from repbook.spec import TEXT_TYPES, ColumnType, load_spec

from .master_tables import SOURCE_COLUMNS, MasterTable, master_tables
from .run import Consolidation

METADATA_SHEET = "_repbook"
MAX_SHEET_NAME = 31


@dataclass
class MasterBook:
    """What summary writers get: the open workbook, formats, and where each master table is."""

    workbook: Workbook
    fmts: FormatBook
    locale: Locale
    result: Consolidation
    table_sheets: dict[str, str]
    control: ControlData | None = None


SummaryWriter = Callable[[MasterBook], None]


def write_master(result: Consolidation, output: Path, locale: Locale, *, level: str = "team",
                 summaries: Sequence[SummaryWriter] = (), control: ControlData | None = None) -> Path:
    with atomic_path(output) as tmp:
        # Parts go through temporary files: a million-row sheet's XML must not sit in memory.
        workbook = LongTableWorkbook(str(tmp), {**WORKBOOK_OPTIONS, "in_memory": False})
        fmts = FormatBook(workbook)
        book = MasterBook(workbook, fmts, locale, result, {}, control)
        summary_sheets = len(summaries)
        for writer in summaries:
            writer(book)
        for item in master_tables():
            rows = result.rows.get(f"{item.form}/{item.table.id}", [])
            book.table_sheets[item.name] = _write_master_table(workbook, fmts, item, rows, locale)
        _write_rejected(workbook, fmts, result, locale)
        _write_files(workbook, fmts, result, locale)
        _write_issues(workbook, fmts, result, locale)
        _write_metadata(workbook, result, locale, level)
        if summary_sheets:
            workbook.worksheets()[0].activate()
        workbook.close()
    return output


def _sheet_name(item: MasterTable, locale: Locale, used: set[str]) -> str:
    """The form's title, plus the table's title (or its sheet's name) when the form has several."""
    spec = load_spec(item.form)
    single = sum(1 for t in spec.tables() if not t.rows_from) == 1
    if single:
        base = spec.title(locale)
    else:
        home = next(sh for sh in spec.sheets if item.table in sh.tables())
        part = item.table.title(locale) if item.table.title else home.name(locale)
        base = f"{spec.title(locale)}-{part}"
    name = base[:MAX_SHEET_NAME]
    n = 2
    while name in used:
        name = f"{base[:MAX_SHEET_NAME - 3]}-{n}"
        n += 1
    used.add(name)
    return name


def _write_master_table(workbook: Workbook, fmts: FormatBook, item: MasterTable, rows: list[dict[str, Any]],
                        locale: Locale) -> str:
    names = {ws.name for ws in workbook.worksheets()}
    sheet = workbook.add_worksheet(_sheet_name(item, locale, names), LongTableWorksheet)
    labels = item.labels(locale)
    types: list[ColumnType] = [*(["text"] * len(SOURCE_COLUMNS)), *(c.type for c in item.columns)]  # type: ignore[list-item]
    types[SOURCE_COLUMNS.index("_row")] = "int"
    choices: list[str | None] = [*([None] * len(SOURCE_COLUMNS)), *(c.choices for c in item.columns)]
    columns = [LongColumn(key, fmts.cell(types[c], "fixed"), _choice_label(choices[c], locale), types[c] in TEXT_TYPES)
               for c, key in enumerate(item.column_ids())]
    try:
        sheet.write_long_table(0, 0, [{"header": label, "header_format": fmts.header()} for label in labels], columns,
                               rows, {"name": item.name, "style": "Table Style Light 9"})
    except OverflowError:
        raise UsageError(f"{sheet.name}: {len(rows):,} rows are more than one Excel sheet holds "
                         f"({sheet.xls_rowmax - 1:,}).",
                         hint="Consolidate fewer periods or regions into one master, then the masters one "
                              "level up.") from None
    for c, column in enumerate(item.columns, start=len(SOURCE_COLUMNS)):
        sheet.set_column(c, c, column_width(column, labels[c]))
    sheet.set_column(0, len(SOURCE_COLUMNS) - 1, 11)
    sheet.freeze_panes(1, len(SOURCE_COLUMNS) - 1)
    return sheet.name


def _choice_label(choices: str | None, locale: Locale) -> Callable[[Any], Any] | None:
    """A drop-down column shows labels in the manager's locale; an unknown code stays as it was."""
    if not choices:
        return None
    cat = catalogue()

    def shown(value: Any) -> Any:
        code = value if isinstance(value, str) else str(value)
        try:
            return cat.choice_label(choices, code, locale)
        except SpecError:
            return code

    return shown


def _simple_table(workbook: Workbook, fmts: FormatBook, title_key: str, name: str, header_keys: list[str],
                  rows: list[list[Any]], widths: list[float], locale: Locale) -> Worksheet:
    cat = catalogue()
    sheet = workbook.add_worksheet(cat.label(title_key, locale))
    sheet.add_table(0, 0, max(len(rows), 1), len(header_keys) - 1, {
        "name": name, "style": "Table Style Light 9",
        "columns": [{"header": cat.label(k, locale), "header_format": fmts.header()} for k in header_keys],
    })
    text = fmts.cell("text", "fixed")
    number = fmts.cell("int", "fixed")
    for r, row in enumerate(rows, start=1):
        for c, value in enumerate(row):
            write_value(sheet, r, c, value, "int" if isinstance(value, int) else "text",
                        number if isinstance(value, int) else text)
    for c, width in enumerate(widths):
        sheet.set_column(c, c, width)
    sheet.freeze_panes(1, 0)
    return sheet


def _write_rejected(workbook: Workbook, fmts: FormatBook, result: Consolidation, locale: Locale) -> None:
    rows = [[Path(extract.path).name, extract.metadata.get("rep_name", ""), rejected.table, rejected.sheet,
             rejected.row, rejected.reason, _values_text(rejected.values)]
            for extract, rejected in result.rejected]
    _simple_table(workbook, fmts, "sheet_rejected", "tblMRejected",
                  ["col_file", "src_rep_name", "col_table", "col_sheet", "col_row", "col_reason", "col_values"],
                  rows, [28, 10, 12, 10, 6, 60, 60], locale)


def _write_files(workbook: Workbook, fmts: FormatBook, result: Consolidation, locale: Locale) -> None:
    cat = catalogue()
    rows = []
    for f in result.files:
        form = load_spec(f.form).title(locale) if f.form and f.form != "master" else (f.form or "")
        rows.append([Path(f.path).name, form, f.rep_id, f.rep_name, f.region, f.period,
                     cat.label(f"status_{f.status}", locale), f.reason, f.input_rows, f.consolidated, f.rejected])
    _simple_table(workbook, fmts, "sheet_files", "tblMFiles",
                  ["col_file", "col_form", "src_rep_id", "src_rep_name", "src_region", "src_period", "col_status",
                   "col_reason", "col_input_rows", "col_consolidated", "col_rejected"],
                  rows, [30, 12, 8, 10, 8, 9, 10, 40, 9, 9, 9], locale)


def _write_issues(workbook: Workbook, fmts: FormatBook, result: Consolidation, locale: Locale) -> None:
    cat = catalogue()
    rows = [[cat.label(f"severity_{i.severity}", locale), i.code, Path(i.file).name, i.sheet, i.cell, i.field,
             i.message] for i in result.issues]
    _simple_table(workbook, fmts, "sheet_issues", "tblMIssues",
                  ["col_severity", "col_code", "col_file", "col_sheet", "col_cell", "col_field", "col_message"],
                  rows, [7, 22, 28, 10, 7, 12, 70], locale)


def _write_metadata(workbook: Workbook, result: Consolidation, locale: Locale, level: str) -> None:
    periods = sorted({f.period for f in result.files if f.period})
    regions = sorted({f.region for f in result.files if f.region})
    values = {
        "form": "master", "schema_version": "1", "level": level, "locale": locale,
        "period": periods[-1] if periods else "", "periods": ",".join(periods), "region": "/".join(regions),
        "generator": "repbook", "generator_version": repbook.__version__,
        "created_at": datetime.now().replace(microsecond=0).isoformat(),
        "input_rows": str(result.input_rows), "consolidated_rows": str(result.consolidated_rows),
        "rejected_rows": str(result.rejected_rows),
    }
    sheet = workbook.add_worksheet(METADATA_SHEET)
    for r, (key, value) in enumerate(values.items()):
        sheet.write_string(r, 0, key)
        sheet.write_string(r, 1, value)
    sheet.very_hidden()


def _values_text(values: dict[str, Any]) -> str:
    shown = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in values.items()
             if not k.startswith("_") and v not in (None, "")}
    return json.dumps(shown, ensure_ascii=False, default=str)[:2000]
