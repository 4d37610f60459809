"""What a fresh `pip install .` needs: every package listed, every spec and catalogue shipped."""

from __future__ import annotations

import tomllib
from pathlib import Path

from typer.main import get_command

from repbook.cli import app
from repbook.registry import COMMANDS
from repbook.spec import CONTROL, FORMS, load_spec

ROOT = Path(__file__).resolve().parents[1]
MAPPED = {"generators": "repbook.generators", "addin": "repbook.addin", "templates": "repbook.templates"}


def test_every_python_package_is_listed_in_pyproject() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))
    listed = set(config["tool"]["setuptools"]["packages"])
    found = set()
    for init in ROOT.glob("**/__init__.py"):
        parts = init.parent.relative_to(ROOT).parts
        if not parts or parts[0] in ("tests", "benchmarks", "build") or any(p.startswith(".") for p in parts):
            continue
        top = MAPPED.get(parts[0], parts[0])
        found.add(".".join((top, *parts[1:])))
    assert found <= listed, f"missing from pyproject packages: {sorted(found - listed)}"


def test_every_form_spec_loads() -> None:
    for form in (*FORMS, CONTROL):
        assert load_spec(form).form == form


def test_cli_commands_and_registry_agree() -> None:
    cli_names = set(get_command(app).commands)  # type: ignore[attr-defined]
    assert cli_names == {c.id for c in COMMANDS}


def test_the_readme_lists_every_ribbon_button() -> None:
    from repbook.registry import button_table

    assert button_table() in (ROOT / "README.md").read_text("utf-8")
