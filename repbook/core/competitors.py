"""The competitor information form's numbers: reports, competitors named, counts by stance and source.

Rows are dicts keyed by tblCompetitors' column ids, choice values as codes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

Row = Mapping[str, Any]


def reports(rows: Iterable[Row]) -> list[Row]:
    """Rows naming a competitor: what the workbook counts as a report."""
    return [r for r in rows if isinstance(r.get("competitor"), str) and r["competitor"] != ""]


def competitors_named(rows: Iterable[Row]) -> int:
    """How many different competitors the reports name (letter case ignored, as Excel compares)."""
    return len({str(r["competitor"]).casefold() for r in reports(rows)})


def count_by(rows: Iterable[Row], column: str, codes: Sequence[str]) -> dict[str, int]:
    """Rows per drop-down code of ``column`` (stance or source), every code listed."""
    counted = Counter(r.get(column) for r in rows)
    return {code: counted.get(code, 0) for code in codes}


def hostile(rows: Iterable[Row]) -> int:
    return sum(1 for r in rows if r.get("stance") == "hostile")


def summary(rows: Sequence[Row]) -> dict[str, int]:
    """The form's summary fields, keyed by field id (rb_<id> in the workbook)."""
    return {"reports_total": len(reports(rows)), "competitors_distinct": competitors_named(rows),
            "hostile_total": hostile(rows)}
