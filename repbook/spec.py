"""Form specs: one YAML file per form in ``templates/forms``, read into these models.

A spec is declared once and used many ways: the generator lays the workbook out from it,
the validator checks returned files against it, adoption maps hand-made headers onto it
(``synonyms``) and tests make data from it.
"""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from repbook.errors import SpecError, UsageError
from repbook.locale import Locale, Text, catalogue
from repbook.yaml_text import parse_yaml

ColumnType = Literal[
    "text", "longtext", "date", "time", "int", "number", "money", "percent", "choice", "star"
]
NUMBER_TYPES: frozenset[ColumnType] = frozenset({"int", "number", "money", "percent", "star"})
TEXT_TYPES: frozenset[ColumnType] = frozenset({"text", "longtext", "choice"})
Style = Literal["red", "amber", "green", "grey"]

FORMS: tuple[str, ...] = (
    "monthly-plan",
    "weekly-plan",
    "work-log",
    "customer-archive",
    "competitor-info",
    "review",
    "meeting-minutes",
    "ride-along",
)
CONTROL = "control"

# Characters a structured reference would have to escape; labels avoid them so every
# formula stays readable in Excel's formula bar and parses the same in LibreOffice.
_UNSAFE_LABEL = re.compile(r"[\[\]#'\"{}$^&*+=<>/\\:,.;!@%]")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Column(_Model):
    """One column of an Excel Table: an input the rep fills, or a computed formula."""

    id: str
    label: Text
    type: ColumnType = "text"
    required: bool = False
    choices: str | None = None
    options: str | None = None
    min: float | None = None
    max: float | None = None
    in_period: bool = False
    width: float | None = None
    formula: str | None = None
    default: str | None = None
    help: Text | None = None
    synonyms: dict[Locale, tuple[str, ...]] = Field(default_factory=dict)

    @property
    def computed(self) -> bool:
        return self.formula is not None

    @model_validator(mode="after")
    def _consistent(self) -> Column:
        if self.type == "choice" and not (self.choices or self.options):
            raise ValueError(f"column '{self.id}': a choice column needs 'choices' or 'options'")
        if self.computed and (self.required or self.default):
            raise ValueError(f"column '{self.id}': a computed column is neither required nor defaulted")
        for text in self.label.all():
            if _UNSAFE_LABEL.search(text):
                raise ValueError(f"column '{self.id}': label '{text}' has a character formulas must escape")
        return self


class ConditionalFormat(_Model):
    """Highlight cells of ``columns`` (or the whole row) when ``when`` is true for that row."""

    columns: tuple[str, ...]
    when: str
    style: Style


class Table(_Model):
    kind: Literal["table"] = "table"
    id: str
    name: str
    title: Text | None = None
    columns: tuple[Column, ...]
    rows: int = 1
    rows_from: str | None = None
    conditional: tuple[ConditionalFormat, ...] = ()
    totals: dict[str, Literal["sum", "count", "average"]] = Field(default_factory=dict)

    def column(self, column_id: str) -> Column:
        for column in self.columns:
            if column.id == column_id:
                return column
        raise SpecError(f"Table '{self.name}' has no column '{column_id}'.")

    @property
    def input_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if not c.computed)

    @model_validator(mode="before")
    @classmethod
    def _expand_per_choice(cls, raw: dict[str, object]) -> dict[str, object]:
        """A column with ``per_choice: LIST`` stands for one column per choice of LIST.

        Its id and formula may use ``{code}``; the label is the choice's label.
        """
        columns = raw.get("columns") if isinstance(raw, dict) else None
        if not isinstance(columns, list):
            return raw
        expanded: list[object] = []
        for column in columns:
            if not (isinstance(column, dict) and "per_choice" in column):
                expanded.append(column)
                continue
            template = {k: v for k, v in column.items() if k != "per_choice"}
            for choice in catalogue().choice_list(str(column["per_choice"])):
                item = {k: (v.replace("{code}", choice.code) if isinstance(v, str) else v)
                        for k, v in template.items()}
                item["label"] = choice.text.model_dump(by_alias=True)
                expanded.append(item)
        return {**raw, "columns": expanded}

    @model_validator(mode="after")
    def _consistent(self) -> Table:
        if not re.fullmatch(r"tbl[A-Z][A-Za-z0-9]*", self.name):
            raise ValueError(f"table '{self.id}': name '{self.name}' must look like tblSomething")
        ids = [c.id for c in self.columns]
        if len(ids) != len(set(ids)):
            raise ValueError(f"table '{self.name}': duplicate column ids")
        for fmt in self.conditional:
            for column_id in fmt.columns:
                if column_id not in ids:
                    raise ValueError(f"table '{self.name}': conditional format names unknown column '{column_id}'")
        return self


class FieldSpec(_Model):
    """A labelled single cell: an input, a pre-filled value or a summary formula.

    Every field becomes a workbook-level defined name ``rb_<id>`` so formulas read well.
    """

    id: str
    label: Text
    type: ColumnType = "number"
    formula: str | None = None
    default: str | None = None
    choices: str | None = None
    min: float | None = None
    max: float | None = None
    help: Text | None = None
    locked: bool = False

    @property
    def defined_name(self) -> str:
        return f"rb_{self.id}"


class Fields(_Model):
    kind: Literal["fields"] = "fields"
    id: str
    title: Text | None = None
    fields: tuple[FieldSpec, ...]
    conditional: tuple[ConditionalFormat, ...] = ()


Block = Annotated[Table | Fields, Field(discriminator="kind")]


class Chart(_Model):
    """A native chart over one table of the sheet: one series per value column."""

    type: Literal["column", "bar", "line"] = "column"
    title: Text
    table: str
    categories: str
    values: tuple[str, ...]
    stacked: bool = False


class Sheet(_Model):
    id: str
    name: Text
    header: bool = True
    blocks: tuple[Block, ...]
    landscape: bool = True
    charts: tuple[Chart, ...] = ()

    def tables(self) -> tuple[Table, ...]:
        return tuple(b for b in self.blocks if isinstance(b, Table))


class FormSpec(_Model):
    form: str
    schema_version: int
    title: Text
    period_kind: Literal["month", "week", "none"] = "month"
    # "editable": the calendar sheet is visible and the manager's to edit (control workbook).
    calendar: Literal["hidden", "editable"] = "hidden"
    sheets: tuple[Sheet, ...]
    instructions: tuple[Text, ...] = ()

    def tables(self) -> tuple[Table, ...]:
        return tuple(t for s in self.sheets for t in s.tables())

    def table(self, table_id: str) -> Table:
        for table in self.tables():
            if table.id == table_id or table.name == table_id:
                return table
        raise SpecError(f"Form '{self.form}' has no table '{table_id}'.")

    def fields(self) -> tuple[FieldSpec, ...]:
        return tuple(f for s in self.sheets for b in s.blocks if isinstance(b, Fields) for f in b.fields)

    @model_validator(mode="after")
    def _unique_names(self) -> FormSpec:
        names = [t.name for t in self.tables()]
        if len(names) != len(set(names)):
            raise ValueError("table names repeat")
        cat = catalogue()
        for table in self.tables():
            for column in table.columns:
                if column.choices:
                    cat.choice_list(column.choices)
        return self


@cache
def load_spec(form: str) -> FormSpec:
    """The spec of ``form`` (one of FORMS, or ``control``)."""
    if form not in (*FORMS, CONTROL):
        raise UsageError(f"Unknown form '{form}'.", hint=f"Use one of: {', '.join(FORMS)}.")
    source = resources.files("repbook.templates").joinpath("forms", f"{form}.yaml")
    try:
        return FormSpec.model_validate(parse_yaml(source.read_text("utf-8")))
    except ValidationError as exc:
        raise SpecError(f"templates/forms/{form}.yaml is not a valid form spec:\n{exc}") from exc
