"""Cells that hold an error value (#N/A, #DIV/0! ...), found in the sheet XML.

The fast reader shows an error cell as blank, which would turn "#N/A" into a missing
value; this scan finds them (cells typed t="e") so they are reported as what they are.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path, PurePosixPath

_SHEET = re.compile(rb'<(?:\w+:)?sheet\b[^>]*?\bname="([^"]*)"[^>]*?\br:id="([^"]*)"')
_REL = re.compile(rb'<Relationship\b[^>]*?\bId="([^"]*)"[^>]*?\bTarget="([^"]*)"')
_REL_ALT = re.compile(rb'<Relationship\b[^>]*?\bTarget="([^"]*)"[^>]*?\bId="([^"]*)"')
_ERROR_CELL = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]+\d+)"[^>]*?\bt="e"[^>]*>(?:<(?:\w+:)?f[^>]*/>|<(?:\w+:)?f[^>]*>.*?</(?:\w+:)?f>)?<(?:\w+:)?v>([^<]*)</')
_ERROR_CELL_ALT = re.compile(rb'<(?:\w+:)?c\b[^>]*?\bt="e"[^>]*?\br="([A-Z]+\d+)"[^>]*>(?:<(?:\w+:)?f[^>]*/>|<(?:\w+:)?f[^>]*>.*?</(?:\w+:)?f>)?<(?:\w+:)?v>([^<]*)</')


def _unescape(text: bytes) -> str:
    return text.decode("utf-8").replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", '"')


def error_cells(path: Path, sheets: set[str]) -> dict[str, dict[str, str]]:
    """For each sheet named in ``sheets``: cell reference -> the error value it shows."""
    found: dict[str, dict[str, str]] = {}
    with zipfile.ZipFile(path) as package:
        workbook = package.read("xl/workbook.xml")
        rels = package.read("xl/_rels/workbook.xml.rels")
        targets = {rid: target for rid, target in _REL.findall(rels)}
        targets.update({rid: target for target, rid in _REL_ALT.findall(rels)})
        for name_raw, rid in _SHEET.findall(workbook):
            name = _unescape(name_raw)
            if name not in sheets or rid not in targets:
                continue
            target = targets[rid].decode("utf-8")
            part = target.lstrip("/") if target.startswith("/") else str(PurePosixPath("xl") / target)
            xml = package.read(part)
            if b't="e"' not in xml:
                continue
            cells = {ref.decode(): _unescape(value) for ref, value in _ERROR_CELL.findall(xml)}
            cells.update({ref.decode(): _unescape(value) for ref, value in _ERROR_CELL_ALT.findall(xml)})
            found[name] = cells
    return found
