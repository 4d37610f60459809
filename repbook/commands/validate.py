"""`repbook validate` and `repbook clear-marks`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from repbook.errors import UsageError
from repbook.locale import Locale
from repbook.validation.issues import Report
from repbook.validation.marking import clear_marks, write_marked_copy
from repbook.validation.validate import validate_paths


@dataclass
class ValidationRun:
    report: Report
    marked: list[Path] = field(default_factory=list)


def validate(paths: Sequence[Path], locale: Locale = "zh-CN", *, mark: bool = False) -> ValidationRun:
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise UsageError(f"not found: {', '.join(missing)}", hint="Pass workbooks or folders that exist.")
    report = validate_paths(paths, locale)
    run = ValidationRun(report)
    if mark:
        for file_report in report.files:
            readable = file_report.form is not None
            if readable:
                run.marked.append(write_marked_copy(Path(file_report.file), file_report.issues, locale))
    return run


def remove_marks(path: Path) -> int:
    if not path.exists():
        raise UsageError(f"not found: {path}")
    return clear_marks(path)
