"""The .xlam package: one hidden sheet, the VBA project and the ribbon part.

The parts are written as text here, in document order, like any Open XML package; the
workbook part's content type is the add-in's, or a macro-enabled sheet's for a copy that
LibreOffice will open (it refuses the add-in type).
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path
from typing import Literal

from repbook.io.atomic import atomic_path

from .macros import DISPATCHER, PROJECT_NAME, project_modules, xlwings_module_version
from .ribbon import CUSTOM_UI_PART, CUSTOM_UI_REL, custom_ui_xml
from .vba_project import vba_project

MAIN_TYPES = {"addin": "application/vnd.ms-excel.addin.macroEnabled.main+xml",
              "xlsm": "application/vnd.ms-excel.sheet.macroEnabled.main+xml"}
_SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
VERSION_NAME = "Repbook_xlwings_version"
_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'


def build_addin(output: Path, locale: str = "zh-CN", *, kind: Literal["addin", "xlsm"] = "addin") -> Path:
    """Write the add-in (or, with ``kind="xlsm"``, the same content as a macro-enabled workbook)."""
    parts = package_parts(locale, kind)
    with atomic_path(output) as tmp, zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as package:
        for name, data in parts.items():
            package.writestr(name, data)
    return output


def package_parts(locale: str, kind: Literal["addin", "xlsm"] = "addin") -> dict[str, bytes]:
    modules = project_modules()
    xlwings_version = xlwings_module_version(modules[-1].source) or "unknown"
    parts = {
        "[Content_Types].xml": _content_types(kind),
        "_rels/.rels": _relationships([
            ("rId1", f"{_REL_NS}/officeDocument", "xl/workbook.xml"),
            ("rId2", CUSTOM_UI_REL, CUSTOM_UI_PART)]),
        "xl/workbook.xml": _workbook(xlwings_version),
        "xl/_rels/workbook.xml.rels": _relationships([
            ("rId1", f"{_REL_NS}/worksheet", "worksheets/sheet1.xml"),
            ("rId2", f"{_REL_NS}/styles", "styles.xml"),
            ("rId3", "http://schemas.microsoft.com/office/2006/relationships/vbaProject", "vbaProject.bin")]),
        "xl/worksheets/sheet1.xml": _worksheet(),
        "xl/styles.xml": _styles(),
        "xl/vbaProject.bin": vba_project(modules, PROJECT_NAME),
        CUSTOM_UI_PART: custom_ui_xml(locale, DISPATCHER),
    }
    return parts


def _content_types(kind: Literal["addin", "xlsm"]) -> bytes:
    overrides = [("/xl/workbook.xml", MAIN_TYPES[kind]),
                 ("/xl/worksheets/sheet1.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"),
                 ("/xl/styles.xml", "application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml")]
    body = "".join(f'<Override PartName="{name}" ContentType="{kind_}"/>' for name, kind_ in overrides)
    return (_XML + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
            f"{body}</Types>").encode()


def _relationships(rels: list[tuple[str, str, str]]) -> bytes:
    body = "".join(f'<Relationship Id="{rid}" Type="{kind}" Target="{target}"/>' for rid, kind, target in rels)
    return (_XML + f'<Relationships xmlns="{_PKG_REL_NS}">{body}</Relationships>').encode()


def _workbook(xlwings_version: str) -> bytes:
    # codeName ties the workbook and its sheet to the ThisWorkbook and Sheet1 document modules;
    # the hidden name records which xlwings the VBA module came from, for `repbook addin status`.
    return (_XML + f'<workbook xmlns="{_SHEET_NS}" xmlns:r="{_REL_NS}">'
            '<workbookPr codeName="ThisWorkbook"/>'
            '<bookViews><workbookView visibility="hidden"/></bookViews>'
            '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets>'
            f'<definedNames><definedName name="{VERSION_NAME}" hidden="1">"{xlwings_version}"</definedName>'
            '</definedNames></workbook>').encode()


def built_xlwings_version(addin: Path) -> str | None:
    """The xlwings version whose VBA module a built add-in carries (its DLL name depends on it)."""
    with zipfile.ZipFile(addin) as package:
        workbook = package.read("xl/workbook.xml").decode("utf-8")
    match = re.search(rf'name="{VERSION_NAME}"[^>]*>"([^"<]*)"<', workbook)
    return match.group(1) if match else None


def _worksheet() -> bytes:
    return (_XML + f'<worksheet xmlns="{_SHEET_NS}"><sheetPr codeName="Sheet1"/><sheetData/></worksheet>').encode()


def _styles() -> bytes:
    return (_XML + f'<styleSheet xmlns="{_SHEET_NS}">'
            '<fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>'
            '<fills count="2"><fill><patternFill patternType="none"/></fill>'
            '<fill><patternFill patternType="gray125"/></fill></fills>'
            '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
            '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
            '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>'
            '</styleSheet>').encode()
