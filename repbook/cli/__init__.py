"""The `repbook` command line. Each command lives in its own module and registers itself
by its id in repbook/registry.py."""

from __future__ import annotations

from . import demo, forms, validate
from .app import app

__all__ = ["app", "demo", "forms", "main", "validate"]


def main() -> None:
    app()
