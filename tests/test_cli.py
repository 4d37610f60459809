"""The command line as a manager uses it: help, results, clear errors and exit codes."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from repbook.cli import app

runner = CliRunner()


def test_every_command_has_help() -> None:
    result = runner.invoke(app, ["--help"])
    assert result.exit_code == 0
    for command in ("init", "new", "generate", "demo"):
        assert command in result.output
        assert runner.invoke(app, [command, "--help"]).exit_code == 0


def test_new_writes_one_form(tmp_path: Path) -> None:
    out = tmp_path / "log.xlsx"
    result = runner.invoke(app, ["new", "work-log", "--rep", "R01", "--period", "2026-12", "-o", str(out),
                                 "--locale", "en", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["path"] == str(out)
    assert out.exists()


def test_unknown_form_and_bad_period_exit_2(tmp_path: Path) -> None:
    out = tmp_path / "x.xlsx"
    assert runner.invoke(app, ["new", "sales-diary", "--rep", "R01", "--period", "2026-12", "-o", str(out)]).exit_code == 2
    result = runner.invoke(app, ["new", "work-log", "--rep", "R01", "--period", "12/2026", "-o", str(out)])
    assert result.exit_code == 2
    assert "2026-12" in result.output
    assert not out.exists()


def test_missing_control_workbook_is_named(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.xlsx"
    result = runner.invoke(app, ["generate", str(missing), "-o", str(tmp_path / "pack")])
    assert result.exit_code == 2
    assert "nowhere.xlsx" in result.output
    assert "repbook init" in result.output


def test_rep_not_on_the_roster_is_named(tmp_path: Path) -> None:
    control = tmp_path / "control.xlsx"
    assert runner.invoke(app, ["init", str(control), "--period", "2026-12"]).exit_code == 0
    result = runner.invoke(app, ["new", "work-log", "--rep", "R99", "--period", "2026-12", "--control", str(control),
                                 "-o", str(tmp_path / "x.xlsx")])
    assert result.exit_code == 2
    assert "R99" in result.output


def test_generate_makes_a_folder_per_rep_with_safe_names(tmp_path: Path) -> None:
    from repbook.demo.team import make_team
    from repbook.io.control import write_control
    from repbook.periods import parse_period

    period = parse_period("2026-12")
    control = tmp_path / "control.xlsx"
    write_control(control, make_team(period), period, "zh-CN")
    result = runner.invoke(app, ["generate", str(control), "-o", str(tmp_path / "pack"), "--form", "work-log",
                                 "--json", "--jobs", "2"])
    assert result.exit_code == 0, result.output
    files = json.loads(result.stdout)
    assert len(files) == 8
    for item in files:
        path = Path(item["path"])
        assert path.exists()
        assert not set('<>:"|?*') & set(path.parent.name + path.name)
        assert item["rep"] in path.name
