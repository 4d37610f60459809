"""The master's summary sheets: native formulas over the master tables, and charts.

Each number a manager reads is a formula (COUNTIFS/SUMIFS over tblMLog, tblMCustomers,
...), so it updates when someone corrects a row in the master; tests recalculate the
master in LibreOffice and compare with repbook/core on the same rows.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any

from xlsxwriter.utility import quote_sheetname, xl_col_to_name, xl_rowcol_to_cell

from repbook.core import customers, discipline, team_reading
from repbook.formulas import column_ref, excel_string, with_future_prefix
from repbook.generators.cells import write_value
from repbook.generators.furniture import CALENDAR_TABLE, calendar_table
from repbook.generators.sheet_class import FastFormulaWorksheet
from repbook.locale import Locale, catalogue
from repbook.periods import Period, TimePart, parse_period, week_parts
from repbook.settings import DEFAULT_SETTINGS, STAR_RULES
from repbook.spec import ColumnType
from repbook.workdays import build_calendar

from .master_tables import master_table
from .writer import MasterBook, SummaryWriter

DEFAULT_DAILY_TARGET = 6


def summary_writers() -> list[SummaryWriter]:
    """In sheet order: the overview opens the master."""
    return [write_overview, write_team_reading, write_discipline, write_structure, write_overdue, write_visits_due,
            write_reclaim, write_activity, write_calendar]


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
    manager_days = book.control.manager_days if book.control else ()
    days = build_calendar(start, end, manager_days).rows(start, end)
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
    """The control workbook's daily contact target, when one was given."""
    value = book.control.settings.get("daily_contact_target") if book.control else None
    return int(value) if isinstance(value, (int, float)) and value > 0 else DEFAULT_DAILY_TARGET




# ---- the latest period, its working days and time progress, as names -------------------

def latest_period(book: MasterBook) -> Period:
    periods = [p for p in periods_of(book) if p.kind == "month"]
    return periods[-1] if periods else parse_period(f"{date.today():%Y-%m}")


def master_as_of(period: Period, today: date | None = None) -> date:
    today = today or date.today()
    return min(max(today, period.start), period.end)


def _write_period_names(book: MasterBook, sheet: Any) -> int:
    """Period, as-of date, working days and time progress at the top of the overview, named."""
    cat = catalogue()
    loc = book.locale
    fmts = book.fmts
    period = latest_period(book)
    cal_date = column_ref(CALENDAR_TABLE, cat.label("cal_date", loc))
    cal_flag = column_ref(CALENDAR_TABLE, cat.label("cal_workday", loc))
    items: list[tuple[str, str, Any, ColumnType]] = [
        ("period", "period", period.code, "text"),
        ("period_start", "period_start", period.start, "date"),
        ("period_end", "period_end", period.end, "date"),
        ("as_of", "as_of", "=MIN(MAX(TODAY(),rb_period_start),rb_period_end)", "date"),
        ("workdays_total", "workdays_total",
         f'=SUMIFS({cal_flag},{cal_date},">="&rb_period_start,{cal_date},"<="&rb_period_end)', "int"),
        ("workdays_elapsed", "workdays_elapsed",
         f'=SUMIFS({cal_flag},{cal_date},">="&rb_period_start,{cal_date},"<="&rb_as_of)', "int"),
        ("time_progress", "time_progress", "=IFERROR(rb_workdays_elapsed/rb_workdays_total,0)", "percent"),
    ]
    sheet.write_string(0, 0, cat.label("master_title", loc), fmts.title())
    for i, (name, label, value, kind) in enumerate(items):
        row, col = 1 + i // 4, 2 * (i % 4)
        sheet.write_string(row, col, cat.label(label, loc), fmts.field_label())
        if isinstance(value, str) and value.startswith("="):
            sheet.write_formula(row, col + 1, value, fmts.cell(kind, "formula"))
        else:
            write_value(sheet, row, col + 1, value, kind, fmts.cell(kind, "fixed"))
        book.workbook.define_name(f"rb_{name}", f"={quote_sheetname(sheet.name)}!{xl_rowcol_to_cell(row, col + 1, True, True)}")
    return 4


def _this(table: str, label: str) -> str:
    return f"{table}[[#This Row],[{label}]]"


def _headers(keys: list[str], loc: Locale) -> list[str]:
    cat = catalogue()
    return [cat.label(k, loc) for k in keys]


def write_overview(book: MasterBook) -> None:
    """团队总览: per rep and indicator, target, actual, completion, time progress, rank, alert."""
    cat = catalogue()
    loc = book.locale
    fmts = book.fmts
    sheet = book.workbook.add_worksheet(cat.label("sheet_overview", loc), FastFormulaWorksheet)
    top = _write_period_names(book, sheet) + 1
    targets = book.result.rows.get("monthly-plan/targets", [])
    period = latest_period(book).code
    indicators: dict[str, str] = {}
    for row in targets:
        if row.get("_period") == period and row.get("indicator"):
            indicators.setdefault(str(row["indicator"]), str(row.get("direction") or "higher"))
    reps = reps_of(book)
    keys = ["src_rep_id", "src_rep_name", "col_indicator", "col_direction", "col_target", "col_actual",
            "col_completion", "time_progress", "col_rank", "col_alert"]
    h = dict(zip(keys, _headers(keys, loc), strict=True))
    name = "tblSumOverview"
    t = lambda key: _this(name, h[key])  # noqa: E731
    m = lambda column: master_col("monthly-plan", "targets", column, book)  # noqa: E731
    lower = excel_string(cat.choice_label("direction", "lower", loc))
    where = f'{m("_rep_id")},{t("src_rep_id")},{m("indicator")},{t("col_indicator")},{m("_period")},rb_period'
    formulas = {
        "col_target": f"=SUMIFS({m('must')},{where})",
        "col_actual": f"=SUMIFS({m('actual')},{where})",
        "col_completion": f'=IF({t("col_target")}=0,"",{t("col_actual")}/{t("col_target")})',
        "time_progress": "=rb_time_progress",
        "col_rank": (f'=IF({t("col_completion")}="","",IF({t("col_direction")}={lower},'
                     f'COUNTIFS({name}[{h["col_indicator"]}],{t("col_indicator")},{name}[{h["col_completion"]}],"<"&{t("col_completion")}),'
                     f'COUNTIFS({name}[{h["col_indicator"]}],{t("col_indicator")},{name}[{h["col_completion"]}],">"&{t("col_completion")}))+1)'),
        "col_alert": (f'=IF({t("col_completion")}="","",IF(IF({t("col_direction")}={lower},'
                      f'{t("col_completion")}>{t("time_progress")},{t("col_completion")}<{t("time_progress")}),'
                      f'{excel_string(cat.label("alert_behind", loc))},""))'),
    }
    kinds: dict[str, ColumnType] = {"col_target": "number", "col_actual": "number", "col_completion": "percent",
                                    "time_progress": "percent", "col_rank": "int", "col_alert": "text"}
    columns = [{"header": h[k], "header_format": fmts.header(),
                **({"formula": formulas[k], "format": fmts.cell(kinds[k], "formula")} if k in formulas else {})}
               for k in keys]
    lines = [(rid, rname, ind, direction) for ind, direction in indicators.items() for rid, rname in reps] or [("", "", "", "higher")]
    sheet.add_table(top, 0, top + len(lines), len(keys) - 1, {"name": name, "columns": columns,
                                                               "style": "Table Style Light 9"})
    text = fmts.cell("text", "fixed")
    for r, (rid, rname, ind, direction) in enumerate(lines, start=top + 1):
        for c, value in enumerate((rid, rname, ind, cat.choice_label("direction", direction, loc))):
            write_value(sheet, r, c, value, "text", text)
    conditional = fmts.highlight("amber")
    alert_col = keys.index("col_alert")
    sheet.conditional_format(top + 1, keys.index("col_completion"), top + len(lines), alert_col, {
        "type": "formula", "criteria": f'=${xl_col_to_name(alert_col)}{top + 2}<>""', "format": conditional})
    sheet.set_column(0, 1, 10)
    sheet.set_column(2, 3, 12)
    sheet.set_column(4, len(keys) - 1, 11)
    sheet.set_column(alert_col, alert_col, 16)
    sheet.freeze_panes(top + 1, 3)
    financial = next((i for i, d in indicators.items() if d == "higher"), None)
    if financial is not None and reps:
        first = top + 1 + list(indicators).index(financial) * len(reps)
        last = first + len(reps) - 1
        chart = book.workbook.add_chart({"type": "column"})
        chart.add_series({"name": f"{financial} {h['col_completion']}", "categories": [sheet.name, first, 1, last, 1],
                          "values": [sheet.name, first, keys.index("col_completion"), last, keys.index("col_completion")]})
        line = book.workbook.add_chart({"type": "line"})
        line.add_series({"name": h["time_progress"], "categories": [sheet.name, first, 1, last, 1],
                         "values": [sheet.name, first, keys.index("time_progress"), last, keys.index("time_progress")]})
        chart.combine(line)
        chart.set_title({"name": f"{financial} {cat.label('chart_completion', loc)}"})
        chart.set_y_axis({"num_format": "0%"})
        chart.set_size({"width": 760, "height": 320})
        sheet.insert_chart(top + len(lines) + 3, 1, chart)


def write_structure(book: MasterBook) -> None:
    """客户结构: customers by star and status per rep, overdue follow-ups; a stacked chart by star."""
    cat = catalogue()
    loc = book.locale
    fmts = book.fmts
    sheet = book.workbook.add_worksheet(cat.label("sheet_structure", loc), FastFormulaWorksheet)
    name = "tblSumStructure"
    stars = (5, 4, 3, 2, 1)
    labels = [cat.label("src_rep_id", loc), cat.label("src_rep_name", loc)]
    for star in stars:
        labels += [cat.label("star_open", loc).format(star=star),
                   cat.label("star_closed", loc).format(star=star)]
    labels += [cat.label("star_total", loc).format(star=star) for star in stars]
    labels += [cat.label("col_total", loc), cat.label("col_overdue", loc)]
    a = lambda column: master_col("customer-archive", "customers", column, book)  # noqa: E731
    rep = _this(name, labels[0])
    base = f"{a('_rep_id')},{rep},{a('_period')},rb_period"
    formulas: dict[int, str] = {}
    status_label = {code: excel_string(cat.choice_label("customer_status", code, loc)) for code in ("open", "closed")}
    for i, star in enumerate(stars):
        for j, code in enumerate(("open", "closed")):
            formulas[2 + 2 * i + j] = f"=COUNTIFS({base},{a('star')},{star},{a('status')},{status_label[code]})"
        formulas[12 + i] = f"={_this(name, labels[2 + 2 * i])}+{_this(name, labels[3 + 2 * i])}"
    formulas[17] = f"=COUNTIFS({base},{a('name')},\"?*\")"
    formulas[18] = f'=COUNTIFS({base},{a("next_contact")},"<"&rb_as_of)'
    columns = [{"header": label, "header_format": fmts.header(),
                **({"formula": formulas[i], "format": fmts.cell("int", "formula")} if i in formulas else {})}
               for i, label in enumerate(labels)]
    reps = reps_of(book) or [("", "")]
    sheet.add_table(0, 0, len(reps), len(labels) - 1, {"name": name, "columns": columns, "style": "Table Style Light 9"})
    text = fmts.cell("text", "fixed")
    for r, (rid, rname) in enumerate(reps, start=1):
        write_value(sheet, r, 0, rid, "text", text)
        write_value(sheet, r, 1, rname, "text", text)
    sheet.set_column(0, 1, 10)
    sheet.set_column(2, len(labels) - 1, 9)
    sheet.freeze_panes(1, 2)
    chart = book.workbook.add_chart({"type": "column", "subtype": "stacked"})
    for i in range(len(stars)):
        col = 12 + i
        chart.add_series({"name": [sheet.name, 0, col], "categories": [sheet.name, 1, 1, len(reps), 1],
                          "values": [sheet.name, 1, col, len(reps), col]})
    chart.set_title({"name": cat.label("chart_by_star", loc)})
    chart.set_size({"width": 760, "height": 320})
    sheet.insert_chart(len(reps) + 3, 1, chart)


def latest_customers(book: MasterBook) -> tuple[Period, date, list[dict[str, Any]]]:
    period = latest_period(book)
    rows = [r for r in book.result.rows.get("customer-archive/customers", []) if r.get("_period") == period.code]
    return period, master_as_of(period), rows


def write_overdue(book: MasterBook) -> None:
    """逾期跟进: customers whose agreed next contact has passed, most overdue first."""
    _, as_of, rows = latest_customers(book)
    chosen = sorted(customers.overdue(rows, as_of), key=lambda r: (r["next_contact"], str(r.get("_rep_id"))))
    _write_customer_list(book, "sheet_overdue", "tblSumOverdue", chosen, "next_contact", "col_next_contact",
                         "col_days_overdue", "MAX(0,rb_as_of-{date})")


def write_visits_due(book: MasterBook) -> None:
    """拜访到期: customers due or overdue for a visit by their star level's cycle."""
    _, as_of, rows = latest_customers(book)
    cycles = book.control.visit_cycles if book.control else {s: r["visit_cycle_days"] for s, r in STAR_RULES.items()}
    chosen = [{**r, "visit_due": customers.visit_due_date(r, cycles)} for r in customers.visits_due(rows, as_of, cycles)]
    chosen.sort(key=lambda r: (r["visit_due"], str(r.get("_rep_id"))))
    _write_customer_list(book, "sheet_visits_due", "tblSumVisitsDue", chosen, "visit_due", "col_visit_due",
                         "col_days_overdue", "MAX(0,rb_as_of-{date})")


def write_reclaim(book: MasterBook) -> None:
    """公海候选: no follow-up for longer than the reclaim limit; listed, never moved."""
    _, as_of, rows = latest_customers(book)
    limit = int((book.control.settings.get("reclaim_days") if book.control else None) or DEFAULT_SETTINGS["reclaim_days"])
    chosen = sorted(customers.reclaim_candidates(rows, as_of, limit), key=lambda r: r["last_contact"])
    sheet = _write_customer_list(book, "sheet_reclaim", "tblSumReclaim", chosen, "last_contact", "col_last_contact",
                                 "col_days_since", "rb_as_of-{date}", top=2)
    sheet.write_string(0, 0, catalogue().label("reclaim_note", book.locale), book.fmts.note())


def _write_customer_list(book: MasterBook, sheet_key: str, name: str, rows: Sequence[Mapping[str, Any]], date_key: str,
                         date_label: str, days_label: str, days_formula: str, top: int = 0) -> Any:
    """A list of customers (rep, customer, star, last contact, a date) with a live day count."""
    cat = catalogue()
    loc = book.locale
    fmts = book.fmts
    keys = ["src_rep_id", "src_rep_name", "col_customer", "col_star", "col_last_contact", date_label, days_label]
    keys = list(dict.fromkeys(keys))
    labels = _headers(keys, loc)
    sheet = book.workbook.add_worksheet(cat.label(sheet_key, loc), FastFormulaWorksheet)
    columns: list[dict[str, Any]] = [{"header": label, "header_format": fmts.header()} for label in labels]
    date_ref = _this(name, labels[keys.index(date_label)])
    columns[-1].update({"formula": "=" + days_formula.format(date=date_ref), "format": fmts.cell("int", "formula")})
    sheet.add_table(top, 0, top + max(len(rows), 1), len(keys) - 1, {"name": name, "columns": columns,
                                                                     "style": "Table Style Light 9"})
    fields = {"src_rep_id": "_rep_id", "src_rep_name": "_rep_name", "col_customer": "name", "col_star": "star",
              "col_last_contact": "last_contact", date_label: date_key}
    kinds: dict[str, ColumnType] = {"col_star": "star", "col_last_contact": "date", date_label: "date"}
    for r, row in enumerate(rows, start=top + 1):
        for c, key in enumerate(keys[:-1]):
            kind = kinds.get(key, "text")
            write_value(sheet, r, c, row.get(fields[key]), kind, fmts.cell(kind, "fixed"))
    sheet.set_column(0, 1, 10)
    sheet.set_column(2, 2, 28)
    sheet.set_column(3, len(keys) - 1, 11)
    sheet.freeze_panes(top + 1, 0)
    return sheet


def main_indicator(book: MasterBook) -> tuple[str, str]:
    """(name, id) of the first higher-is-better financial indicator of the latest period."""
    period = latest_period(book).code
    for row in book.result.rows.get("monthly-plan/targets", []):
        if row.get("_period") == period and row.get("category") == "financial" and row.get("direction") == "higher":
            return str(row.get("indicator")), str(row.get("indicator_id") or "")
    return "", ""


def history_average(book: MasterBook, indicator_id: str) -> float | None:
    """The team's average monthly actual of an indicator over the control workbook's history."""
    if book.control is None or not indicator_id:
        return None
    totals: dict[str, float] = {}
    for row in book.control.history:
        if row.get("indicator_id") == indicator_id and isinstance(row.get("actual"), (int, float)):
            totals[str(row.get("period"))] = totals.get(str(row.get("period")), 0.0) + float(row["actual"])
    return sum(totals.values()) / len(totals) if totals else None


def turnover(book: MasterBook) -> float:
    """Reps hired during the period or no longer active, over the roster."""
    if book.control is None or not book.control.reps:
        return 0.0
    period = latest_period(book)
    moved = [r for r in book.control.reps if not r.active or (r.hire_date and period.start <= r.hire_date <= period.end)]
    return len(moved) / len(book.control.reps)


def write_team_reading(book: MasterBook) -> None:
    """团队状态: the signals, the rule and the reading, all visible and all formulas but two inputs."""
    cat = catalogue()
    loc = book.locale
    fmts = book.fmts
    sheet = book.workbook.add_worksheet(cat.label("sheet_team", loc), FastFormulaWorksheet)
    name, indicator_id = main_indicator(book)
    history = history_average(book, indicator_id)
    overview = "tblSumOverview"
    col = lambda key: f"{overview}[{cat.label(key, loc)}]"  # noqa: E731
    m = lambda column: master_col("monthly-plan", "targets", column, book)  # noqa: E731
    behind_label = excel_string(cat.label("alert_behind", loc))
    structure_overdue = f"tblSumStructure[{cat.label('col_overdue', loc)}]"
    structure_reps = f"tblSumStructure[{cat.label('src_rep_id', loc)}]"
    stage = {code: excel_string(cat.choice_label("team_stage", code, loc)) for code in ("collapse", "chaotic", "steady", "growth")}
    items: list[tuple[str, str, Any, ColumnType]] = [
        ("team_main", "col_indicator", name, "text"),
        ("team_history", "team_history_label", history, "number"),
        ("team_actual", "col_actual", f'=SUMIFS({m("actual")},{m("indicator")},rb_team_main,{m("_period")},rb_period)',
         "number"),
        ("sig_trend", "sig_trend",
         '=IF(OR(rb_team_history="",rb_team_history=0),"",rb_team_actual/MAX(rb_time_progress,0.01)/rb_team_history-1)',
         "percent"),
        ("sig_spread", "sig_spread", f'=IFERROR(MAXIFS({col("col_completion")},{col("col_indicator")},rb_team_main)'
         f'-MINIFS({col("col_completion")},{col("col_indicator")},rb_team_main),0)', "percent"),
        ("sig_behind", "sig_behind", f'=IFERROR(COUNTIFS({col("col_indicator")},rb_team_main,{col("col_alert")},'
         f'{behind_label})/COUNTIFS({col("col_indicator")},rb_team_main),0)', "percent"),
        ("sig_overdue", "sig_overdue", f"=IFERROR(SUM({structure_overdue})/COUNTA({structure_reps}),0)", "number"),
        ("sig_turnover", "sig_turnover", turnover(book), "percent"),
        ("team_stage", "team_stage_label",
         f'=IF(OR(AND(IF(rb_sig_trend="",0,rb_sig_trend)<={team_reading.COLLAPSE_TREND},'
         f'rb_sig_behind>={team_reading.COLLAPSE_BEHIND}),rb_sig_turnover>={team_reading.COLLAPSE_TURNOVER}),'
         f'{stage["collapse"]},IF(OR(rb_sig_spread>={team_reading.CHAOS_SPREAD},rb_sig_overdue>={team_reading.CHAOS_OVERDUE}),'
         f'{stage["chaotic"]},IF(AND(IF(rb_sig_trend="",0,rb_sig_trend)>={team_reading.GROWTH_TREND},'
         f'rb_sig_behind<={team_reading.GROWTH_BEHIND}),{stage["growth"]},{stage["steady"]})))', "text"),
        ("team_focus", "team_focus_label",
         f'=IF(rb_team_stage={stage["collapse"]},{excel_string(cat.label("focus_meetings", loc))},'
         f'IF(rb_team_stage={stage["growth"]},{excel_string(cat.label("focus_reviews", loc))},'
         f'{excel_string(cat.label("focus_forms", loc))}))', "text"),
    ]
    sheet.write_string(0, 0, cat.label("sheet_team", loc), fmts.title())
    sheet.write_string(1, 0, cat.label("team_heuristic", loc), fmts.note())
    for r, (key, label, value, kind) in enumerate(items, start=3):
        sheet.write_string(r, 0, cat.label(label, loc), fmts.field_label())
        if isinstance(value, str) and value.startswith("="):
            sheet.write_formula(r, 1, with_future_prefix(value), fmts.cell(kind, "formula"))
        else:
            write_value(sheet, r, 1, value, kind, fmts.cell(kind, "fixed"))
        book.workbook.define_name(f"rb_{key}", f"={quote_sheetname(sheet.name)}!{xl_rowcol_to_cell(r, 1, True, True)}")
    sheet.merge_range(len(items) + 4, 0, len(items) + 4, 5, cat.label("team_rule", loc), fmts.text())
    sheet.set_column(0, 0, 30)
    sheet.set_column(1, 1, 18)
    sheet.set_row(len(items) + 4, 48)


def discipline_lines(book: MasterBook) -> tuple[list[tuple[str, str]], list[discipline.Standing]]:
    """Expected reps (the roster's active reps, else those seen) and their standing per due form."""
    period = latest_period(book)
    if book.control is not None and book.control.reps:
        reps = [(r.rep_id, r.name) for r in book.control.reps if r.active]
    else:
        reps = reps_of(book)
    received = [discipline.Received(f.rep_id, f.form or "", discipline.parse_saved_at(f.saved_at), f.completeness or 0.0)
                for f in book.result.files if f.status == "consolidated" and f.period == period.code and f.form]
    manager_days = book.control.manager_days if book.control else ()
    calendar = build_calendar(period.start, period.end + timedelta(days=31), manager_days)
    lines = discipline.standings([r for r, _ in reps], rules_of(book), received, period, calendar)
    return reps, lines


def rules_of(book: MasterBook) -> tuple[discipline.DueRule, ...]:
    return book.control.reporting_rules if book.control else discipline.DEFAULT_RULES


def write_discipline(book: MasterBook) -> None:
    """汇报纪律: per rep and due form, on time / late / missing, with completeness and a chart."""
    cat = catalogue()
    loc = book.locale
    fmts = book.fmts
    reps, lines = discipline_lines(book)
    rules = rules_of(book)
    by_key = {(line.rep_id, line.form): line for line in lines}
    labels = {s: cat.label(f"discipline_{s}", loc) for s in ("on_time", "late", "missing")}
    headers = [cat.label("src_rep_id", loc), cat.label("src_rep_name", loc),
               *(cat.choice_label("form", rule.form, loc) for rule in rules),
               labels["on_time"], labels["late"], labels["missing"], cat.label("col_completeness", loc),
               cat.label("col_log_days", loc)]
    sheet = book.workbook.add_worksheet(cat.label("sheet_discipline", loc), FastFormulaWorksheet)
    first_status, last_status = 2, 1 + len(rules)
    rows = reps or [("", "")]
    columns: list[dict[str, Any]] = [{"header": h, "header_format": fmts.header()} for h in headers]
    sheet.add_table(0, 0, len(rows), len(headers) - 1, {"name": "tblSumDiscipline", "columns": columns,
                                                        "style": "Table Style Light 9"})
    totals = len(rows) + 1  # under the Table, so readers of the Table never take it for a rep
    sheet.write_string(totals, 1, cat.label("total", loc), fmts.field_label())
    for offset in range(3):
        col = last_status + 1 + offset
        letter = xl_col_to_name(col)
        sheet.write_formula(totals, col, f"=SUM({letter}2:{letter}{len(rows) + 1})", fmts.cell("int", "formula"))
    text = fmts.cell("text", "fixed")
    for r, (rep_id, name) in enumerate(rows, start=1):
        write_value(sheet, r, 0, rep_id, "text", text)
        write_value(sheet, r, 1, name, "text", text)
        shares = []
        for c, rule in enumerate(rules, start=first_status):
            line = by_key.get((rep_id, rule.form))
            write_value(sheet, r, c, labels[line.status] if line else "", "text", text)
            if line and line.completeness is not None and rule.form != "work-log":
                shares.append(line.completeness)
        span = f"${xl_col_to_name(first_status)}{r + 1}:${xl_col_to_name(last_status)}{r + 1}"
        for offset, status in enumerate(("on_time", "late", "missing")):
            sheet.write_formula(r, last_status + 1 + offset, f"=COUNTIF({span},{excel_string(labels[status])})",
                                fmts.cell("int", "formula"))
        write_value(sheet, r, last_status + 4, sum(shares) / len(shares) if shares else None, "percent",
                    fmts.cell("percent", "fixed"))
        log_line = by_key.get((rep_id, "work-log"))
        write_value(sheet, r, last_status + 5, log_line.completeness if log_line else None, "percent",
                    fmts.cell("percent", "fixed"))
    for status, style in (("late", "amber"), ("missing", "red")):
        sheet.conditional_format(1, first_status, len(rows), last_status, {
            "type": "cell", "criteria": "==", "value": excel_string(labels[status]), "format": fmts.highlight(style)})
    sheet.set_column(0, 1, 10)
    sheet.set_column(first_status, len(headers) - 1, 11)
    sheet.freeze_panes(1, 2)
    chart = book.workbook.add_chart({"type": "bar", "subtype": "stacked"})
    for offset in range(3):
        col = last_status + 1 + offset
        chart.add_series({"name": [sheet.name, 0, col], "categories": [sheet.name, 1, 1, len(rows), 1],
                          "values": [sheet.name, 1, col, len(rows), col]})
    chart.set_title({"name": cat.label("chart_discipline", loc)})
    chart.set_size({"width": 640, "height": 300})
    sheet.insert_chart(len(rows) + 4, 1, chart)
