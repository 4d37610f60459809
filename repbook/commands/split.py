"""`repbook split CONTROL.xlsx`: the team's targets split to reps, time, customers and events.

Python computes the split (``repbook.core.split*``) and checks every setting first, so a
split that cannot work stops with a message naming the rep and the setting and leaves the
file untouched. Then the control workbook gets four sheets of live formulas computing the
same numbers, and each rep's must-achieve goes into tblRepTargets, where `repbook
generate` reads it for the monthly plans.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from repbook.core.plans import is_rate_indicator
from repbook.core.split import RepInput, RepSplit, SplitSettingError, SplitWeights, TeamTarget, split_to_reps
from repbook.core.split_customers import (
    CustomerInput,
    CustomerSplit,
    EventInput,
    event_amount,
    event_share,
    split_to_customers,
)
from repbook.core.split_time import PartTarget, split_to_time
from repbook.io.control import control_period, read_control
from repbook.io.split_sheets import (
    REP_COLUMNS,
    SheetPlan,
    customer_columns,
    event_columns,
    time_columns,
    write_split_sheets,
)
from repbook.io.workbook_reader import RepbookWorkbook
from repbook.locale import catalogue
from repbook.model import ControlData, Indicator, Rep
from repbook.spec import CONTROL, load_spec
from repbook.workdays import build_calendar

DEFAULT_UNIT = 1000.0


@dataclass(frozen=True)
class SplitInputs:
    """What the split reads besides ControlData: the tables issue 3 added to the control workbook."""

    rounding_units: dict[str, float] = field(default_factory=dict)
    seasonality: dict[int, float] = field(default_factory=dict)
    events: tuple[dict[str, Any], ...] = ()
    event_rows: int = 0
    has_seasonality: bool = False


@dataclass
class SplitResult:
    path: Path
    period: str
    split_mode: str
    reps: list[RepSplit]
    time: dict[tuple[str, str], list[PartTarget]]
    customers: dict[str, CustomerSplit]
    main_indicator: str
    events: list[dict[str, Any]]
    skipped: list[str]
    uncovered_years: tuple[int, ...]

    def payload(self) -> dict[str, Any]:
        return {
            "control": str(self.path), "period": self.period, "split_mode": self.split_mode,
            "indicators": [{"indicator_id": s.indicator_id, "team_total": s.team_total,
                            "reps": [{"rep_id": r.rep_id, "must": r.must, "challenge": r.challenge,
                                      "weight": r.weight, "new_hire": r.new_hire, "kept_declared": r.kept_declared}
                                     for r in s.shares]} for s in self.reps],
            "time": [{"rep_id": rep, "indicator_id": ind, "parts": [{"part": p.code, "working_days": p.working_days,
                                                                     "target": p.target} for p in parts]}
                     for (rep, ind), parts in self.time.items()],
            "customers": {"indicator_id": self.main_indicator, "reps": [
                {"rep_id": rep, "target": c.target, "expected": c.expected, "gap": c.gap}
                for rep, c in self.customers.items()]},
            "events": self.events,
            "not_split": self.skipped,
            "uncovered_years": list(self.uncovered_years),
        }


def run_split(path: Path) -> SplitResult:
    control = read_control(path)
    extra = read_split_inputs(path)
    period = control_period(control, path)
    calendar = build_calendar(period.start, period.end, control.manager_days)
    weights = split_weights(control.settings)
    reps = [r for r in control.reps if r.active]
    indicators = [i for i in control.indicators if i.indicator_id]
    skipped = [i.indicator_id for i in indicators if not _number(i.superior_target)]
    chosen = [i for i in indicators if _number(i.superior_target)]
    splits = [split_to_reps(team_target(i, control, extra), rep_inputs(i, reps, control), weights) for i in chosen]
    targets = {i.indicator_id: team_target(i, control, extra) for i in chosen}
    time: dict[tuple[str, str], list[PartTarget]] = {}
    for s in splits:
        if targets[s.indicator_id].is_rate:
            continue
        for share in s.shares:
            time[(share.rep_id, s.indicator_id)] = split_to_time(
                share.must, period, control.split_mode, calendar, targets[s.indicator_id].unit, extra.seasonality)
    main = next((i.indicator_id for i in chosen if i.category == "financial" and i.direction != "lower"
                 and not targets[i.indicator_id].is_rate), "")
    customers: dict[str, CustomerSplit] = {}
    if main:
        by_id = {s.indicator_id: s for s in splits}
        for rep in reps:
            customers[rep.rep_id] = split_to_customers(by_id[main].must(rep.rep_id), customer_inputs(control, rep))
    totals = {s.indicator_id: s.team_total for s in splits}
    events = [_event(row, n, main, totals) for n, row in enumerate(extra.events, start=1)]
    plans, time_rows = sheet_plans(control, splits, time, customers, main, extra)
    musts = {(r.rep_id, s.indicator_id): r.must for s in splits for r in s.shares}
    write_split_sheets(path, plans, time_rows, musts)
    return SplitResult(path, period.code, control.split_mode, splits, time, customers, main,
                       [e for e in events if e["event_amount"] is not None], skipped, calendar.uncovered_years)


def split_weights(settings: dict[str, Any]) -> SplitWeights:
    def value(key: str, default: float) -> float:
        raw = _maybe(settings.get(key))
        return default if raw is None else raw
    return SplitWeights(value("weight_history", 0.5), value("weight_ability", 0.2),
                        value("weight_resources", 0.3), value("new_hire_ramp", 0.6))


def team_target(indicator: Indicator, control: ControlData, extra: SplitInputs) -> TeamTarget:
    """The indicator as the split reads it; the unit: its own, else the settings' for money, else 1."""
    unit = extra.rounding_units.get(indicator.indicator_id)
    if unit is None:
        setting = _maybe(control.settings.get("rounding_unit"))
        unit = (setting or DEFAULT_UNIT) if indicator.category == "financial" else 1.0
    return TeamTarget(indicator.indicator_id, _maybe(indicator.superior_target), indicator.stretch, indicator.challenge_rate,
                      indicator.direction, unit, is_rate_indicator(indicator.category, indicator.unit))


def rep_inputs(indicator: Indicator, reps: Sequence[Rep], control: ControlData) -> list[RepInput]:
    result = []
    for rep in reps:
        actuals = [float(h["actual"]) for h in control.history
                   if _text(h.get("rep_id")) == rep.rep_id and _text(h.get("indicator_id")) == indicator.indicator_id
                   and _number(h.get("actual"))]
        rows = [t for t in control.rep_targets.get(rep.rep_id, []) if t.get("indicator_id") == indicator.indicator_id]
        if len(rows) > 1:
            raise SplitSettingError("appears twice on the Rep targets sheet.", setting="rep targets",
                                    indicator=indicator.indicator_id, rep=rep.rep_id, hint="Keep one row.")
        row = rows[0] if rows else {}
        resources = sum((_maybe(c.star) or 0.0) * (_maybe(c.close_probability) or 0.0)
                        for c in control.customers_of(rep.rep_id))
        result.append(RepInput(rep.rep_id, sum(actuals) / len(actuals) if actuals else None, rep.ability, resources,
                               _maybe(row.get("declared")), _maybe(row.get("floor")), _maybe(row.get("cap"))))
    return result


def customer_inputs(control: ControlData, rep: Rep) -> list[CustomerInput]:
    return [CustomerInput(c.customer_id, c.name, _maybe(c.star), _maybe(c.close_probability))
            for c in control.customers_of(rep.rep_id)]


def read_split_inputs(path: Path) -> SplitInputs:
    """Per-indicator rounding units, seasonality weights and events, from the control workbook."""
    book = RepbookWorkbook(path)
    spec = load_spec(CONTROL)
    tables = {name for sheet in book.book.worksheets for name in sheet.tables}
    units = {_text(r.get("indicator_id")): float(r["rounding_unit"])
             for r in book.table_rows(spec.table("indicators")) if _number(r.get("rounding_unit"))}
    seasonality: dict[int, float] = {}
    if "tblSeasonality" in tables:
        for r in book.table_rows(spec.table("seasonality")):
            if _number(r.get("part_no")) and _number(r.get("weight")):
                seasonality[int(r["part_no"])] = seasonality.get(int(r["part_no"]), 0.0) + float(r["weight"])
    events: tuple[dict[str, Any], ...] = ()
    rows = 0
    if "tblEvents" in tables:
        events = tuple(book.table_rows(spec.table("events"), skip_blank=False))
        rows = len(events)
    return SplitInputs(units, seasonality, events, rows, "tblSeasonality" in tables)


def sheet_plans(control: ControlData, splits: Sequence[RepSplit], time: dict[tuple[str, str], list[PartTarget]],
                customers: dict[str, CustomerSplit], main: str,
                extra: SplitInputs) -> tuple[list[SheetPlan], dict[int, dict[str, str]]]:
    names = {r.rep_id: r.name for r in control.reps}
    reps_plan = SheetPlan("split_sheet_reps", REP_COLUMNS, [
        [{"indicator": s.indicator_id, "rep": r.rep_id, "name": names.get(r.rep_id, "")} for r in s.shares]
        for s in splits])
    reps_sheet = catalogue().label("split_sheet_reps", control.locale)
    time_plan = SheetPlan("split_sheet_time", time_columns(reps_sheet, reps_plan, extra.has_seasonality))
    time_rows: dict[int, dict[str, str]] = {}
    row = 3
    for (rep, ind), parts in time.items():
        time_plan.blocks.append([{"indicator": ind, "rep": rep, "part": p.code, "part_no": p.number,
                                  "start": p.start, "end": p.end} for p in parts])
        for _ in parts:
            time_rows[row] = {"reps_row": f"${reps_plan.row_of(indicator=ind, rep=rep)}"}
            row += 1
    rep_rows = sum(len(b) for b in reps_plan.blocks)
    plans = [reps_plan, time_plan]
    if main:
        customer_plan = SheetPlan("split_sheet_customers", customer_columns(reps_sheet, reps_plan, rep_rows))
        for rep_id, split in customers.items():
            rows = [{"rep": rep_id, "customer_id": c.customer_id, "customer": c.name, "indicator": main}
                    for c in split.customers] or [{"rep": rep_id, "customer_id": "", "customer": "", "indicator": main}]
            customer_plan.blocks.append(rows)
        plans.append(customer_plan)
    if extra.event_rows:
        plans.append(SheetPlan("split_sheet_events", event_columns(reps_sheet, reps_plan, rep_rows, main),
                               [[{"event_no": n} for n in range(1, extra.event_rows + 1)]]))
    return plans, time_rows


def _event(row: dict[str, Any], n: int, main: str, totals: dict[str, float]) -> dict[str, Any]:
    indicator = _text(row.get("indicator_id")) or main
    values = [row.get(k) for k in ("invitees", "attendance_rate", "conversion_rate", "average_order")]
    if not _number(values[0]):
        return {"event_no": n, "event": _text(row.get("event")), "indicator_id": indicator, "event_amount": None,
                "event_share": None}
    event = EventInput(_text(row.get("event")), *((_maybe(v) or 0.0) for v in values))
    total = totals.get(indicator)
    return {"event_no": n, "event": event.name, "indicator_id": indicator, "event_amount": event_amount(event),
            "event_share": event_share(event, total) if total is not None else None}


def _maybe(value: Any) -> float | None:
    """A cell's number, or None for blanks and text (a blank is "not given", unlike 0)."""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return float(value)
    return None


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()
