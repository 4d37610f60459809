"""The master's tables: one per table of each form, every row plus where it came from.

``tblLog`` of the work logs becomes ``tblMLog`` in the master, with the source columns
(region, rep, period, file, row) in front of the form's own columns. A company master
made from regional masters has the same tables: one level up is the same code path.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from repbook.locale import Locale, catalogue
from repbook.spec import FORMS, Column, Table, load_spec

SOURCE_COLUMNS = ("_region", "_rep_id", "_rep_name", "_period", "_file", "_row")


@dataclass(frozen=True)
class MasterTable:
    form: str
    table: Table

    @property
    def name(self) -> str:
        return "tblM" + self.table.name.removeprefix("tbl")

    @property
    def columns(self) -> tuple[Column, ...]:
        # Row formulas are left out: a returned file's cached values cannot be trusted (a
        # book nobody recalculated holds zeros); the master computes what it needs itself.
        return tuple(c for c in self.table.columns if not c.computed)

    def labels(self, locale: Locale) -> list[str]:
        cat = catalogue()
        return [cat.label("src" + c, locale) for c in SOURCE_COLUMNS] + [c.label(locale) for c in self.columns]

    def column_ids(self) -> list[str]:
        return [*SOURCE_COLUMNS, *(c.id for c in self.columns)]


@cache
def master_tables() -> tuple[MasterTable, ...]:
    return tuple(MasterTable(form, table) for form in FORMS for table in load_spec(form).tables()
                 if not table.rows_from)


def master_table(form: str, table_id: str) -> MasterTable:
    for item in master_tables():
        if item.form == form and item.table.id == table_id:
            return item
    raise KeyError((form, table_id))
