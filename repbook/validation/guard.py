"""Checks made before a returned file reaches any parser.

Files come from many people: a renamed PDF, a password-protected book, a zip bomb, XML
with entity declarations, a sheet claiming a million rows. Each is recognised from the
package's directory and the first bytes of its parts, in bounded time and memory, and
becomes one file-level issue instead of a crash.
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

MAX_FILE_BYTES = 50 * 1024 * 1024
MAX_UNPACKED_BYTES = 400 * 1024 * 1024
MAX_PART_BYTES = 150 * 1024 * 1024
MAX_RATIO = 200
MAX_ENTRIES = 2000
MAX_ROWS = 250_000
MAX_COLUMNS = 500
HEAD_BYTES = 4096

OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_SIGNATURE = b"PK\x03\x04"
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\s+ref="([A-Z]+)(\d+)(?::([A-Z]+)(\d+))?"')
_TABLE_REF = re.compile(rb'<(?:\w+:)?table\b[^>]*\sref="([A-Z]+)(\d+):([A-Z]+)(\d+)"')


@dataclass(frozen=True)
class Refusal:
    """Why a file is not read: an issue code and the details its sentence needs."""

    code: str
    details: dict[str, Any]


def skipped_name(path: Path) -> bool:
    """Excel's lock files (~$book.xlsx) and editors' temporary files are not returns."""
    name = path.name
    return name.startswith(("~$", ".~", ".#")) or name.endswith(("~", ".tmp")) or name.startswith(".~repbook-")


def check_file(path: Path) -> Refusal | None:
    """None when ``path`` looks like a workbook that is safe to parse."""
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            head = handle.read(8)
    except OSError as exc:
        return Refusal("file-unreadable", {"reason": exc.strerror or exc.__class__.__name__})
    if size == 0:
        return Refusal("file-unreadable", {"reason": "0 bytes"})
    if size > MAX_FILE_BYTES:
        return Refusal("file-too-large", {"size": f"{size / 2**20:.0f}", "limit": f"{MAX_FILE_BYTES / 2**20:.0f}"})
    if head.startswith(OLE_SIGNATURE):
        # An OLE compound file is either a legacy .xls or an encrypted OOXML package.
        if suffix == ".xls":
            return Refusal("file-format-unsupported", {"format": ".xls"})
        return Refusal("file-encrypted", {})
    if suffix == ".xls":
        return Refusal("file-format-unsupported", {"format": ".xls"})
    if not head.startswith(ZIP_SIGNATURE):
        return Refusal("file-not-workbook", {})
    return _check_package(path, suffix)


def _check_package(path: Path, suffix: str) -> Refusal | None:
    try:
        with zipfile.ZipFile(path) as package:
            entries = package.infolist()
            if len(entries) > MAX_ENTRIES:
                return Refusal("zip-bomb", {"reason": f"{len(entries)} parts"})
            names = {e.filename for e in entries}
            if "content.xml" in names and "mimetype" in names:
                return Refusal("file-format-unsupported", {"format": ".ods"})
            if "xl/workbook.xml" not in names and "xl/workbook.bin" not in names:
                return Refusal("file-not-workbook", {})
            if "xl/workbook.bin" in names:
                return Refusal("file-format-unsupported", {"format": ".xlsb"})
            total = sum(e.file_size for e in entries)
            if total > MAX_UNPACKED_BYTES:
                return Refusal("zip-bomb", {"reason": f"{total / 2**20:.0f} MB unpacked"})
            for entry in entries:
                if entry.file_size > MAX_PART_BYTES:
                    return Refusal("zip-bomb", {"reason": f"{entry.filename}: {entry.file_size / 2**20:.0f} MB"})
                if entry.compress_size and entry.file_size / entry.compress_size > MAX_RATIO and entry.file_size > 2**20:
                    return Refusal("zip-bomb", {"reason": f"{entry.filename}: ratio {entry.file_size // entry.compress_size}:1"})
            for entry in entries:
                if not entry.filename.endswith((".xml", ".rels", ".vml")):
                    continue
                head = _head(package, entry)
                if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                    return Refusal("xml-entities", {"part": entry.filename})
                refusal = _check_extent(entry.filename, head)
                if refusal:
                    return refusal
    except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError) as exc:
        return Refusal("file-unreadable", {"reason": f"damaged or truncated package: {exc.__class__.__name__}"})
    return None


def _head(package: zipfile.ZipFile, entry: zipfile.ZipInfo) -> bytes:
    with package.open(entry) as part:
        return part.read(HEAD_BYTES)


def _check_extent(name: str, head: bytes) -> Refusal | None:
    """A sheet or table that claims more rows or columns than a form can hold is refused."""
    match = None
    if name.startswith("xl/worksheets/"):
        match = _DIMENSION.search(head)
    elif name.startswith("xl/tables/"):
        match = _TABLE_REF.search(head)
    if not match or not match.group(3):
        return None
    rows = int(match.group(4)) - int(match.group(2)) + 1
    columns = _column_number(match.group(3).decode()) - _column_number(match.group(1).decode()) + 1
    if rows > MAX_ROWS or columns > MAX_COLUMNS:
        sheet = name.rsplit("/", 1)[-1]
        return Refusal("sheet-too-large", {"sheet_name": sheet, "reason": f"{rows} rows x {columns} columns"})
    return None


def _column_number(letters: str) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number
