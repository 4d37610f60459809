"""The sheets every workbook carries besides its form: calendar, lists, metadata, instructions."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from xlsxwriter.utility import quote_sheetname, xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook

import repbook
from repbook.locale import catalogue
from repbook.spec import Column, FormSpec, Table

from .cells import write_value
from .context import FormContext
from .styles import FormatBook
from .validation import INLINE_LIST_LIMIT, list_name, validation_for

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


def calendar_table() -> Table:
    """The calendar as a table spec, so writer and reader agree on its labels."""
    labels = catalogue().labels

    def column(key: str, type_: str, **extra: Any) -> Column:
        return Column.model_validate({"id": key.removeprefix("cal_"), "label": labels[key].model_dump(by_alias=True),
                                      "type": type_, **extra})

    return Table(id="calendar", name=CALENDAR_TABLE, columns=(
        column("cal_date", "date"), column("cal_workday", "int", min=0, max=1),
        column("cal_kind", "choice", choices="day_kind"), column("cal_note", "text"),
        column("cal_source", "choice", choices="day_source"),
    ))


def write_calendar(workbook: Workbook, fmts: FormatBook, ctx: FormContext) -> None:
    """One row per day with a 1/0 workday flag: what every working-day SUMIFS counts.

    Rep workbooks carry the period's days, hidden. The control workbook carries its
    whole span, visible, with the flag, kind and note open for the manager to edit.
    """
    cat = catalogue()
    loc = ctx.locale
    editable = ctx.spec.calendar == "editable"
    table = calendar_table()
    sheet = workbook.add_worksheet(cat.label("calendar_sheet", loc))
    if editable:
        days = [ctx.calendar.days[d] for d in sorted(ctx.calendar.days)]
    else:
        days = ctx.calendar.rows(ctx.period.start, ctx.period.end)
    if ctx.calendar.uncovered_years:
        years = ", ".join(str(y) for y in ctx.calendar.uncovered_years)
        sheet.write_string(0, 0, f"{years}: {cat.label('calendar_uncovered', loc)}", fmts.note())
    first = 2
    sheet.add_table(first - 1, 0, first + len(days) - 1, len(table.columns) - 1, {
        "name": CALENDAR_TABLE, "style": "Table Style Light 1",
        "columns": [{"header": c.label(loc), "header_format": fmts.header()} for c in table.columns],
    })
    holidays = {c.code for c in cat.choice_list("holiday")}
    open_cols = {"workday", "kind", "note"} if editable else set()
    formats = {c.id: fmts.cell(c.type, "input" if c.id in open_cols else "fixed") for c in table.columns}
    for row, day in enumerate(days, start=first):
        note = cat.choice_label("holiday", day.note, loc) if day.note in holidays else day.note
        values = {"date": day.day, "workday": 1 if day.is_workday else 0,
                  "kind": cat.choice_label("day_kind", day.kind, loc), "note": note,
                  "source": cat.choice_label("day_source", day.source, loc)}
        for col, column in enumerate(table.columns):
            write_value(sheet, row, col, values[column.id], column.type, formats[column.id])
    last = first + len(days) - 1
    if editable:
        for col, column in enumerate(table.columns):
            options = validation_for(column, loc) if column.id in ("workday", "kind") else None
            if options:
                sheet.data_validation(first, col, last, col, options)
        sheet.freeze_panes(first, 0)
    sheet.set_column(0, 0, 12)
    sheet.set_column(1, 4, 14)
    sheet.protect("", {"autofilter": True, "sort": True, "format_columns": True})
    if not editable:
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
