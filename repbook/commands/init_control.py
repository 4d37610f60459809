"""`repbook init`: a new, empty control workbook for a manager."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from repbook.errors import UsageError
from repbook.io.control import write_control
from repbook.locale import Locale
from repbook.model import ControlData
from repbook.periods import Period


@dataclass(frozen=True)
class InitResult:
    path: Path
    period: Period
    uncovered_years: tuple[int, ...]


def init_control(path: Path, period: Period, locale: Locale, *, force: bool = False) -> InitResult:
    if path.suffix.lower() != ".xlsx":
        raise UsageError(f"{path}: a control workbook is an .xlsx file.", hint="Name it e.g. control.xlsx.")
    if path.exists() and not force:
        raise UsageError(f"{path} already exists; repbook never overwrites a control workbook.",
                         hint="Choose another name, or pass --force to replace it.")
    calendar = write_control(path, ControlData(settings={}, reps=()), period, locale)
    return InitResult(path, period, calendar.uncovered_years)
