"""The `repbook` command line. Each command lives in its own module and registers itself
by its id in repbook/registry.py."""

from __future__ import annotations

from . import consolidate, demo, forms, validate
from .app import app

__all__ = ["app", "consolidate", "demo", "forms", "main", "validate"]


def main() -> None:
    app()
