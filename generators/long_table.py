"""A worksheet that holds one long Excel Table written straight as sheet XML.

A master workbook carries a hundred thousand rows or more. Through XlsxWriter's cell API
each cell costs a tuple, a dictionary slot and a dozen calls when the file is assembled,
and ``add_table`` records every cell of the range to check overlaps; that was two thirds
of consolidation's time. Here each column's value -> cell XML tail is computed once per
distinct value (dates, names and drop-down labels repeat endlessly), strings go to the
workbook's shared-string table like any other cell's, and the rows are rendered while
the package is written, so they never exist twice in memory.

The rows must sit below everything else written to the sheet with the usual API.
"""

from __future__ import annotations

import math
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from operator import methodcaller
from typing import Any, Literal

from xlsxwriter import workbook as xlsxwriter_workbook
from xlsxwriter.format import Format
from xlsxwriter.utility import xl_col_to_name, xl_range
from xlsxwriter.workbook import Workbook

from .sheet_class import FastFormulaWorksheet

MAX_STRING = 32767
_EXCEL_EPOCH = datetime(1899, 12, 31)
_CHUNK_ROWS = 4096
FAST_DEFLATE = 1


@dataclass(frozen=True)
class LongColumn:
    """One column of a long table: where its values are in each row and how they look.

    ``shown`` turns a stored value into what a person reads (a drop-down code into its
    label); in a ``text`` column numbers are written as their text, as XlsxWriter's typed
    writing does; whatever a column cannot hold is written as text, never lost.
    """

    key: str
    fmt: Format | None = None
    shown: Callable[[Any], Any] | None = None
    text: bool = False


class _FastDeflateZipFile(zipfile.ZipFile):
    def __init__(self, file: Any, mode: Any = "r", compression: int = zipfile.ZIP_STORED, allowZip64: bool = True,
                 compresslevel: int | None = None, **kwargs: Any) -> None:
        super().__init__(file, mode, compression, allowZip64, FAST_DEFLATE if compresslevel is None else compresslevel,
                         **kwargs)

    def writestr(self, zinfo_or_arcname: Any, data: Any, compress_type: int | None = None,
                 compresslevel: int | None = None) -> None:
        super().writestr(zinfo_or_arcname, data, compress_type, FAST_DEFLATE if compresslevel is None else compresslevel)


class LongTableWorkbook(Workbook):
    """A workbook packed with fast deflate: its long tables' XML is tens of megabytes, and
    the default level spent as long compressing them as writing them, for files about a
    fifth smaller."""

    def _store_workbook(self) -> None:
        # XlsxWriter names its ZipFile at module level and offers no level; swapped only
        # while this workbook is packed (workbooks are written one per process).
        default = xlsxwriter_workbook.ZipFile
        xlsxwriter_workbook.ZipFile = _FastDeflateZipFile
        try:
            super()._store_workbook()
        finally:
            xlsxwriter_workbook.ZipFile = default


class LongTableWorksheet(FastFormulaWorksheet):
    _long_rows: tuple[int, Sequence[Mapping[str, Any]], list[tuple[str, str, dict[Any, str], bool]]] | None = None

    def write_long_table(self, first_row: int, first_col: int, headers: Sequence[Mapping[str, Any]],
                         columns: Sequence[LongColumn], rows: Sequence[Mapping[str, Any]],
                         options: Mapping[str, Any]) -> None:
        """A Table with a header row at ``first_row`` and ``rows`` below it (at least one row)."""
        last_col = first_col + len(columns) - 1
        last_row = first_row + max(len(rows), 1)
        if last_row >= self.xls_rowmax:
            raise OverflowError(f"{len(rows):,} rows do not fit below row {first_row + 1} of a sheet "
                                f"({self.xls_rowmax:,} rows)")
        # A one-row table keeps XlsxWriter from recording every cell of the range, then
        # the range is widened to the real rows.
        self.add_table(first_row, first_col, first_row + 1, last_col, {**options, "columns": list(headers)})
        table = self.tables[-1]
        table["range"] = xl_range(first_row, first_col, last_row, last_col)
        table["a_range"] = table["range"]
        if table.get("autofilter"):
            table["autofilter"] = table["range"]
        self._check_dimensions(last_row, last_col)
        rendered = [(column.key, xl_col_to_name(first_col + c), *self._tails(column, rows))
                    for c, column in enumerate(columns)]
        self._long_rows = (first_row + 1, rows, rendered)

    def _tails(self, column: LongColumn, rows: Sequence[Mapping[str, Any]]) -> tuple[dict[Any, str], bool]:
        """Every distinct value's cell XML after ``<c r="A1``, and whether values are keyed
        with their type; shared strings are taken now, before the workbook writes its table."""
        style = f' s="{column.fmt._get_xf_index()}"' if column.fmt is not None else ""
        counts = Counter(map(methodcaller("get", column.key), rows))
        # True == 1 == 1.0 as dictionary keys: a column mixing such types counts them apart.
        keyed = len({type(v) for v in counts} - {str, type(None)}) > 1
        if keyed:
            counts = Counter(map(_key, map(methodcaller("get", column.key), rows)))
        strings = self.str_table
        tails: dict[Any, str] = {}
        for counted, uses in counts.items():
            value = counted[1] if keyed else counted
            if value is None or value == "":
                continue
            kind, shown = _cell(column, value)
            if kind == "s":
                index = strings._get_shared_string_index(shown[:MAX_STRING])
                strings.count += uses - 1  # every use counts in the string table's header
                tails[counted] = f'"{style} t="s"><v>{index}</v></c>'
            elif kind == "b":
                tails[counted] = f'"{style} t="b"><v>{shown}</v></c>'
            else:
                tails[counted] = f'"{style}><v>{shown}</v></c>'
        return tails, keyed

    def _write_rows(self) -> None:
        if self._long_rows is None:
            super()._write_rows()
            return
        first, rows, rendered = self._long_rows
        last: int = self.dim_rowmax  # type: ignore[has-type]
        self.dim_rowmax = first - 1  # the sheet's ordinary rows are all above the long table
        if first - 1 >= self.dim_rowmin:
            super()._write_rows()
        self.dim_rowmax = last
        for chunk in _row_chunks(first, rows, rendered):
            self.fh.write(chunk)


def _row_chunks(first: int, rows: Sequence[Mapping[str, Any]],
                rendered: list[tuple[str, str, dict[Any, str], bool]]) -> Iterator[str]:
    """The rows' XML a block at a time, built column by column so the loops stay in C."""
    for start in range(0, len(rows), _CHUNK_ROWS):
        block = rows[start:start + _CHUNK_ROWS]
        numbers = [str(n) for n in range(first + start + 1, first + start + 1 + len(block))]
        columns = []
        for key, letter, tails, keyed in rendered:
            values: Iterator[Any] = map(methodcaller("get", key), block)
            if keyed:
                values = map(_key, values)
            opening = '<c r="' + letter
            columns.append([opening + n + tail if tail is not None else ""
                            for n, tail in zip(numbers, map(tails.get, values), strict=True)])
        yield "".join(f'<row r="{n}">{"".join(cells)}</row>' for n, cells in zip(numbers, zip(*columns, strict=True), strict=True))


def _key(value: Any) -> tuple[type, Any]:
    return (type(value), value)


def _cell(column: LongColumn, value: Any) -> tuple[Literal["s", "b", "n"], str]:
    """How a value is written, as XlsxWriter's typed writing does it: dates and times as
    serial numbers, booleans as booleans, numbers as numbers except in a text column; the
    rest as text. Text is never a formula; a number Excel cannot hold stays as its text."""
    if column.shown is not None:
        value = column.shown(value)
    if isinstance(value, (date, time)):
        return "n", f"{_serial(value):.16G}"
    if isinstance(value, bool):
        return "b", "1" if value else "0"
    if isinstance(value, (int, float)) and not column.text:
        try:
            finite = math.isfinite(value)
        except OverflowError:  # an integer beyond any float
            finite = False
        return ("n", f"{value:.16G}") if finite else ("s", str(value))
    return "s", value if isinstance(value, str) else str(value)


def _serial(value: date | time) -> float:
    """Excel's serial day: 1 is 1900-01-01, counting the 29 February 1900 Excel believes in."""
    if isinstance(value, time):
        return (value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6) / 86400
    if not isinstance(value, datetime):
        value = datetime(value.year, value.month, value.day)
    delta = value.replace(tzinfo=None) - _EXCEL_EPOCH
    serial = delta.days + (delta.seconds + delta.microseconds / 1e6) / 86400
    return serial + 1 if serial > 59 else serial
