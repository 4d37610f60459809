"""`repbook status`: who returned what, on time or late, read from a master's 汇报纪律 sheet."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import python_calamine

from repbook.consolidation.extract import peek_metadata
from repbook.core.discipline import DEFAULT_RULES
from repbook.errors import InputFileError
from repbook.locale import LOCALES, catalogue

TABLE = "tblSumDiscipline"


@dataclass
class RepStanding:
    rep_id: str
    rep_name: str
    forms: dict[str, str] = field(default_factory=dict)  # form -> on_time | late | missing
    completeness: float | None = None
    log_days: float | None = None

    def count(self, status: str) -> int:
        return sum(1 for s in self.forms.values() if s == status)


def read_status(master: Path) -> list[RepStanding]:
    if not master.exists() or peek_metadata(master).get("form") != "master":
        raise InputFileError("is not a master workbook.", file=str(master),
                             hint="Make one with: repbook consolidate FOLDER -o MASTER.xlsx --control CONTROL.xlsx")
    cat = catalogue()
    status_of = {cat.label(f"discipline_{s}", loc): s for s in ("on_time", "late", "missing") for loc in LOCALES}
    book = python_calamine.CalamineWorkbook.from_path(str(master), load_tables=True)
    try:
        found = book.get_table_by_name(TABLE)
        rows: list[list[Any]] = found.to_python()
    finally:
        book.close()
    standings = []
    forms = [rule.form for rule in DEFAULT_RULES]
    for row in rows:
        if not row or not row[0]:
            continue
        statuses = {form: status_of.get(str(value), "") for form, value in zip(forms, row[2:2 + len(forms)], strict=False)}
        tail = row[2 + len(forms) + 3:]
        standings.append(RepStanding(str(row[0]), str(row[1]), statuses,
                                     _number(tail[0]) if tail else None, _number(tail[1]) if len(tail) > 1 else None))
    return standings


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None
