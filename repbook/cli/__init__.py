"""The `repbook` command line. Each command lives in its own module and registers itself
by its id in repbook/registry.py."""

from __future__ import annotations

from . import demo, forms
from .app import app

__all__ = ["app", "demo", "forms", "main"]


def main() -> None:
    app()
