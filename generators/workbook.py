"""Spec + context -> one finished workbook on disk (XlsxWriter: the fastest faithful writer)."""

from __future__ import annotations

from pathlib import Path

import xlsxwriter
from xlsxwriter.worksheet import Worksheet

from repbook.io.atomic import atomic_path
from repbook.locale import catalogue
from repbook.spec import Fields, Sheet

from .blocks import header_fields, header_values, write_fields, write_table, write_title
from .context import FormContext
from .furniture import write_calendar, write_instructions, write_lists, write_metadata
from .layout import SheetLayout
from .sheet_class import FastFormulaWorksheet
from .styles import FormatBook

WORKBOOK_OPTIONS = {
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
    # Parts are assembled in memory: no temp file per XML part.
    "in_memory": True,
}


def build_workbook(ctx: FormContext, target: Path) -> Path:
    """Write the form described by ``ctx`` to ``target`` atomically and return ``target``."""
    with atomic_path(target) as tmp:
        workbook = xlsxwriter.Workbook(str(tmp), WORKBOOK_OPTIONS)
        workbook.set_properties({
            "title": ctx.spec.title(ctx.locale), "author": ctx.rep.name, "company": ctx.rep.region,
            "comments": "repbook", "created": ctx.created_at,
        })
        fmts = FormatBook(workbook)
        values = header_values(ctx)
        title = catalogue().message(
            "title_line", ctx.locale, title=ctx.spec.title(ctx.locale), rep=ctx.rep.name, period=ctx.period.code
        )
        for index, sheet_spec in enumerate(ctx.spec.sheets):
            sheet = workbook.add_worksheet(sheet_spec.name(ctx.locale), FastFormulaWorksheet)
            layout = SheetLayout()
            write_title(sheet, fmts, layout, title)
            if index == 0 and sheet_spec.header:
                header = Fields(id="header", fields=header_fields(ctx))
                write_fields(workbook, sheet, fmts, layout, ctx, header, header.fields, values)
            input_tables = [t for t in sheet_spec.tables() if not t.rows_from]
            for block in sheet_spec.blocks:
                if isinstance(block, Fields):
                    write_fields(workbook, sheet, fmts, layout, ctx, block, block.fields, values)
                else:
                    write_table(sheet, fmts, layout, ctx, block,
                                blank_rows_by_column_format=input_tables == [block])
            _add_charts(workbook, sheet, layout, sheet_spec, ctx)
            _finish_sheet(sheet, layout, sheet_spec, title)
        write_instructions(workbook, fmts, ctx, ctx.spec)
        write_calendar(workbook, fmts, ctx)
        write_lists(workbook, ctx)
        write_metadata(workbook, ctx)
        workbook.close()
    return target


def _add_charts(workbook: xlsxwriter.Workbook, sheet: Worksheet, layout: SheetLayout, spec: Sheet,
                ctx: FormContext) -> None:
    """Charts under the sheet's blocks, side by side, over the rows each table holds."""
    top = layout.take(15) + 1 if spec.charts else 0
    for index, chart_spec in enumerate(spec.charts):
        placed = next(p for p in layout.tables if p.table.id == chart_spec.table)
        ids = [c.id for c in placed.table.columns]
        options: dict[str, str] = {"type": chart_spec.type}
        if chart_spec.stacked:
            options["subtype"] = "stacked"
        chart = workbook.add_chart(options)
        category = placed.first_col + ids.index(chart_spec.categories)
        for value_id in chart_spec.values:
            col = placed.first_col + ids.index(value_id)
            chart.add_series({"name": [sheet.name, placed.header_row, col],
                              "categories": [sheet.name, placed.first_row, category, placed.last_row, category],
                              "values": [sheet.name, placed.first_row, col, placed.last_row, col]})
        chart.set_title({"name": chart_spec.title(ctx.locale), "name_font": {"size": 11}})
        chart.set_legend({"position": "bottom"})
        chart.set_size({"width": 460, "height": 260})
        sheet.insert_chart(top, 0, chart, {"x_offset": 10 + index * 480, "y_offset": 4})


def _finish_sheet(sheet: Worksheet, layout: SheetLayout, spec: Sheet, title: str) -> None:
    """Widths, frozen headers, print setup and protection: what makes a sheet usable."""
    for col, width in layout.widths.items():
        sheet.set_column(col, col, width, layout.column_formats.get(col))
    if layout.tables:
        first = layout.tables[0]
        if first.header_row <= 14:
            sheet.freeze_panes(first.first_row, 0)
        sheet.repeat_rows(first.header_row)
    sheet.hide_gridlines(2)
    sheet.set_paper(9)
    if spec.landscape:
        sheet.set_landscape()
    sheet.fit_to_pages(1, 0)
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    sheet.set_header(f"&L&9{title.replace('&', '&&')}")
    sheet.set_footer("&C&9&P / &N")
    sheet.protect("", {
        "format_columns": True, "format_rows": True, "sort": True, "autofilter": True,
        "insert_rows": True, "delete_rows": True,
    })
