"""Marking issues in a workbook and taking the marks away again.

A mark is a fill and a note on the cell, plus a row on the results sheet with a link to
the cell. What the cell had before (fill, note) is kept on a very hidden sheet, so
``clear_marks`` restores exactly that and touches nothing else.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import openpyxl
from openpyxl.comments import Comment
from openpyxl.styles import Font, PatternFill
from openpyxl.workbook.workbook import Workbook

from repbook.io.atomic import atomic_path
from repbook.locale import Locale, catalogue

from .issues import SEVERITY_ORDER, Issue

MARKS_SHEET = "_repbook_marks"
AUTHOR = "repbook"
FILLS = {"error": "FFFFC7CE", "warning": "FFFFEB9C", "info": "FFDDEBF7"}
MARKED_SUFFIX = ".checked"


def marked_copy_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}{MARKED_SUFFIX}{path.suffix}")


def write_marked_copy(source: Path, issues: Sequence[Issue], locale: Locale, target: Path | None = None) -> Path:
    """A copy of ``source`` with every issue marked; ``source`` is written only when it is
    ``target`` (marking the open workbook in place from Excel)."""
    target = target or marked_copy_path(source)
    book = _load(source)
    clear_marks_in(book)
    _mark_cells(book, issues)
    _results_sheet(book, issues, locale)
    with atomic_path(target) as tmp:
        book.save(tmp)
    return target


def clear_marks(path: Path) -> int:
    """Remove repbook's marks from ``path`` in place; returns how many cells were restored."""
    book = _load(path)
    restored = clear_marks_in(book)
    with atomic_path(path) as tmp:
        book.save(tmp)
    return restored


def has_marks(path: Path) -> bool:
    """Whether ``path`` carries repbook's marks (what ``clear_marks`` takes away); only sheet names are read."""
    import python_calamine

    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception:  # not a workbook repbook could have marked
        return False
    try:
        names = set(book.sheet_names)
    finally:
        book.close()
    return MARKS_SHEET in names or bool(names & _results_titles())


def clear_marks_in(book: Workbook) -> int:
    restored = 0
    if MARKS_SHEET in book.sheetnames:
        for sheet_name, cell_ref, saved in book[MARKS_SHEET].iter_rows(min_row=1, max_col=3, values_only=True):
            if sheet_name not in book.sheetnames or not cell_ref:
                continue
            cell = book[str(sheet_name)][str(cell_ref)]
            before = json.loads(str(saved))
            cell.fill = PatternFill(fill_type=before["pattern"], fgColor=before["color"]) if before["pattern"] \
                else PatternFill(fill_type=None)
            cell.comment = Comment(before["note"], before["author"] or AUTHOR) if before["note"] else None
            restored += 1
        del book[MARKS_SHEET]
    for title in _results_titles():
        if title in book.sheetnames:
            del book[title]
    return restored


def _load(path: Path) -> Workbook:
    return openpyxl.load_workbook(path, keep_vba=path.suffix.lower() == ".xlsm")


def _mark_cells(book: Workbook, issues: Sequence[Issue]) -> None:
    by_cell: dict[tuple[str, str], list[Issue]] = {}
    for issue in issues:
        if issue.sheet in book.sheetnames and issue.cell:
            by_cell.setdefault((issue.sheet, issue.cell), []).append(issue)
    marks = book.create_sheet(MARKS_SHEET)
    marks.sheet_state = "veryHidden"
    for (sheet_name, ref), found in by_cell.items():
        cell = book[sheet_name][ref]
        old_fill = cell.fill
        saved = {"pattern": old_fill.fill_type, "color": _rgb(old_fill.fgColor),
                 "note": cell.comment.text if cell.comment else None,
                 "author": cell.comment.author if cell.comment else None}
        marks.append([sheet_name, ref, json.dumps(saved, ensure_ascii=False)])
        worst = min(found, key=lambda i: SEVERITY_ORDER[i.severity])
        cell.fill = PatternFill(fill_type="solid", fgColor=FILLS[worst.severity])
        text = "\n".join(f"[{i.code}] {i.message}" for i in found)
        if saved["note"]:
            text = f"{saved['note']}\n---\n{text}"
        comment = Comment(text, AUTHOR)
        comment.width, comment.height = 320, 120
        cell.comment = comment


def _results_sheet(book: Workbook, issues: Sequence[Issue], locale: Locale) -> None:
    cat = catalogue()
    sheet = book.create_sheet(cat.label("results_sheet", locale), 0)
    headers = ["col_severity", "col_code", "col_sheet", "col_cell", "col_field", "col_message"]
    sheet.append([cat.label(h, locale) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for issue in sorted(issues, key=lambda i: (SEVERITY_ORDER[i.severity], i.sheet, i.row or 0, i.cell)):
        sheet.append([cat.label(f"severity_{issue.severity}", locale), issue.code, issue.sheet, issue.cell,
                      issue.field, issue.message])
        row = sheet.max_row
        sheet.cell(row, 1).fill = PatternFill(fill_type="solid", fgColor=FILLS[issue.severity])
        if issue.sheet and issue.cell:
            link = sheet.cell(row, 4)
            link.hyperlink = f"#'{issue.sheet}'!{issue.cell}"
            link.font = Font(color="FF0563C1", underline="single")
    for column, width in zip("ABCDEF", (8, 26, 14, 8, 14, 90), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"


def _results_titles() -> set[str]:
    return set(catalogue().labels["results_sheet"].all())


def _rgb(color: object) -> str | None:
    value = getattr(color, "rgb", None)
    return value if isinstance(value, str) else None
