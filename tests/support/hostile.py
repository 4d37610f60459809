"""Hostile and broken files, built the way they arrive: renamed, truncated, bombed, locked."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import openpyxl

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets><sheet name="&lol3;" sheetId="1"/></sheets></workbook>"""


def replace_part(source: Path, target: Path, part: str, content: bytes) -> Path:
    """A copy of ``source`` with one package part replaced."""
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as dst:
        for item in src.infolist():
            dst.writestr(item, content if item.filename == part else src.read(item.filename))
    return target


def zip_bomb(good: Path, target: Path) -> Path:
    # 40 MB of spaces deflate to ~40 KB: the ratio gives it away before anything is inflated.
    padding = b" " * (40 * 1024 * 1024)
    with zipfile.ZipFile(good) as src:
        sheet = src.read("xl/worksheets/sheet1.xml")
    return replace_part(good, target, "xl/worksheets/sheet1.xml", sheet.replace(b"<sheetData>", padding + b"<sheetData>", 1))


def entity_expansion(good: Path, target: Path) -> Path:
    return replace_part(good, target, "xl/workbook.xml", BILLION_LAUGHS)


def huge_dimension(good: Path, target: Path) -> Path:
    with zipfile.ZipFile(good) as src:
        sheet = src.read("xl/worksheets/sheet1.xml").decode("utf-8")
    start = sheet.index("<dimension")
    end = sheet.index("/>", start) + 2
    claimed = sheet[:start] + '<dimension ref="A1:XFD1048576"/>' + sheet[end:]
    return replace_part(good, target, "xl/worksheets/sheet1.xml", claimed.encode("utf-8"))


def truncated(good: Path, target: Path) -> Path:
    data = good.read_bytes()
    target.write_bytes(data[: len(data) // 2])
    return target


def renamed_pdf(target: Path) -> Path:
    target.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n")
    return target


def empty(target: Path) -> Path:
    target.write_bytes(b"")
    return target


def password_protected(good: Path, target: Path, password: str = "secret") -> Path:
    from msoffcrypto.format.ooxml import OOXMLFile

    with good.open("rb") as plain, target.open("wb") as out:
        OOXMLFile(plain).encrypt(password, out)
    return target


def legacy_xls(good: Path, target: Path) -> Path:
    # What an .xls starts with: the OLE compound file signature.
    target.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504 + good.read_bytes()[:2048])
    return target


def lock_file(target_dir: Path, name: str) -> Path:
    path = target_dir / f"~${name}"
    path.write_bytes(b"\x0cuser" + b"\x00" * 150)
    return path


def with_hidden_and_extra_sheets(good: Path, target: Path) -> Path:
    book = openpyxl.load_workbook(good)
    book.create_sheet("我的草稿")["A1"] = "随手记"
    hidden = book.create_sheet("old")
    hidden.sheet_state = "hidden"
    book.save(target)
    return target


def bytes_of(path: Path) -> io.BytesIO:
    return io.BytesIO(path.read_bytes())
