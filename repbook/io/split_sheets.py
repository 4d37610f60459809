"""The split sheets of the control workbook: live formulas, written into the existing file.

The control workbook is opened with openpyxl, its split sheets (if any) are replaced,
the reps' must-achieve figures are written into tblRepTargets, and the file is saved
atomically; everything else in it stays. Every number on the split sheets is a formula
over the workbook's own tables (settings, roster, indicators, history, customers, rep
targets, seasonality, events, calendar), mirroring ``repbook/core/split*.py`` column by
column, so a manager who edits a weight in Excel sees the split recompute, and Excel
equals Python.

Within a sheet, rows come in blocks (one indicator's reps, one rep's parts or
customers); ``<x>`` in a column template is this row's cell of column ``x``, ``<x:b>``
the block's range of it, ``<x:u>`` the block's range up to this row (the tie-break by
roster or part order), and ``{col:...}``, ``{choice:...}``, ``{cal:...}`` are rendered by
``repbook.formulas.render`` in the workbook's locale.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
from openpyxl.utils import get_column_letter, quote_sheetname, range_boundaries
from openpyxl.worksheet.worksheet import Worksheet

from repbook.errors import InputFileError
from repbook.formulas import check_allowed, render
from repbook.io.atomic import atomic_path
from repbook.locale import Locale, catalogue
from repbook.spec import CONTROL, load_spec

FIRST_ROW = 3  # row 1: the note, row 2: headers
_CELL = re.compile(r"<([a-z_]+)(?::([bu]))?>")


@dataclass(frozen=True)
class Column:
    id: str
    formula: str | None = None  # None: a value given per row
    number_format: str = "#,##0.00"
    helper: bool = False


@dataclass
class SheetPlan:
    """One split sheet: its columns and its rows (values of the value columns), in blocks."""

    label_key: str
    columns: tuple[Column, ...]
    blocks: list[list[dict[str, Any]]] = field(default_factory=list)

    def letter(self, column_id: str) -> str:
        return get_column_letter(1 + [c.id for c in self.columns].index(column_id))

    def row_of(self, **keys: Any) -> int:
        """The sheet row holding the row whose values match ``keys``."""
        for n, row in enumerate(r for block in self.blocks for r in block):
            if all(row.get(k) == v for k, v in keys.items()):
                return FIRST_ROW + n
        raise KeyError(keys)


def _idx(column: str) -> str:
    return f"INDEX({{col:indicators.{column}}},MATCH(<indicator>,{{col:indicators.indicator_id}},0))"


def _rep_target(column: str) -> str:
    return f"SUMIFS({{col:rep_targets.{column}}},{{col:rep_targets.rep_id}},<rep>,{{col:rep_targets.indicator_id}},<indicator>)"


def _typed(column: str) -> str:
    return (f"COUNTIFS({{col:rep_targets.rep_id}},<rep>,{{col:rep_targets.indicator_id}},<indicator>,"
            f"{{col:rep_targets.{column}}},\"<>\")")


def _sum_at(b: str) -> str:
    """Water filling: what the free reps add up to at factor ``b`` (core.split.water_fill)."""
    return (f"(SUMIFS(<free_floor:b>,<free_weight:b>,0)+SUMIFS(<free_floor:b>,<low:b>,\">=\"&{b})"
            f"+SUMIFS(<free_cap:b>,<high:b>,\"<=\"&{b},<low:b>,\"<\"&{b})"
            f"+{b}*SUMIFS(<free_weight:b>,<low:b>,\"<\"&{b},<high:b>,\">\"&{b}))")


_HELD = "MAX(<floor>,IF(<cap>=\"\",<share>,MIN(<cap>,<share>)))"
MONEY = "#,##0"
PERCENT = "0.0%"

REP_COLUMNS: tuple[Column, ...] = (
    Column("indicator"), Column("rep"), Column("name"),
    Column("team_total", "IF(<rate>=1,<superior>,IF(<lower>=1,ROUNDDOWN(ROUND(<superior>/<stretch>/<unit>,6),0),"
           "ROUNDUP(ROUND(<superior>*<stretch>/<unit>,6),0))*<unit>)", MONEY),
    Column("history", "IFERROR(AVERAGEIFS({col:history.actual},{col:history.rep_id},<rep>,"
           "{col:history.indicator_id},<indicator>),\"\")"),
    Column("ability", "IFERROR(IF(ISNUMBER(INDEX({col:roster.ability},MATCH(<rep>,{col:roster.rep_id},0))),"
           "INDEX({col:roster.ability},MATCH(<rep>,{col:roster.rep_id},0)),3),3)", "0"),
    Column("resources", "SUMPRODUCT(({col:customers.rep_id}=<rep>)*1,{col:customers.star},"
           "{col:customers.close_probability})"),
    Column("score", "rb_weight_history*IF(SUM(<history_used:b>)=0,0,<history_used>/SUM(<history_used:b>))"
           "+rb_weight_ability*<ability>/SUM(<ability:b>)"
           "+rb_weight_resources*IF(SUM(<resources:b>)=0,0,<resources>/SUM(<resources:b>))", "0.0000"),
    Column("declared", f"IF({_typed('declared')}=0,\"\",{_rep_target('declared')})", MONEY),
    Column("floor", f"ROUNDUP(ROUND({_rep_target('floor')}/<unit>,6),0)*<unit>", MONEY),
    Column("cap", f"IF({_typed('cap')}=0,\"\",ROUNDDOWN(ROUND({_rep_target('cap')}/<unit>,6),0)*<unit>)", MONEY),
    Column("must", "IF(<rate>=1,<superior>,IF(<kept>=1,<kept_amount>,(<whole>+IF(<rank><=<left>,1,0))*<unit>))", MONEY),
    Column("challenge", "IF(<lower>=1,<must>*(1-<challenge_rate>),<must>*(1+<challenge_rate>))", MONEY),
    # how it is computed
    Column("lower", f"IF({_idx('direction')}={{choice:direction.lower}},1,0)", "0", True),
    Column("rate", f"IF(OR({_idx('category')}={{choice:indicator_category.satisfaction}},{_idx('unit')}=\"%\"),1,0)",
           "0", True),
    Column("superior", _idx("superior_target"), helper=True),
    Column("stretch", f"IF({_idx('stretch')}=\"\",rb_stretch,{_idx('stretch')})", "0.00", True),
    Column("challenge_rate", f"IF({_idx('challenge_rate')}=\"\",rb_challenge_rate,{_idx('challenge_rate')})",
           PERCENT, True),
    Column("unit", f"IF({_idx('rounding_unit')}=\"\",IF({_idx('category')}={{choice:indicator_category.financial}},"
           f"rb_rounding_unit,1),{_idx('rounding_unit')})", MONEY, True),
    Column("history_used", "IF(<history>=\"\",IFERROR(AVERAGE(<history:b>),0)*rb_new_hire_ramp,<history>)",
           helper=True),
    Column("weight", "IF(SUM(<score:b>)=0,1,<score>)", "0.0000", True),
    Column("share", "<team_total>*<weight>/SUM(<weight:b>)", helper=True),
    Column("kept", f"IF(OR(<rate>=1,<declared>=\"\"),0,IF(<lower>=1,IF(<declared><{_HELD},1,0),"
           f"IF(<declared>>{_HELD},1,0)))", "0", True),
    Column("kept_amount", "IF(<kept>=1,IF(<lower>=1,ROUNDDOWN(ROUND(<declared>/<unit>,6),0),"
           "ROUNDUP(ROUND(<declared>/<unit>,6),0))*<unit>,0)", MONEY, True),
    Column("rest", "MAX(0,<team_total>-SUM(<kept_amount:b>))", MONEY, True),
    Column("free_weight", "IF(<kept>=1,0,<weight>)", "0.0000", True),
    Column("free_floor", "IF(<kept>=1,0,<floor>)", MONEY, True),
    Column("free_cap", "IF(<kept>=1,0,IF(<cap>=\"\",<rest>,<cap>))", MONEY, True),
    Column("low", "IF(<free_weight>=0,\"\",ROUND(<free_floor>/<free_weight>,6))", helper=True),
    Column("high", "IF(<free_weight>=0,\"\",ROUND(<free_cap>/<free_weight>,6))", helper=True),
    Column("sum_low", f"IF(<low>=\"\",\"\",{_sum_at('<low>')})", helper=True),
    Column("sum_high", f"IF(<high>=\"\",\"\",{_sum_at('<high>')})", helper=True),
    Column("base", "MAX(0,MAXIFS(<low:b>,<sum_low:b>,\"<=\"&<rest>),MAXIFS(<high:b>,<sum_high:b>,\"<=\"&<rest>))",
           helper=True),
    Column("sum_base", _sum_at("<base>"), helper=True),
    Column("slope", "SUMIFS(<free_weight:b>,<low:b>,\"<=\"&<base>,<high:b>,\">\"&<base>)", "0.0000", True),
    Column("factor", "IF(<slope>=0,<base>,<base>+(<rest>-<sum_base>)/<slope>)", helper=True),
    Column("exact", "IF(<kept>=1,<kept_amount>,IF(<free_weight>=0,<free_floor>,"
           "MIN(<free_cap>,MAX(<free_floor>,<factor>*<free_weight>))))", helper=True),
    Column("units", "ROUND(<exact>/<unit>,6)", "0.000000", True),
    Column("whole", "ROUNDDOWN(<units>,0)", "0", True),
    Column("remainder", "IF(<kept>=1,-1,ROUND(<units>-<whole>,6))", "0.000000", True),
    Column("left", "ROUND(<rest>/<unit>-SUMIFS(<whole:b>,<kept:b>,0),0)", "0", True),
    Column("rank", "IF(<kept>=1,\"\",COUNTIFS(<remainder:b>,\">\"&<remainder>)+COUNTIFS(<remainder:u>,<remainder>))",
           "0", True),
)


def time_columns(reps_sheet: str, reps: SheetPlan, seasonality: bool) -> tuple[Column, ...]:
    """Columns of the time sheet; the rep's must and unit are read live from the reps sheet."""
    sheet = quote_sheetname(reps_sheet)
    season = ("IFERROR(IF(INDEX({col:seasonality.weight},MATCH(<part_no>,{col:seasonality.part_no},0))=\"\",\"\","
              "INDEX({col:seasonality.weight},MATCH(<part_no>,{col:seasonality.part_no},0))),\"\")"
              if seasonality else "\"\"")
    return (
        Column("indicator"), Column("rep"), Column("part"), Column("part_no", number_format="0"),
        Column("start", number_format="yyyy-mm-dd"), Column("end", number_format="yyyy-mm-dd"),
        Column("rep_must", f"{sheet}!${reps.letter('must')}<reps_row>", MONEY),
        Column("working_days", "SUMIFS({cal:workday},{cal:date},\">=\"&<start>,{cal:date},\"<=\"&<end>)", "0"),
        Column("seasonality", season, PERCENT),
        Column("part_target", "(<whole>+IF(<rank><=<left>,1,0))*<unit>+IF(<part_no>=1,<rep_must>-<units_total>*<unit>,0)",
               MONEY),
        Column("unit", f"{sheet}!${reps.letter('unit')}<reps_row>", MONEY, True),
        Column("part_weight", "<working_days>*IF(COUNT(<seasonality:b>)=0,1,IF(ISNUMBER(<seasonality>),<seasonality>,0))",
               "0.0000", True),
        Column("units_total", "ROUNDDOWN(ROUND(<rep_must>/<unit>,6),0)", "0", True),
        Column("units", "ROUND(<units_total>*IF(SUM(<part_weight:b>)=0,1,<part_weight>)/"
               "IF(SUM(<part_weight:b>)=0,COUNT(<part_weight:b>),SUM(<part_weight:b>)),6)", "0.000000", True),
        Column("whole", "ROUNDDOWN(<units>,0)", "0", True),
        Column("remainder", "ROUND(<units>-<whole>,6)", "0.000000", True),
        Column("left", "<units_total>-SUM(<whole:b>)", "0", True),
        Column("rank", "COUNTIFS(<remainder:b>,\">\"&<remainder>)+COUNTIFS(<remainder:u>,<remainder>)", "0", True),
    )


def customer_columns(reps_sheet: str, reps: SheetPlan, rows: int) -> tuple[Column, ...]:
    sheet = quote_sheetname(reps_sheet)
    last = FIRST_ROW + max(rows, 1) - 1
    must = f"{sheet}!${reps.letter('must')}${FIRST_ROW}:${reps.letter('must')}${last}"
    ind = f"{sheet}!${reps.letter('indicator')}${FIRST_ROW}:${reps.letter('indicator')}${last}"
    rep = f"{sheet}!${reps.letter('rep')}${FIRST_ROW}:${reps.letter('rep')}${last}"
    return (
        Column("rep"), Column("customer_id"), Column("customer"), Column("indicator"),
        Column("star", "SUMIFS({col:customers.star},{col:customers.rep_id},<rep>,{col:customers.customer_id},"
               "<customer_id>)", "0"),
        Column("close_probability", "SUMIFS({col:customers.close_probability},{col:customers.rep_id},<rep>,"
               "{col:customers.customer_id},<customer_id>)", PERCENT),
        Column("rep_target", f"SUMIFS({must},{ind},<indicator>,{rep},<rep>)", MONEY),
        Column("allotted", "IF(SUM(<star:b>)=0,0,<rep_target>*<star>/SUM(<star:b>))", MONEY),
        Column("expected", "<allotted>*<close_probability>", MONEY),
        Column("covered", "SUM(<expected:b>)", MONEY),
        Column("gap", "MAX(0,<rep_target>-<covered>)", MONEY),
    )


def event_columns(reps_sheet: str, reps: SheetPlan, rows: int, main_indicator: str) -> tuple[Column, ...]:
    sheet = quote_sheetname(reps_sheet)
    last = FIRST_ROW + max(rows, 1) - 1
    total = f"{sheet}!${reps.letter('team_total')}${FIRST_ROW}:${reps.letter('team_total')}${last}"
    ind = f"{sheet}!${reps.letter('indicator')}${FIRST_ROW}:${reps.letter('indicator')}${last}"
    main = '"' + main_indicator.replace('"', '""') + '"'

    def field_(column: str) -> str:
        return f"INDEX({{col:events.{column}}},<event_no>)"

    return (
        Column("event_no", number_format="0"),
        Column("event", f"IF({field_('event')}=\"\",\"\",{field_('event')})", "@"),
        Column("indicator", f"IF({field_('indicator_id')}=\"\",{main},{field_('indicator_id')})", "@"),
        Column("invitees", f"IF({field_('invitees')}=\"\",\"\",{field_('invitees')})", "0"),
        Column("attendance_rate", f"IF({field_('attendance_rate')}=\"\",\"\",{field_('attendance_rate')})", PERCENT),
        Column("conversion_rate", f"IF({field_('conversion_rate')}=\"\",\"\",{field_('conversion_rate')})", PERCENT),
        Column("average_order", f"IF({field_('average_order')}=\"\",\"\",{field_('average_order')})", MONEY),
        Column("event_amount", f"IF({field_('invitees')}=\"\",\"\",{field_('invitees')}*{field_('attendance_rate')}"
               f"*{field_('conversion_rate')}*{field_('average_order')})", MONEY),
        Column("team_total", f"IFERROR(INDEX({total},MATCH(<indicator>,{ind},0)),\"\")", MONEY),
        Column("event_share", "IF(OR(<event_amount>=\"\",<team_total>=\"\"),\"\",IF(<team_total>=0,\"\","
               "<event_amount>/<team_total>))", PERCENT),
    )


def render_cell(plan: SheetPlan, column: Column, row: int, first: int, last: int, locale: Locale,
                extra: Mapping[str, str]) -> str:
    """The formula of ``column`` in sheet row ``row`` of a block spanning ``first``..``last``."""
    assert column.formula is not None

    def cell(match: re.Match[str]) -> str:
        letter = plan.letter(match.group(1))
        scope = match.group(2)
        if scope == "b":
            return f"${letter}${first}:${letter}${last}"
        if scope == "u":
            return f"${letter}${first}:${letter}{row}"
        return f"${letter}{row}"

    text = column.formula
    for key, value in extra.items():
        text = text.replace(f"<{key}>", value)
    return render(_CELL.sub(cell, text), load_spec(CONTROL), locale)


def write_split_sheets(path: Path, plans: Sequence[SheetPlan], reps_extra: Mapping[int, Mapping[str, str]],
                       musts: Mapping[tuple[str, str], float]) -> None:
    """Replace the split sheets of the control workbook at ``path`` and write the musts into tblRepTargets."""
    book = openpyxl.load_workbook(path)
    locale = _locale(book)
    cat = catalogue()
    names = [cat.label(p.label_key, locale) for p in plans]
    for name in names:
        if name in book.sheetnames:
            del book[name]
    for plan, name in zip(plans, names, strict=True):
        sheet = book.create_sheet(name)
        _write_plan(sheet, plan, locale, reps_extra if plan.label_key == "split_sheet_time" else {})
    _write_musts(book, musts, path)
    with atomic_path(path) as tmp:
        book.save(tmp)


def _write_plan(sheet: Worksheet, plan: SheetPlan, locale: Locale, row_extra: Mapping[int, Mapping[str, str]]) -> None:
    cat = catalogue()
    sheet["A1"] = cat.label("split_note", locale)
    first_helper = next((n for n, c in enumerate(plan.columns, start=1) if c.helper), None)
    for n, column in enumerate(plan.columns, start=1):
        sheet.cell(2, n, cat.label(f"split_col_{column.id}", locale))
        sheet.column_dimensions[get_column_letter(n)].width = 14
    if first_helper:
        sheet.cell(1, first_helper, cat.label("split_helpers", locale))
        sheet.column_dimensions.group(get_column_letter(first_helper), get_column_letter(len(plan.columns)),
                                      outline_level=1, hidden=False)
    row = FIRST_ROW
    formulas: list[str] = []
    for block in plan.blocks:
        first, last = row, row + len(block) - 1
        for values in block:
            extra = {k: str(v) for k, v in row_extra.get(row, {}).items()}
            for n, column in enumerate(plan.columns, start=1):
                target = sheet.cell(row, n)
                if column.formula is None:
                    value = values.get(column.id)
                    target.value = value
                    if isinstance(value, str):
                        target.data_type = "s"  # untrusted text stays text, even "=..."
                else:
                    target.value = render_cell(plan, column, row, first, last, locale, extra)
                    formulas.append(str(target.value))
                target.number_format = column.number_format if not isinstance(values.get(column.id), date) \
                    else "yyyy-mm-dd"
            row += 1
    check_allowed(formulas)
    sheet.freeze_panes = "D3"


def _write_musts(book: openpyxl.Workbook, musts: Mapping[tuple[str, str], float], path: Path) -> None:
    """Each (rep, indicator)'s must-achieve as a value in tblRepTargets; new rows where missing."""
    spec = load_spec(CONTROL).table("rep_targets")
    for sheet in book.worksheets:
        if spec.name in sheet.tables:
            break
    else:
        raise InputFileError(f"has no table {spec.name}.", file=str(path), hint="Create it with repbook init.")
    table = sheet.tables[spec.name]
    min_col, min_row, max_col, max_row = range_boundaries(table.ref)
    by_label = {label: c.id for c in spec.columns for label in c.label.all()}
    col = {by_label.get(str(sheet.cell(min_row, c).value)): c for c in range(min_col, max_col + 1)}
    if not {"rep_id", "indicator_id", "must"} <= set(col):
        raise InputFileError(f"table {spec.name} lacks the rep ID, indicator or must-achieve column.",
                             file=str(path), sheet=sheet.title)
    rows: dict[tuple[str, str], int] = {}
    blank: list[int] = []
    for r in range(min_row + 1, max_row + 1):
        rep, ind = sheet.cell(r, col["rep_id"]).value, sheet.cell(r, col["indicator_id"]).value
        if rep in (None, "") and ind in (None, ""):
            blank.append(r)
        else:
            rows.setdefault((_text(rep), _text(ind)), r)
    for key, must in musts.items():
        found = rows.get(key)
        if found is not None:
            r = found
        else:
            if blank:
                r = blank.pop(0)
            else:
                max_row += 1
                r = max_row
                for c in range(min_col, max_col + 1):  # the computed columns' formulas follow the table
                    above = sheet.cell(r - 1, c)
                    if above.data_type == "f":
                        sheet.cell(r, c).value = above.value
                    sheet.cell(r, c).number_format = above.number_format
                    sheet.cell(r, c).style = above.style
            for column_id, value in (("rep_id", key[0]), ("indicator_id", key[1])):
                target = sheet.cell(r, col[column_id])
                target.value = value
                target.data_type = "s"
        sheet.cell(r, col["must"]).value = must
    table.ref = f"{get_column_letter(min_col)}{min_row}:{get_column_letter(max_col)}{max_row}"
    if table.autoFilter is not None:
        table.autoFilter.ref = table.ref


def _locale(book: openpyxl.Workbook) -> Locale:
    if "_repbook" in book.sheetnames:
        for key, value in book["_repbook"].iter_rows(max_col=2, values_only=True):
            if key == "locale" and value in ("zh-CN", "zh-TW", "en"):
                return value
    return "zh-CN"


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()
