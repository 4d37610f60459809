"""Matching a hand-made header to a form's fields: labels and synonyms in every locale.

Header text is compared after folding full-width characters, spaces and units in
brackets: 订单金额（元） and 订单金额 are the same header; 拜访方式 is a synonym of 接触方式.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Literal

from repbook.spec import Column, Table

_BRACKETS = re.compile(r"[(\[【（].*?[)\]】）]")
_NOISE = re.compile(r"[\s:：*#/\\._\-—、,，]")
_TOTALS = ("合计", "小计", "总计", "合計", "小計", "總計", "total", "subtotal", "sum")

How = Literal["label", "synonym", "contains", "mapping"]


@dataclass(frozen=True)
class Match:
    header: str
    column: Column
    how: How


def fold(text: object) -> str:
    """Header text reduced to what matters: NFKC, no units in brackets, no spaces, lower case."""
    plain = unicodedata.normalize("NFKC", str(text or ""))
    return _NOISE.sub("", _BRACKETS.sub("", plain)).lower()


def is_totals_label(value: object) -> bool:
    return fold(value) in _TOTALS or any(fold(value).startswith(t) for t in _TOTALS[:6])


def names(column: Column) -> tuple[set[str], set[str]]:
    labels = {fold(t) for t in column.label.all()}
    synonyms = {fold(s) for group in column.synonyms.values() for s in group}
    return labels, synonyms - labels


def match_header(header: str, table: Table, taken: set[str]) -> Match | None:
    """The input column ``header`` stands for, or None; exact label, then synonym, then containment."""
    key = fold(header)
    if not key:
        return None
    inputs = [c for c in table.columns if not c.computed and c.id not in taken]
    for how in ("label", "synonym"):
        for column in inputs:
            labels, synonyms = names(column)
            if key in (labels if how == "label" else synonyms):
                return Match(header, column, how)
    best: Column | None = None
    best_len = 0
    for column in inputs:
        labels, synonyms = names(column)
        for name in labels | synonyms:
            if len(name) >= 2 and (name in key or key in name) and len(name) > best_len:
                best, best_len = column, len(name)
    return Match(header, best, "contains") if best else None


def header_score(cells: list[object], table: Table) -> int:
    """How many cells of a row read as this table's headers: the header row scores highest."""
    taken: set[str] = set()
    score = 0
    for cell in cells:
        if isinstance(cell, str) and (found := match_header(cell, table, taken)) is not None:
            taken.add(found.column.id)
            score += 2 if found.how in ("label", "synonym") else 1
    return score
