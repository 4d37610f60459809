"""`repbook consolidate`: returned workbooks (or regional masters) -> one master workbook."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path

from repbook.consolidation.run import Consolidation, gather
from repbook.consolidation.summaries import summary_writers
from repbook.consolidation.writer import write_master
from repbook.errors import UsageError
from repbook.io.control import read_control
from repbook.locale import Locale


def consolidate(paths: Sequence[Path], output: Path, locale: Locale = "zh-CN", *, jobs: int | None = None,
                control_path: Path | None = None,
                progress: Callable[[int, int], None] | None = None) -> Consolidation:
    """``control_path`` gives the daily contact target and the manager's calendar marks."""
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise UsageError(f"not found: {', '.join(missing)}", hint="Pass folders or workbooks that exist.")
    if output.suffix.lower() != ".xlsx":
        raise UsageError(f"{output}: the master is an .xlsx file.")
    control = read_control(control_path) if control_path else None
    result = gather(paths, output, locale, jobs, progress)
    level = "company" if any(f.form == "master" for f in result.files) else "team"
    write_master(result, output, locale, level=level, summaries=summary_writers(), control=control)
    return result
