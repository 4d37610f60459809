"""An XlsxWriter worksheet that prepares each distinct formula text once.

A table's computed column repeats one formula text on every row, and XlsxWriter runs
some thirty regular expressions over each copy; the result depends only on the text
and the workbook's future-functions setting, so it is memoized. Without this,
generation spends two thirds of its time there.
"""

from __future__ import annotations

from xlsxwriter.worksheet import Worksheet

_PREPARED: dict[tuple[str, bool, bool], str] = {}
_CACHE_LIMIT = 8192


class FastFormulaWorksheet(Worksheet):
    def _prepare_formula(self, formula: str, expand_future_functions: bool = False) -> str:
        key = (formula, expand_future_functions, bool(self.use_future_functions))
        prepared = _PREPARED.get(key)
        if prepared is None:
            prepared = super()._prepare_formula(formula, expand_future_functions)
            if len(_PREPARED) < _CACHE_LIMIT:
                _PREPARED[key] = prepared
        return prepared
