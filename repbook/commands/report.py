"""`repbook report`: the manager's report to the superior, as a workbook and as an HTML page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from importlib import resources
from pathlib import Path

import jinja2
import xlsxwriter

from repbook.commands.review import read_master
from repbook.consolidation.master_reader import master_error_count
from repbook.core.report_data import Report, build_report
from repbook.errors import UsageError
from repbook.generators.styles import FormatBook
from repbook.generators.workbook import WORKBOOK_OPTIONS
from repbook.io.atomic import atomic_path
from repbook.locale import Locale, catalogue
from repbook.periods import Period, month_period
from repbook.workdays import build_calendar

LABELS = ("report_title", "report_targets", "report_market", "report_customers", "report_efficiency",
          "report_competitors", "report_exceptions", "report_next", "report_new_customers", "report_new_closes",
          "report_churn", "report_collections", "report_orders", "report_per_contact", "report_none",
          "time_progress", "col_indicator", "col_target", "col_actual", "col_completion", "col_overdue",
          "src_rep_name", "cal_date", "col_customer")


@dataclass(frozen=True)
class ReportFiles:
    report: Report
    workbook: Path
    html: Path


def make_report(master_path: Path, span: Period, output: Path, locale: Locale = "zh-CN",
                today: date | None = None) -> ReportFiles:
    """The report for a month or an ISO week (of the month it starts in), written as .xlsx and .html."""
    if span.kind not in ("month", "week"):
        raise UsageError("a report covers a month (--month 2026-12) or an ISO week (--week 2026-W49).")
    rows = read_master(master_path)
    month = month_period(span.start.year, span.start.month)
    calendar = build_calendar(span.start, span.end)
    as_of = min(max(today or date.today(), span.start), span.end)
    total = calendar.working_days(span.start, span.end)
    progress = calendar.working_days(span.start, as_of) / total if total else 0.0
    names = {str(r.get("_rep_id")): str(r.get("_rep_name")) for table in rows.values() for r in table}
    report = build_report(month.code, rows, progress, as_of, span.start, span.end, names)
    errors = master_error_count(master_path)
    if errors:
        report.exceptions.append(catalogue().label("report_validation", locale).format(n=errors))
    stem = output.with_suffix("") if output.suffix in (".xlsx", ".html") else output
    labels = {key: catalogue().label(key, locale) for key in LABELS}
    html = stem.with_name(stem.name + ".html")
    with atomic_path(html) as tmp:
        tmp.write_text(render_html(report, labels, locale), "utf-8")
    workbook = stem.with_name(stem.name + ".xlsx")
    write_report_workbook(report, labels, workbook)
    return ReportFiles(report, workbook, html)


def render_html(report: Report, labels: dict[str, str], locale: Locale) -> str:
    source = resources.files("repbook.templates").joinpath("report.html.j2").read_text("utf-8")
    # Autoescaped: customer names and competitor notes come from reps' workbooks.
    environment = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined)
    return environment.from_string(source).render(r=report, t=labels, lang=locale)


def write_report_workbook(report: Report, labels: dict[str, str], path: Path) -> Path:
    with atomic_path(path) as tmp:
        book = xlsxwriter.Workbook(str(tmp), WORKBOOK_OPTIONS)
        fmts = FormatBook(book)
        sheet = book.add_worksheet(labels["report_title"][:31])
        sheet.write_string(0, 0, f"{labels['report_title']} {report.period}", fmts.title())
        sheet.write_string(1, 0, labels["time_progress"], fmts.field_label())
        sheet.write_number(1, 1, report.time_progress, fmts.cell("percent", "fixed"))
        row = 3
        sheet.write_string(row, 0, labels["report_targets"], fmts.block_title())
        for c, key in enumerate(("col_indicator", "col_target", "col_actual", "col_completion")):
            sheet.write_string(row + 1, c, labels[key], fmts.header())
        for r, line in enumerate(report.targets, start=row + 2):
            sheet.write_string(r, 0, str(line["indicator"]), fmts.cell("text", "fixed"))
            sheet.write_number(r, 1, line["must"], fmts.cell("number", "fixed"))
            sheet.write_number(r, 2, line["actual"], fmts.cell("number", "fixed"))
            sheet.write_formula(r, 3, f"=IFERROR(C{r + 1}/B{r + 1},0)", fmts.cell("percent", "formula"))
        row += len(report.targets) + 3
        figures = (("report_new_customers", report.new_customers), ("report_new_closes", report.new_closes),
                   ("col_overdue", report.overdue_follow_ups), ("report_churn", report.churn_risks),
                   ("report_collections", report.collections), ("report_orders", report.orders),
                   ("report_per_contact", report.orders_per_contact))
        for r, (key, value) in enumerate(figures, start=row):
            sheet.write_string(r, 0, labels[key], fmts.field_label())
            sheet.write_number(r, 1, value, fmts.cell("money" if isinstance(value, float) else "int", "fixed"))
        row += len(figures) + 1
        for title, items in (("report_competitors", [f"{m['competitor']}：{m['move']} ({m['rep']})"
                                                    for m in report.competitor_moves]),
                             ("report_exceptions", report.exceptions)):
            sheet.write_string(row, 0, labels[title], fmts.block_title())
            for r, text in enumerate(items or [labels["report_none"]], start=row + 1):
                sheet.write_string(r, 0, text, fmts.text())
            row += len(items or [1]) + 2
        sheet.set_column(0, 0, 40)
        sheet.set_column(1, 3, 14)
        book.close()
    return path
