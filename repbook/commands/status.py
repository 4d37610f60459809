"""`repbook status`: who returned what, on time or late, read from a master's 汇报纪律 sheet."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import python_calamine

from repbook.consolidation.extract import peek_metadata
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
    form_of = {choice.text(loc): choice.code for choice in cat.choice_list("form") for loc in LOCALES}
    book = python_calamine.CalamineWorkbook.from_path(str(master), load_tables=True)
    try:
        found = book.get_table_by_name(TABLE)
        headers = [str(h) for h in found.columns]
        rows: list[list[Any]] = found.to_python()
    finally:
        book.close()
    forms = {i: form_of[h] for i, h in enumerate(headers) if h in form_of}
    completeness = {cat.label("col_completeness", loc) for loc in LOCALES}
    log_days = {cat.label("col_log_days", loc) for loc in LOCALES}
    standings = []
    for row in rows:
        if not row or not row[0]:
            continue
        values = dict(zip(headers, row, strict=False))
        standings.append(RepStanding(
            str(row[0]), str(row[1]), {form: status_of.get(str(row[i]), "") for i, form in forms.items()},
            next((_number(values[h]) for h in completeness if h in values), None),
            next((_number(values[h]) for h in log_days if h in values), None)))
    return standings


def _number(value: Any) -> float | None:
    return float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else None
