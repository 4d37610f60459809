"""`repbook addin install | status | remove`, into a temporary home laid out like Windows'."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from repbook.addin.install import install, places, read_settings, remove, status
from repbook.cli import app
from repbook.errors import UsageError


def test_install_creates_xlstart_builds_the_add_in_and_points_xlwings_at_this_python(tmp_path: Path) -> None:
    where = places("Windows", home=tmp_path, appdata=tmp_path / "AppData")
    assert not where.addin.parent.exists()  # XLSTART may be missing (#1973)
    checks = install(where, "zh-TW")
    assert all(c.ok for c in checks), checks
    assert where.addin.parent.name == "XLSTART" and zipfile.is_zipfile(where.addin)
    settings = read_settings(where.config)
    assert Path(settings["INTERPRETER_WIN"]).exists()
    assert Path(settings["PYTHONPATH"], "repbook", "registry.py").exists()
    assert remove(where) == [where.addin, where.config]
    assert not any(c.ok for c in status(where) if c.name in ("add-in", "interpreter"))


def test_status_says_when_the_add_in_was_built_for_another_xlwings(tmp_path: Path) -> None:
    where = places("Darwin", home=tmp_path)
    install(where)
    with zipfile.ZipFile(where.addin) as package:
        parts = {n: package.read(n) for n in package.namelist()}
    workbook = parts["xl/workbook.xml"].decode()
    parts["xl/workbook.xml"] = workbook.replace('>"0.', '>"0.0.').encode()
    with zipfile.ZipFile(where.addin, "w") as package:
        for name, data in parts.items():
            package.writestr(name, data)
    drift = next(c for c in status(where) if c.name == "xlwings")
    assert not drift.ok and "repbook addin install" in drift.detail


def test_on_linux_install_says_excel_is_not_here_and_what_to_do() -> None:
    with pytest.raises(UsageError, match="Excel does not run on this system") as raised:
        places("Linux")
    assert raised.value.hint and "repbook addin build" in raised.value.hint


def test_build_writes_the_add_in_from_the_command_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["addin", "build", "-o", str(tmp_path / "repbook.xlam"), "--locale", "en"])
    assert result.exit_code == 0, result.output
    assert zipfile.is_zipfile(tmp_path / "repbook.xlam")
