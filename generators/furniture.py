"""The sheets every workbook carries besides its form: calendar, lists, metadata, instructions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from xlsxwriter.utility import quote_sheetname, xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook

import repbook
from repbook.locale import catalogue
from repbook.spec import FormSpec

from .cells import write_value
from .context import FormContext
from .styles import FormatBook
from .validation import INLINE_LIST_LIMIT, list_name

METADATA_SHEET = "_repbook"
LISTS_SHEET = "_lists"
CALENDAR_TABLE = "tblCalendar"


def metadata(ctx: FormContext) -> dict[str, str]:
    """What the ``_repbook`` sheet records; readers find a workbook's form by it."""
    return {
        "form": ctx.spec.form,
        "schema_version": str(ctx.spec.schema_version),
        "locale": ctx.locale,
        "rep_id": ctx.rep.rep_id,
        "rep_name": ctx.rep.name,
        "region": ctx.rep.region,
        "period": ctx.period.code,
        "period_start": ctx.period.start.isoformat(),
        "period_end": ctx.period.end.isoformat(),
        "split_mode": ctx.split_mode,
        "generator": "repbook",
        "generator_version": repbook.__version__,
        "created_at": ctx.created_at.isoformat(),
        "tables": ",".join(t.name for t in ctx.spec.tables()),
    }


def write_metadata(workbook: Workbook, ctx: FormContext) -> None:
    sheet = workbook.add_worksheet(METADATA_SHEET)
    for row, (key, value) in enumerate(metadata(ctx).items()):
        sheet.write_string(row, 0, key)
        sheet.write_string(row, 1, value)
    sheet.very_hidden()


def write_calendar(workbook: Workbook, fmts: FormatBook, ctx: FormContext) -> None:
    """One row per day of the period with a 1/0 workday flag: what SUMIFS counts."""
    cat = catalogue()
    loc = ctx.locale
    sheet = workbook.add_worksheet(cat.label("calendar_sheet", loc))
    days = ctx.calendar.rows(ctx.period.start, ctx.period.end)
    first = 2
    row = 0
    if ctx.calendar.uncovered_years:
        sheet.write_string(0, 0, cat.label("calendar_uncovered", loc), fmts.note())
    headers = ["cal_date", "cal_workday", "cal_kind", "cal_note", "cal_source"]
    sheet.add_table(first - 1, 0, first + len(days) - 1, len(headers) - 1, {
        "name": CALENDAR_TABLE, "style": "Table Style Light 1",
        "columns": [{"header": cat.label(h, loc), "header_format": fmts.header()} for h in headers],
    })
    holidays = {c.code for c in cat.choice_list("holiday")}
    for row, day in enumerate(days, start=first):
        note = cat.choice_label("holiday", day.note, loc) if day.note in holidays else day.note
        write_value(sheet, row, 0, day.day, "date", fmts.cell("date", "fixed"))
        write_value(sheet, row, 1, 1 if day.is_workday else 0, "int", fmts.cell("int", "fixed"))
        sheet.write_string(row, 2, cat.choice_label("day_kind", day.kind, loc), fmts.cell("text", "fixed"))
        sheet.write_string(row, 3, note, fmts.cell("text", "fixed"))
        sheet.write_string(row, 4, cat.choice_label("day_source", day.source, loc), fmts.cell("text", "fixed"))
    sheet.set_column(0, 0, 12)
    sheet.set_column(1, 4, 14)
    sheet.protect("", {"autofilter": True, "sort": True})
    sheet.hide()


def write_lists(workbook: Workbook, ctx: FormContext) -> None:
    """Drop-down sources too long to inline, and dynamic lists such as the rep's customers."""
    cat = catalogue()
    lists: dict[str, Sequence[str]] = {}
    for table in ctx.spec.tables():
        for column in table.columns:
            if column.options:
                lists[column.options] = ctx.options.get(column.options, ())
            if column.choices:
                labels = cat.choice_labels(column.choices, ctx.locale)
                if len(",".join(labels)) > INLINE_LIST_LIMIT:
                    lists[column.choices] = labels
    if not lists:
        return
    sheet = workbook.add_worksheet(LISTS_SHEET)
    for col, (list_id, values) in enumerate(sorted(lists.items())):
        sheet.write_string(0, col, list_id)
        for row, value in enumerate(values or [""], start=1):
            sheet.write_string(row, col, str(value))
        last = max(len(values), 1)
        first_cell = xl_rowcol_to_cell(1, col, True, True)
        last_cell = xl_rowcol_to_cell(last, col, True, True)
        workbook.define_name(list_name(list_id), f"={quote_sheetname(LISTS_SHEET)}!{first_cell}:{last_cell}")
    sheet.hide()


def write_instructions(workbook: Workbook, fmts: FormatBook, ctx: FormContext, spec: FormSpec) -> None:
    cat = catalogue()
    loc = ctx.locale
    sheet = workbook.add_worksheet(cat.label("instructions_sheet", loc))
    sheet.set_column(0, 0, 4)
    sheet.set_column(1, 1, 100)
    sheet.write_string(0, 1, spec.title(loc), fmts.title())
    lines: list[Any] = [cat.label("legend_input", loc), *(t(loc) for t in spec.instructions)]
    if ctx.calendar.uncovered_years:
        lines.append(cat.label("calendar_uncovered", loc))
    for row, line in enumerate(lines, start=2):
        sheet.write_string(row, 0, f"{row - 1}.", fmts.text())
        sheet.write_string(row, 1, line, fmts.text())
    stamp = f"{cat.label('generated_by', loc)} {repbook.__version__} · {datetime.now():%Y-%m-%d}"
    sheet.write_string(len(lines) + 3, 1, stamp, fmts.note())
    sheet.protect("")
