"""Rules: per cell from the spec (type, required, drop-down, range, period), then across
fields, rows and forms. Each rule adds Issue records; none raises on bad data."""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from typing import Any

from repbook.locale import Locale, catalogue, choice_codes
from repbook.periods import Period, parse_period
from repbook.spec import NUMBER_TYPES, Column

from .issues import Issue, make_issue
from .normalize import expected_text, is_blank, read_value
from .reading import FormData, TableData

ERROR_VALUES = ("#N/A", "#NAME?", "#REF!", "#VALUE!", "#DIV/0!", "#NUM!", "#NULL!", "#GETTING_DATA")
OUTLIER_FACTOR = 10
OUTLIER_MIN_SAMPLE = 8


@dataclass
class CleanTable:
    """A table's non-blank rows as the rules understood them (codes, dates, numbers)."""

    data: TableData
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)


@dataclass
class Checked:
    form: FormData
    tables: dict[str, CleanTable]
    issues: list[Issue]
    locale: Locale

    def add(self, code: str, table: CleanTable, index: int, column_id: str, value: Any = None, **details: Any) -> None:
        column = table.data.table.column(column_id)
        self.issues.append(make_issue(
            code, self.locale, file=str(self.form.path), sheet=table.data.sheet, cell=table.data.cell(index, column_id),
            row=table.data.excel_rows[index], column=table.data.letters.get(column_id, ""),
            field=column.label(self.locale), value=_shown(value), **details))


def check_cells(form: FormData, locale: Locale) -> Checked:
    checked = Checked(form, {}, [], locale)
    period = form.period
    for table_id, data in form.tables.items():
        clean = CleanTable(data)
        checked.tables[table_id] = clean
        keyed = data.table.rows_from is not None
        inputs = [c for i, c in enumerate(data.table.columns) if not c.computed and not (keyed and i == 0)]
        inputs = [c for c in inputs if c.id in data.letters]
        ids = [c.id for c in inputs]
        readers = [(c, fast_reader(c), _ranged(c)) for c in inputs]
        for index, row in enumerate(data.rows):
            raws = [row.get(i) for i in ids]
            if raws.count(None) == len(raws) or all(is_blank(v) for v in raws):
                continue
            clean.rows.append((index, _check_row(checked, clean, index, row, readers, period)))
    return checked


_SLOW = object()
FastReader = Callable[[Any], Any]


def fast_reader(column: Column) -> FastReader:
    """The value of a cell that needs no reading (a real date in a date column, a label as
    the drop-down wrote it, a number), or ``_SLOW`` for everything ``read_value`` must see.

    Most cells of a returned form are like that; reading them through the general path
    was most of the time spent on a 100,000-row folder.
    """
    kind = column.type
    if kind == "date":
        return lambda raw: raw.date() if raw.__class__ is datetime else raw if raw.__class__ is date else _SLOW
    if kind in ("int", "star"):
        return lambda raw: (int(raw) if (raw.__class__ is int and -_EXACT < raw < _EXACT)
                            or (raw.__class__ is float and raw.is_integer()) else _SLOW)
    if kind in ("number", "money", "percent"):
        return _number_as_typed
    if kind == "choice" and column.choices:
        codes = choice_codes(column.choices)
        return lambda raw: codes.get(raw, _SLOW) if raw.__class__ is str else _SLOW
    if kind == "time":
        return lambda raw: raw if raw.__class__ is time else _SLOW
    return _text_as_typed


_EXACT = 2**53  # integers a float holds exactly; beyond, the general reader decides


def _number_as_typed(raw: Any) -> Any:
    if raw.__class__ is float:
        return raw if raw - raw == 0 else _SLOW  # NaN and infinity are not numbers a rep typed
    return float(raw) if raw.__class__ is int and -_EXACT < raw < _EXACT else _SLOW


def _text_as_typed(raw: Any) -> Any:
    if raw.__class__ is not str:
        return _SLOW
    text = raw.strip()
    return text if text and text[0] != "#" else _SLOW  # blanks and error values take the long way


def _ranged(column: Column) -> bool:
    return column.type in NUMBER_TYPES or column.min is not None \
        or column.max is not None or column.in_period


def _check_row(checked: Checked, table: CleanTable, index: int, row: dict[str, Any],
               readers: list[tuple[Column, FastReader, bool]], period: Period | None) -> dict[str, Any]:
    values = dict(row)
    for column, fast, ranged in readers:
        raw = row.get(column.id)
        if raw is None:  # an empty cell: the reader gives None for every blank
            if column.required:
                checked.add("required-missing", table, index, column.id)
            continue
        value = fast(raw)
        if value is _SLOW:
            values[column.id] = _read_cell(checked, table, index, column, raw, period)
            continue
        values[column.id] = value
        if ranged:
            _check_range(checked, table, index, column, value, period)
    return values


def _read_cell(checked: Checked, table: CleanTable, index: int, column: Column, raw: Any,
               period: Period | None) -> Any:
    """The general path: typed text, error values, blanks; each problem becomes an issue."""
    if isinstance(raw, str) and raw.strip().startswith(ERROR_VALUES):
        checked.add("error-value", table, index, column.id, raw)
        return None
    reading = read_value(raw, column.type, column.choices, period)
    if reading.value is None:
        if column.required:
            checked.add("required-missing", table, index, column.id)
        return None
    if reading.failed:
        if column.choices:
            labels = catalogue().choice_labels(column.choices, checked.locale)
            checked.add("choice-invalid", table, index, column.id, raw, choices="/".join(labels[:8]))
        else:
            checked.add("type-invalid", table, index, column.id, raw, expected=expected_text(column.type, checked.locale))
        return None
    if reading.note is not None:
        checked.add("value-normalized", table, index, column.id, raw, normalized=reading.note)
    _check_range(checked, table, index, column, reading.value, period)
    return reading.value


def _check_range(checked: Checked, table: CleanTable, index: int, column: Column, value: Any,
                 period: Period | None) -> None:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        low = column.min if column.min is not None else (1 if column.type == "star" else
                                                          0 if column.type in ("money", "int", "number") else None)
        high = column.max if column.max is not None else (5 if column.type == "star" else None)
        if low is not None and value < low:
            checked.add("below-minimum", table, index, column.id, value, min=f"{low:g}")
        elif high is not None and value > high:
            checked.add("above-maximum", table, index, column.id, value, max=f"{high:g}")
    if column.in_period and isinstance(value, date) and period is not None and not period.contains(value):
        checked.add("date-outside-period", table, index, column.id, value, start=period.start, end=period.end)


# ---- across fields and rows, per form -------------------------------------------------

FormRule = Callable[[Checked], None]
FORM_RULES: dict[str, list[FormRule]] = defaultdict(list)


def form_rule(*forms: str) -> Callable[[FormRule], FormRule]:
    def register(rule: FormRule) -> FormRule:
        for form in forms:
            FORM_RULES[form].append(rule)
        return rule
    return register


def check_form(checked: Checked) -> None:
    if checked.form.form:
        for rule in FORM_RULES.get(checked.form.form, []):
            rule(checked)


@form_rule("work-log")
def next_contact_not_before_contact(checked: Checked) -> None:
    table = checked.tables.get("log")
    for index, row in table.rows if table else ():
        day, due = row.get("date"), row.get("next_contact")
        if isinstance(day, date) and isinstance(due, date) and due < day:
            checked.add("next-contact-before-contact", table, index, "next_contact", due, date=day)  # type: ignore[arg-type]


@form_rule("work-log")
def order_amount_needs_a_close(checked: Checked) -> None:
    table = checked.tables.get("log")
    closed = catalogue().choice_label("outcome", "closed", checked.locale)
    for index, row in table.rows if table else ():
        amount, outcome = row.get("order_amount"), row.get("outcome")
        if isinstance(amount, (int, float)) and amount > 0 and outcome not in (None, "closed"):
            checked.add("amount-without-close", table, index, "order_amount", amount, closed=closed)  # type: ignore[arg-type]
        elif outcome == "closed" and not amount:
            checked.add("closed-without-amount", table, index, "order_amount", closed=closed)  # type: ignore[arg-type]


@form_rule("work-log")
def amounts_far_above_the_reps_usual(checked: Checked) -> None:
    table = checked.tables.get("log")
    if table is None:
        return
    amounts = [(i, r["order_amount"]) for i, r in table.rows if isinstance(r.get("order_amount"), (int, float))
               and r["order_amount"] > 0]
    if len(amounts) < OUTLIER_MIN_SAMPLE:
        return
    median = statistics.median(a for _, a in amounts)
    for index, amount in amounts:
        if amount > OUTLIER_FACTOR * median:
            checked.add("amount-outlier", table, index, "order_amount", amount, median=f"{median:,.0f}")


@form_rule("weekly-plan")
def visits_fall_inside_their_week(checked: Checked) -> None:
    table = checked.tables.get("visits")
    for index, row in table.rows if table else ():
        week, day = row.get("week"), row.get("date")
        span = _iso_week(str(week or ""))
        if span and isinstance(day, date) and not span[0] <= day <= span[1]:
            checked.add("date-outside-week", table, index, "date", day, week=week,  # type: ignore[arg-type]
                        start=span[0], end=span[1])


@form_rule("monthly-plan")
def time_split_sums_to_the_month(checked: Checked) -> None:
    targets, split = checked.tables.get("targets"), checked.tables.get("time_split")
    if targets is None or split is None:
        return
    sums: dict[str, float] = defaultdict(float)
    for _, row in split.rows:
        if isinstance(row.get("target"), (int, float)):
            sums[str(row.get("indicator"))] += float(row["target"])
    for index, row in targets.rows:
        name, must = str(row.get("indicator") or ""), row.get("must")
        if name in sums and isinstance(must, (int, float)) and abs(sums[name] - must) > 0.005:
            checked.add("split-sum-mismatch", targets, index, "must", must, indicator=name,
                        actual=f"{sums[name]:,.2f}".rstrip("0").rstrip("."), expected=f"{must:,}")


@form_rule("customer-archive")
def customer_ids_are_unique(checked: Checked) -> None:
    table = checked.tables.get("customers")
    first: dict[str, int] = {}
    for index, row in table.rows if table else ():
        key = str(row.get("customer_id") or "").strip()
        if not key:
            continue
        if key in first:
            checked.add("duplicate-customer-id", table, index, "customer_id", key,  # type: ignore[arg-type]
                        other_row=table.data.excel_rows[first[key]])  # type: ignore[union-attr]
        else:
            first[key] = index


@form_rule("customer-archive")
def closed_customers_are_rated_on_the_closed_scale(checked: Checked) -> None:
    """The closed scale rates what a customer buys: a closed customer with no purchases cannot be rated by it."""
    table = checked.tables.get("customers")
    for index, row in table.rows if table else ():
        amount = row.get("cumulative_amount")
        if row.get("status") == "closed" and row.get("star") and not (isinstance(amount, (int, float)) and amount > 0):
            checked.add("closed-star-scale", table, index, "cumulative_amount", row.get("star"))  # type: ignore[arg-type]


def _iso_week(code: str) -> tuple[date, date] | None:
    try:
        period = parse_period(code)
    except Exception:
        return None
    return (period.start, period.end) if period.kind == "week" else None


# ---- across forms of one rep and period -----------------------------------------------

def check_across_forms(results: Iterable[Checked]) -> None:
    """Rules between the forms of one rep and period; issues go to the form they are about."""
    by_rep: dict[tuple[str, str], dict[str, Checked]] = defaultdict(dict)
    for checked in results:
        meta = checked.form.metadata
        if checked.form.form and meta.get("rep_id"):
            by_rep[(meta["rep_id"], meta.get("period", ""))][checked.form.form] = checked
    for forms in by_rep.values():
        _log_customers_in_archive(forms)


def _log_customers_in_archive(forms: dict[str, Checked]) -> None:
    log, archive = forms.get("work-log"), forms.get("customer-archive")
    if log is None or archive is None:
        return
    customers = next((t for t in archive.tables.values() if "name" in t.data.letters), None)
    entries = log.tables.get("log")
    if customers is None or entries is None:
        return
    known = {str(r.get("name")).strip() for _, r in customers.rows if r.get("name")}
    for index, row in entries.rows:
        name = row.get("customer")
        if name and str(name).strip() not in known:
            log.add("customer-not-in-archive", entries, index, "customer", name)


def _shown(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def period_of(text: str) -> Period | None:
    try:
        return parse_period(text)
    except Exception:
        return None
