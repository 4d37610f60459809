"""The master's summary sheets: native formulas over the master tables, and charts.

Each number a manager reads is a formula (COUNTIFS/SUMIFS over tblMLog, tblMCustomers,
...), so it updates when someone corrects a row in the master; tests recalculate the
master in LibreOffice and compare with repbook/core on the same rows.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from repbook.formulas import column_ref, excel_string
from repbook.generators.cells import write_value
from repbook.generators.furniture import CALENDAR_TABLE, calendar_table
from repbook.generators.sheet_class import FastFormulaWorksheet
from repbook.locale import catalogue
from repbook.periods import Period, TimePart, parse_period, week_parts
from repbook.workdays import build_calendar

from .master_tables import master_table
from .writer import MasterBook, SummaryWriter

DEFAULT_DAILY_TARGET = 6


def summary_writers() -> list[SummaryWriter]:
    return [write_activity, write_calendar]


def periods_of(book: MasterBook) -> list[Period]:
    codes = sorted({f.period for f in book.result.files if f.period})
    found = []
    for code in codes:
        try:
            found.append(parse_period(code))
        except Exception:
            continue
    return found


def reps_of(book: MasterBook) -> list[tuple[str, str]]:
    """(rep id, name) of every rep with rows in the master, in id order."""
    seen: dict[str, str] = {}
    for rows in book.result.rows.values():
        for row in rows:
            rep = str(row.get("_rep_id") or "")
            if rep and rep not in seen:
                seen[rep] = str(row.get("_rep_name") or rep)
    return sorted(seen.items())


def master_col(form: str, table_id: str, column_id: str, book: MasterBook) -> str:
    item = master_table(form, table_id)
    labels = dict(zip(item.column_ids(), item.labels(book.locale), strict=True))
    return column_ref(item.name, labels[column_id])


def write_calendar(book: MasterBook) -> None:
    """The working-day calendar of every period in the master, for the SUMIFS that need it."""
    periods = periods_of(book)
    cat = catalogue()
    sheet = book.workbook.add_worksheet(cat.label("calendar_sheet", book.locale))
    if not periods:
        periods = [parse_period(f"{date.today():%Y-%m}")]
    start, end = min(p.start for p in periods), max(p.end for p in periods)
    days = build_calendar(start, end).rows(start, end)
    table = calendar_table()
    sheet.add_table(0, 0, len(days), len(table.columns) - 1, {
        "name": CALENDAR_TABLE, "style": "Table Style Light 1",
        "columns": [{"header": c.label(book.locale), "header_format": book.fmts.header()} for c in table.columns]})
    for r, day in enumerate(days, start=1):
        values: dict[str, Any] = {"date": day.day, "workday": 1 if day.is_workday else 0,
                                  "kind": cat.choice_label("day_kind", day.kind, book.locale), "note": day.note,
                                  "source": cat.choice_label("day_source", day.source, book.locale)}
        for c, column in enumerate(table.columns):
            write_value(sheet, r, c, values[column.id], column.type, book.fmts.cell(column.type, "fixed"))
    sheet.set_column(0, 4, 12)
    sheet.hide()


def write_activity(book: MasterBook) -> None:
    """行动量: contacts by method per rep and ISO week, against daily target x working days."""
    cat = catalogue()
    loc = book.locale
    fmts = book.fmts
    methods = catalogue().choice_list("contact_method")
    reps = reps_of(book)
    weeks = [w for p in periods_of(book) if p.kind == "month" for w in week_parts(p)]
    sheet = book.workbook.add_worksheet(cat.label("sheet_activity", loc), FastFormulaWorksheet)
    log = lambda column: master_col("work-log", "log", column, book)  # noqa: E731
    cal_date = column_ref(CALENDAR_TABLE, cat.label("cal_date", loc))
    cal_flag = column_ref(CALENDAR_TABLE, cat.label("cal_workday", loc))
    headers = [cat.label("src_rep_id", loc), cat.label("src_rep_name", loc), cat.label("col_week", loc),
               cat.label("col_start", loc), cat.label("col_end", loc), cat.label("col_workdays", loc),
               *(m.text(loc) for m in methods), cat.label("col_contacts", loc), cat.label("col_target", loc),
               cat.label("col_completion", loc)]
    h = {name: i for i, name in enumerate(headers)}
    this = lambda name: f"tblSumActivity[[#This Row],[{name}]]"  # noqa: E731
    rep_id, start, end = headers[0], headers[3], headers[4]
    source = (f'{log("_rep_id")},{this(rep_id)},{log("date")},">="&{this(start)},'
              f'{log("date")},"<="&{this(end)}')
    columns: list[dict[str, Any]] = [{"header": x, "header_format": fmts.header()} for x in headers]
    columns[h[headers[5]]]["formula"] = f'=SUMIFS({cal_flag},{cal_date},">="&{this(start)},{cal_date},"<="&{this(end)})'
    for m in methods:
        columns[h[m.text(loc)]]["formula"] = f'=COUNTIFS({source},{log("method")},{excel_string(m.text(loc))})'
    columns[h[headers[-3]]]["formula"] = f"=COUNTIFS({source})"
    target = book_daily_target(book)
    columns[h[headers[-2]]]["formula"] = f"={this(headers[5])}*{target}"
    columns[h[headers[-1]]]["formula"] = f"=IFERROR({this(headers[-3])}/{this(headers[-2])},0)"
    for i, column in enumerate(columns):
        if "formula" in column:
            column["format"] = fmts.cell("percent" if i == len(columns) - 1 else "int", "formula")
    lines: list[tuple[str, str, TimePart | None]] = [(rid, name, w) for rid, name in reps for w in weeks]
    lines = lines or [("", "", None)]
    sheet.add_table(0, 0, len(lines), len(headers) - 1, {"name": "tblSumActivity", "columns": columns,
                                                          "style": "Table Style Light 9"})
    text, day = fmts.cell("text", "fixed"), fmts.cell("date", "fixed")
    for r, (rid, name, week) in enumerate(lines, start=1):
        write_value(sheet, r, 0, rid, "text", text)
        write_value(sheet, r, 1, name, "text", text)
        write_value(sheet, r, 2, week.code if week else "", "text", text)
        write_value(sheet, r, 3, week.start if week else None, "date", day)
        write_value(sheet, r, 4, week.end if week else None, "date", day)
    sheet.set_column(0, 2, 10)
    sheet.set_column(3, 4, 11)
    sheet.set_column(5, len(headers) - 1, 8)
    sheet.freeze_panes(1, 3)
    if reps and weeks:
        _weekly_chart(book, sheet, reps, weeks, len(lines) + 2, headers)


def _weekly_chart(book: MasterBook, sheet: Any, reps: list[tuple[str, str]], weeks: list[Any], top: int,
                  headers: list[str]) -> None:
    """A rep x week grid of totals (formulas over tblSumActivity) and a column chart of it."""
    cat = catalogue()
    fmts = book.fmts
    total = f"tblSumActivity[{headers[-3]}]"
    sheet.write_string(top, 0, cat.label("chart_weekly_contacts", book.locale), fmts.block_title())
    for c, week in enumerate(weeks, start=2):
        sheet.write_string(top + 1, c, week.code, fmts.header())
    for r, (rid, name) in enumerate(reps, start=top + 2):
        sheet.write_string(r, 0, rid, fmts.cell("text", "fixed"))
        sheet.write_string(r, 1, name, fmts.cell("text", "fixed"))
        for c, week in enumerate(weeks, start=2):
            formula = (f"=SUMIFS({total},tblSumActivity[{headers[0]}],{excel_string(rid)},"
                       f"tblSumActivity[{headers[2]}],{excel_string(week.code)})")
            sheet.write_formula(r, c, formula, fmts.cell("int", "formula"))
    first, last = top + 2, top + 1 + len(reps)
    chart = book.workbook.add_chart({"type": "column"})
    for c in range(2, 2 + len(weeks)):
        chart.add_series({"name": [sheet.name, top + 1, c], "categories": [sheet.name, first, 1, last, 1],
                          "values": [sheet.name, first, c, last, c]})
    chart.set_title({"name": cat.label("chart_weekly_contacts", book.locale)})
    chart.set_size({"width": 760, "height": 320})
    sheet.insert_chart(last + 2, 1, chart)


def book_daily_target(book: MasterBook) -> int:
    return DEFAULT_DAILY_TARGET


