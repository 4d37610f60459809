"""Putting the add-in where Excel loads it, checking it, taking it away.

Windows: %APPDATA%\\Microsoft\\Excel\\XLSTART (created when missing, #1973); macOS: the
Office group container's Excel startup folder. The xlwings settings the embedded RunPython
reads (interpreter, PYTHONPATH) go to repbook.conf, never to xlwings' own file, so another
xlwings add-in keeps its settings.
"""

from __future__ import annotations

import os
import platform
import sys
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path

from repbook.errors import UsageError

from .macros import CONFIG_NAME
from .package import build_addin, built_xlwings_version

ADDIN_FILE = "repbook.xlam"
PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Places:
    """Where the add-in and its settings live on one machine."""

    system: str
    addin: Path
    config: Path


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


def places(system: str | None = None, home: Path | None = None, appdata: Path | None = None) -> Places:
    system = system or platform.system()
    home = home or Path.home()
    if system == "Windows":
        roaming = appdata or Path(os.environ.get("APPDATA", home / "AppData" / "Roaming"))
        return Places(system, roaming / "Microsoft" / "Excel" / "XLSTART" / ADDIN_FILE,
                      home / f".{CONFIG_NAME}" / f"{CONFIG_NAME}.conf")
    if system == "Darwin":
        office = home / "Library" / "Group Containers" / "UBF8T346G9.Office"
        return Places(system, office / "User Content.localized" / "Startup.localized" / "Excel" / ADDIN_FILE,
                      home / "Library" / "Containers" / "com.microsoft.Excel" / "Data" / f"{CONFIG_NAME}.conf")
    raise UsageError("Excel does not run on this system, so the add-in cannot be installed here.",
                     hint="Build it with `repbook addin build -o repbook.xlam`, then run `repbook addin install` "
                          "on the Windows or macOS machine where the manager uses Excel (with repbook installed "
                          "there); every command also runs from this terminal.")


def install(where: Places, locale: str = "zh-CN", interpreter: str | None = None) -> list[Check]:
    """Build the add-in against this Python's xlwings, copy it into place, write its settings."""
    where.addin.parent.mkdir(parents=True, exist_ok=True)
    build_addin(where.addin, locale)
    where.config.parent.mkdir(parents=True, exist_ok=True)
    key = "INTERPRETER_WIN" if where.system == "Windows" else "INTERPRETER_MAC"
    settings = {key: interpreter or _interpreter(where.system), "PYTHONPATH": str(PROJECT_ROOT),
                "ADD_WORKBOOK_TO_PYTHONPATH": "False"}
    # The format VBA's `Input #` reads: one quoted "name","value" pair a line.
    where.config.write_text("".join(f'"{k}","{v}"\r\n' for k, v in settings.items()), encoding="utf-8")
    return status(where)


def status(where: Places) -> list[Check]:
    """Is the add-in in place, built for this xlwings, and pointed at an interpreter that exists?"""
    checks = [Check("add-in", where.addin.exists(), str(where.addin))]
    if where.addin.exists():
        built = built_xlwings_version(where.addin)
        installed = version("xlwings")
        checks.append(Check("xlwings", built == installed,
                            f"add-in built with xlwings {built}, this Python has {installed}"
                            + ("" if built == installed else ": run `repbook addin install` again")))
    settings = read_settings(where.config)
    interpreter = settings.get("INTERPRETER_WIN") or settings.get("INTERPRETER_MAC") or ""
    checks.append(Check("settings", bool(settings), str(where.config)))
    checks.append(Check("interpreter", bool(interpreter) and Path(interpreter).exists(),
                        interpreter or "not set: run `repbook addin install`"))
    return checks


def remove(where: Places) -> list[Path]:
    removed = []
    for path in (where.addin, where.config):
        if path.exists():
            path.unlink()
            removed.append(path)
    return removed


def read_settings(path: Path) -> dict[str, str]:
    if not path.exists():
        return {}
    pairs = {}
    for line in path.read_text("utf-8").splitlines():
        name, _, value = line.partition('","')
        if value:
            pairs[name.strip('"')] = value.rstrip('"')
    return pairs


def _interpreter(system: str) -> str:
    # pythonw.exe runs without a console window flashing up on each click.
    exe = Path(sys.executable)
    quiet = exe.with_name("pythonw.exe")
    return str(quiet if system == "Windows" and quiet.exists() else exe)
