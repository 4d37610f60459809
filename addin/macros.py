"""The VBA modules of the add-in: the hand-written dispatcher from macros/, and xlwings'
RunPython module taken from the installed xlwings, renamed so nothing clashes.

xlwings' module is read at build time, not kept in git: its DLL declarations name the
xlwings version (``xlwings64-0.37.8.dll``), so the add-in must carry the module of the
xlwings the interpreter has. ``repbook addin status`` compares the two.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

from repbook.errors import RepbookError

from .vba_project import VbaModule, document_module

PROJECT_NAME = "Repbook"
XLWINGS_MODULE = "Repbook_xlwings"
DISPATCHER = "Repbook_OnAction"
CONFIG_NAME = "repbook"  # xlwings reads its settings from ~/.repbook/repbook.conf
MACROS_DIR = Path(__file__).resolve().parent.parent / "macros"
_VERSION_LINE = re.compile(r"^'Version: (\S+)", re.MULTILINE)


def macro_modules() -> list[VbaModule]:
    """The hand-written modules of macros/, named by their file."""
    return [VbaModule(path.stem, _read(path)) for path in sorted(MACROS_DIR.glob("*.bas"))]


def xlwings_module() -> VbaModule:
    """xlwings' custom add-in module: RunPython acting on the active workbook."""
    try:
        source = resources.files("xlwings").joinpath("xlwings_custom_addin.bas").read_text("utf-8")
    except ModuleNotFoundError:
        raise RepbookError("xlwings is not installed in this Python; the add-in embeds its VBA module.",
                           hint="pip install 'repbook[excel]' (or pip install xlwings), then build again.") from None
    return VbaModule(XLWINGS_MODULE, adapt_xlwings_module(source))


def adapt_xlwings_module(source: str) -> str:
    """Rename the module, point its settings at repbook.conf, and keep its public names
    (RunPython, GetConfig...) private to this project so no other add-in sees them (#973)."""
    edits = [('Attribute VB_Name = "xlwings"', f'Attribute VB_Name = "{XLWINGS_MODULE}"\r\nOption Private Module'),
             ('Public Const PROJECT_NAME As String = "myaddin"',
              f'Public Const PROJECT_NAME As String = "{CONFIG_NAME}"')]
    for old, new in edits:
        if old not in source:
            raise RepbookError(f"The installed xlwings' VBA module has changed: '{old}' not found.",
                               hint="Install an xlwings version this repbook supports (pip install 'xlwings>=0.30,<0.38').")
        source = source.replace(old, new, 1)
    return source


def xlwings_module_version(source: str) -> str | None:
    match = _VERSION_LINE.search(source)
    return match.group(1) if match else None


def project_modules() -> list[VbaModule]:
    """Every module of the add-in's VBA project, in project order."""
    return [document_module("ThisWorkbook"), document_module("Sheet1"), *macro_modules(), xlwings_module()]


def _read(path: Path) -> str:
    return path.read_text("utf-8").replace("\r\n", "\n").replace("\n", "\r\n")
