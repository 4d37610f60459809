"""The blocks a spec sheet is made of: the header, field blocks and Excel Tables."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from xlsxwriter.utility import quote_sheetname, xl_rowcol_to_cell
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from repbook.formulas import column_ref, render
from repbook.locale import catalogue
from repbook.spec import Fields, FieldSpec, Table

from .cells import display_value, write_value
from .context import FormContext, Row
from .layout import PlacedTable, SheetLayout, column_width, display_width
from .row_sources import rows_for
from .styles import FormatBook, Role
from .validation import validation_for

FIELDS_PER_ROW = 4
# Blank rows left under the rep's pre-filled entries so they can keep typing (at most).
SPARE_ROWS = 20


def header_fields(ctx: FormContext) -> tuple[FieldSpec, ...]:
    """The header every form opens with; its cells are the workbook's defined names."""
    cat = catalogue()
    loc = ctx.locale
    cal_date = column_ref("tblCalendar", cat.label("cal_date", loc))
    cal_flag = column_ref("tblCalendar", cat.label("cal_workday", loc))

    def text(key: str, type_: Any = "text", formula: str | None = None, default: str | None = None) -> FieldSpec:
        label = cat.labels[key]
        return FieldSpec(id=key, label=label, type=type_, formula=formula, default=default, locked=True)

    as_of = None if ctx.as_of else "MIN(MAX(TODAY(),rb_period_start),rb_period_end)"
    return (
        text("region", default="region"),
        text("rep_name", default="rep_name"),
        text("rep_id", default="rep_id"),
        text("period", default="period"),
        text("period_start", "date", default="period_start"),
        text("period_end", "date", default="period_end"),
        text("as_of", "date", formula=as_of, default="as_of"),
        text("template_version", default="template_version"),
        text("workdays_total", "int",
             formula=f'SUMIFS({cal_flag},{cal_date},">="&rb_period_start,{cal_date},"<="&rb_period_end)'),
        text("workdays_elapsed", "int",
             formula=f'SUMIFS({cal_flag},{cal_date},">="&rb_period_start,{cal_date},"<="&rb_as_of)'),
        text("time_progress", "percent", formula="IFERROR(rb_workdays_elapsed/rb_workdays_total,0)"),
    )


def header_values(ctx: FormContext) -> dict[str, Any]:
    # Settings first: the rep's own region and name must win over the team's.
    return {
        **ctx.defaults,
        "region": ctx.rep.region,
        "rep_name": ctx.rep.name,
        "rep_id": ctx.rep.rep_id,
        "period": ctx.period.code,
        "period_start": ctx.period.start,
        "period_end": ctx.period.end,
        "as_of": ctx.as_of,
        "template_version": f"{ctx.spec.form} v{ctx.spec.schema_version}",
    }


def write_title(sheet: Worksheet, fmts: FormatBook, layout: SheetLayout, title: str) -> None:
    row = layout.take(2)
    sheet.set_row(row, 26)
    sheet.write_string(row, 0, title, fmts.title())


def write_fields(
    workbook: Workbook,
    sheet: Worksheet,
    fmts: FormatBook,
    layout: SheetLayout,
    ctx: FormContext,
    block: Fields,
    fields: Sequence[FieldSpec],
    values: dict[str, Any],
) -> None:
    """Label/value pairs, four to a row; each value cell gets the defined name rb_<id>."""
    if block.title is not None:
        sheet.write_string(layout.take(1), 0, block.title(ctx.locale), fmts.block_title())
    for index, spec_field in enumerate(fields):
        row = layout.row + index // FIELDS_PER_ROW
        col = 2 * (index % FIELDS_PER_ROW)
        label = spec_field.label(ctx.locale)
        sheet.write_string(row, col, label, fmts.field_label())
        layout.want_width(col, display_width(label) + 2)
        if spec_field.formula:
            formula = render(spec_field.formula, ctx.spec, ctx.locale)
            sheet.write_formula(row, col + 1, formula, fmts.cell(spec_field.type, "formula"))
        else:
            value = ctx.fields.get(spec_field.id, values.get(spec_field.default or ""))
            role: Role = "fixed" if spec_field.locked else "input"
            shown = display_value(value, spec_field.type, spec_field.choices, ctx.locale)
            write_value(sheet, row, col + 1, shown, spec_field.type, fmts.cell(spec_field.type, role))
            options = validation_for(spec_field, ctx.locale) if role == "input" else None
            if options:
                sheet.data_validation(row, col + 1, row, col + 1, options)
        layout.want_width(col + 1, 12.0)
        ref = f"={quote_sheetname(sheet.name)}!{xl_rowcol_to_cell(row, col + 1, True, True)}"
        workbook.define_name(spec_field.defined_name, ref)
        for rule in block.conditional:
            if spec_field.id in rule.columns:
                criteria = render(rule.when, ctx.spec, ctx.locale)
                sheet.conditional_format(row, col + 1, row, col + 1, {
                    "type": "formula", "criteria": criteria, "format": fmts.highlight(rule.style)})
    layout.take((len(fields) + FIELDS_PER_ROW - 1) // FIELDS_PER_ROW + 1)


def write_table(
    sheet: Worksheet,
    fmts: FormatBook,
    layout: SheetLayout,
    ctx: FormContext,
    table: Table,
    *,
    blank_rows_by_column_format: bool = False,
) -> PlacedTable:
    """An Excel Table: header, pre-filled or blank input rows, formula columns, validation.

    With ``blank_rows_by_column_format`` (a sheet's only input table), blank input rows are
    not written cell by cell: each column's default format makes them unlocked and typed.
    """
    if table.title is not None:
        sheet.write_string(layout.take(1), 0, table.title(ctx.locale), fmts.block_title())
    rows = _table_rows(table, ctx)
    header_row = layout.take(1)
    first_row = layout.take(len(rows))
    placed = PlacedTable(table, header_row, first_row, first_row + len(rows) - 1, 0)
    total_row = bool(table.totals)
    columns: list[dict[str, Any]] = []
    for col, column in enumerate(table.columns):
        label = column.label(ctx.locale)
        entry: dict[str, Any] = {"header": label, "header_format": fmts.header()}
        if column.formula:
            entry["formula"] = render(column.formula, ctx.spec, ctx.locale, table=table)
            entry["format"] = fmts.cell(column.type, "formula")
        if column.id in table.totals:
            entry["total_function"] = table.totals[column.id]
            entry["format"] = fmts.cell(column.type, "formula" if column.formula else "input")
        columns.append(entry)
        layout.want_width(col, column_width(column, label))
    sheet.add_table(header_row, 0, placed.last_row + (1 if total_row else 0), placed.last_col, {
        "name": table.name, "columns": columns, "style": "Table Style Light 1",
        "total_row": total_row, "autofilter": not table.rows_from,
    })
    if total_row:
        layout.take(1)
    sheet.set_row(header_row, 30)
    if blank_rows_by_column_format:
        filled = [row for row in rows if row]
        for col, column in enumerate(table.columns):
            if not column.computed:
                layout.column_formats[col] = fmts.column_default(column.type)
        _write_rows(sheet, fmts, ctx, table, filled, first_row)
    else:
        _write_rows(sheet, fmts, ctx, table, rows, first_row)
    _validate_columns(sheet, ctx, placed)
    _conditional_formats(sheet, fmts, ctx, placed)
    layout.tables.append(placed)
    layout.take(1)
    return placed


def _table_rows(table: Table, ctx: FormContext) -> list[Row]:
    if table.rows_from:
        given = {str(r.get(table.columns[0].id)): r for r in ctx.rows.get(table.id, [])}
        return [{**row, **given.get(str(row[table.columns[0].id]), {})} for row in rows_for(table, ctx)]
    data = list(ctx.rows.get(table.id, []))
    spare = min(SPARE_ROWS, max(2, table.rows // 4)) if data else 1
    blanks = max(table.rows - len(data), spare)
    return data + [{} for _ in range(blanks)]


def _write_rows(
    sheet: Worksheet, fmts: FormatBook, ctx: FormContext, table: Table, rows: Sequence[Row], first_row: int
) -> None:
    defaults = header_values(ctx)
    for col, column in enumerate(table.columns):
        if column.computed:
            continue
        role: Role = "fixed" if (table.rows_from and col == 0) else "input"
        fmt = fmts.cell(column.type, role)
        for offset, row in enumerate(rows):
            value = row.get(column.id)
            if value is None and column.default and (row or table.rows_from):
                value = defaults.get(column.default)
            shown = display_value(value, column.type, column.choices, ctx.locale)
            write_value(sheet, first_row + offset, col, shown, column.type, fmt)


def _validate_columns(sheet: Worksheet, ctx: FormContext, placed: PlacedTable) -> None:
    for col, column in enumerate(placed.table.columns):
        if column.computed or (placed.table.rows_from and col == 0):
            continue
        options = validation_for(column, ctx.locale)
        if options is not None:
            sheet.data_validation(placed.first_row, col, placed.last_row, col, options)


def _conditional_formats(sheet: Worksheet, fmts: FormatBook, ctx: FormContext, placed: PlacedTable) -> None:
    for rule in placed.table.conditional:
        criteria = render(rule.when, ctx.spec, ctx.locale, table=placed.table, anchor=placed.anchor)
        for column_id in rule.columns:
            col = placed.first_col + [c.id for c in placed.table.columns].index(column_id)
            sheet.conditional_format(placed.first_row, col, placed.last_row, col, {
                "type": "formula", "criteria": criteria, "format": fmts.highlight(rule.style),
            })
