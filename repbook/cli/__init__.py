"""The `repbook` command line. Each command lives in its own module and registers itself
by its id in repbook/registry.py."""

from __future__ import annotations

from . import addin, adopt, consolidate, demo, forms, report, review, rollover, send, split, status, validate
from .app import app

__all__ = ["addin", "adopt", "app", "consolidate", "demo", "forms", "main", "report", "review", "rollover", "send", "split", "status", "validate"]


def main() -> None:
    app()
