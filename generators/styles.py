"""Cell formats, created once per workbook and shared by every cell of the same role."""

from __future__ import annotations

from typing import Any, Literal

from xlsxwriter.format import Format
from xlsxwriter.workbook import Workbook

from repbook.spec import ColumnType, Style

Role = Literal["input", "formula", "fixed"]

NUMBER_FORMATS: dict[str, str] = {
    "date": "yyyy-mm-dd",
    "time": "hh:mm",
    "int": "0",
    "number": "#,##0.##",
    "money": "#,##0",
    "percent": "0.0%",
    "star": "0",
}

_FONT = {"font_name": "Microsoft YaHei", "font_size": 10}
_GRID = {"border": 1, "border_color": "#BFBFBF", "valign": "top"}
_FILLS: dict[Role, dict[str, Any]] = {
    "input": {"locked": False},
    "formula": {"locked": True, "bg_color": "#F2F2F2", "font_color": "#1F4E79"},
    "fixed": {"locked": True, "bg_color": "#F7F9FC"},
}
_HIGHLIGHTS: dict[Style, dict[str, Any]] = {
    "red": {"bg_color": "#FFC7CE", "font_color": "#9C0006"},
    "amber": {"bg_color": "#FFEB9C", "font_color": "#9C5700"},
    "green": {"bg_color": "#C6EFCE", "font_color": "#006100"},
    "grey": {"font_color": "#808080"},
}


class FormatBook:
    """Hands out XlsxWriter formats by meaning, so no cell ever gets a one-off format."""

    def __init__(self, workbook: Workbook) -> None:
        self._workbook = workbook
        self._cache: dict[tuple[str, ...], Format] = {}

    def _get(self, key: tuple[str, ...], props: dict[str, Any]) -> Format:
        if key not in self._cache:
            self._cache[key] = self._workbook.add_format({**_FONT, **props})
        return self._cache[key]

    def cell(self, column_type: ColumnType, role: Role) -> Format:
        props: dict[str, Any] = {**_GRID, **_FILLS[role]}
        if column_type in NUMBER_FORMATS:
            props["num_format"] = NUMBER_FORMATS[column_type]
        if column_type == "longtext":
            props["text_wrap"] = True
        if column_type in ("date", "time", "choice", "star"):
            props["align"] = "center"
        return self._get(("cell", column_type, role), props)

    def column_default(self, column_type: ColumnType) -> Format:
        """A column's default: unlocked and typed, without borders, so only the Table's rows look like cells."""
        props: dict[str, Any] = {"locked": False}
        if column_type in NUMBER_FORMATS:
            props["num_format"] = NUMBER_FORMATS[column_type]
        if column_type == "longtext":
            props["text_wrap"] = True
        return self._get(("column", column_type), props)

    def header(self) -> Format:
        return self._get(("header",), {
            "bold": True, "bg_color": "#1F4E79", "font_color": "#FFFFFF", "text_wrap": True,
            "valign": "vcenter", "align": "center", "border": 1, "border_color": "#BFBFBF",
        })

    def title(self) -> Format:
        return self._get(("title",), {"bold": True, "font_size": 15, "font_color": "#1F4E79",
                                      "valign": "vcenter"})

    def block_title(self) -> Format:
        return self._get(("block_title",), {"bold": True, "font_size": 11, "font_color": "#1F4E79"})

    def field_label(self) -> Format:
        return self._get(("field_label",), {**_GRID, "bold": True, "bg_color": "#DDEBF7",
                                            "align": "right"})

    def note(self) -> Format:
        return self._get(("note",), {"font_color": "#7F7F7F", "font_size": 9, "italic": True})

    def text(self) -> Format:
        return self._get(("text",), {"text_wrap": True, "valign": "top"})

    def highlight(self, style: Style) -> Format:
        return self._get(("highlight", style), _HIGHLIGHTS[style])
