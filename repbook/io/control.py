"""The manager's control workbook: written from ControlData, read back into it."""

from __future__ import annotations

from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from repbook.core.discipline import DueRule
from repbook.errors import InputFileError
from repbook.generators.context import FormContext, RepInfo
from repbook.generators.furniture import calendar_table
from repbook.generators.workbook import build_workbook
from repbook.io.workbook_reader import RepbookWorkbook
from repbook.locale import Locale, catalogue
from repbook.model import ControlData, Customer, Indicator, Rep
from repbook.periods import Period, parse_period
from repbook.settings import DEFAULT_SETTINGS
from repbook.spec import CONTROL, FORMS, load_spec
from repbook.workdays import CalendarDay, WorkdayCalendar, build_calendar

CONTROL_YEARS_AHEAD = 1


def control_calendar(period: Period, manager_days: tuple[CalendarDay, ...] = ()) -> WorkdayCalendar:
    """This year and the next: the span a control workbook's calendar sheet covers."""
    start = date(period.start.year, 1, 1)
    end = date(period.start.year + CONTROL_YEARS_AHEAD, 12, 31)
    return build_calendar(start, end, manager_days)


def write_control(path: Path, control: ControlData, period: Period, locale: Locale) -> WorkdayCalendar:
    """Write ``control`` as a control workbook; returns the calendar it carries."""
    calendar = control_calendar(period, control.manager_days)
    settings = {**DEFAULT_SETTINGS, **control.settings, "period": period.code, "locale": locale}
    rows = {
        "roster": [_rep_row(r) for r in control.reps],
        "indicators": [dict(i.__dict__) for i in control.indicators],
        "rep_targets": [t for targets in control.rep_targets.values() for t in targets],
        "history": list(control.history),
        "customers": [c.row() for c in control.customers],
        "reporting_rules": [{"form": r.form, "anchor": r.anchor, "working_day": r.working_day, "at": r.at}
                            for r in control.reporting_rules],
        "visit_cycles": [{"star": star, "visit_cycle_days": days} for star, days in control.visit_cycles.items()],
    }
    ctx = FormContext(
        spec=load_spec(CONTROL), period=period, calendar=calendar, locale=locale,
        rep=RepInfo("", str(settings.get("manager_name") or ""), str(settings.get("region") or "")),
        rows=rows, defaults=settings,
    )
    build_workbook(ctx, path)
    return calendar


def read_control(path: Path) -> ControlData:
    """Read a control workbook; problems name the file, sheet and what to fix."""
    if not path.exists():
        raise InputFileError("does not exist.", file=str(path),
                             hint="Create one with: repbook init CONTROL.xlsx")
    book = RepbookWorkbook(path)
    if book.form != CONTROL:
        raise InputFileError(f"is not a control workbook (form: {book.form or 'none'}).", file=str(path),
                             hint="Pass the workbook made by `repbook init`.")
    spec = load_spec(CONTROL)
    cat = catalogue()
    settings: dict[str, Any] = dict(DEFAULT_SETTINGS)
    for spec_field in spec.fields():
        if spec_field.defined_name not in book.book.defined_names:
            continue  # a control workbook made before this setting existed: the default stands
        value = book.named_value(spec_field.defined_name)
        if value in (None, ""):
            continue
        if spec_field.choices and isinstance(value, str):
            value = cat.choice_code(spec_field.choices, value) or value
        settings[spec_field.id] = value.date() if isinstance(value, datetime) else value
    roster_rows = book.table_rows(spec.table("roster"), coded=True)
    reps = tuple(_rep(row, path) for row in roster_rows)
    _check_unique_ids(reps, path, spec.sheets[1].name(book.locale))
    customers = tuple(_customer(row) for row in book.table_rows(spec.table("customers"), coded=True))
    indicators = tuple(_indicator(row, settings) for row in book.table_rows(spec.table("indicators"), coded=True))
    rep_targets: dict[str, list[dict[str, Any]]] = {}
    by_id = {i.indicator_id: i for i in indicators}
    for row in book.table_rows(spec.table("rep_targets"), coded=True):
        indicator = by_id.get(str(row.get("indicator_id")))
        if indicator is not None:
            rep_targets.setdefault(str(row["rep_id"]), []).append(
                {**indicator.__dict__, "must": row.get("must"), "declared": row.get("declared"),
                 "floor": row.get("floor"), "cap": row.get("cap")})
    history = tuple(book.table_rows(spec.table("history"), coded=True))
    rules = tuple(_rule(row) for row in book.table_rows(spec.table("reporting_rules"), coded=True) if _rule(row))
    cycles = {int(r["star"]): int(r["visit_cycle_days"]) for r in book.table_rows(spec.table("visit_cycles"), coded=True)
              if isinstance(r.get("star"), (int, float)) and isinstance(r.get("visit_cycle_days"), (int, float))}
    extra: dict[str, Any] = {}
    if rules:
        extra["reporting_rules"] = rules
    if cycles:
        extra["visit_cycles"] = cycles
    return ControlData(settings=settings, reps=reps, customers=customers, indicators=indicators,
                       history=history, manager_days=_manager_days(book), rep_targets=rep_targets, **extra)


def _rule(row: dict[str, Any]) -> DueRule | None:
    """A reporting rule typed on the control workbook; an incomplete row is not a rule."""
    at = row.get("at")
    if isinstance(at, datetime):
        at = at.time()
    if isinstance(at, float):  # a time typed as a fraction of a day
        minutes = round(at * 24 * 60)
        at = time(minutes // 60 % 24, minutes % 60)
    if row.get("form") not in FORMS or row.get("anchor") not in ("period_start", "period_end") \
            or not isinstance(row.get("working_day"), (int, float)) or not isinstance(at, time):
        return None
    return DueRule(str(row["form"]), row["anchor"], int(row["working_day"]), at)


def control_period(control: ControlData, path: Path) -> Period:
    code = str(control.settings.get("period") or "")
    if not code:
        raise InputFileError("has no period on its settings sheet.", file=str(path),
                             hint="Type the period (e.g. 2026-12) or pass --period.")
    return parse_period(code)


def _manager_days(book: RepbookWorkbook) -> tuple[CalendarDay, ...]:
    """Days whose flag or kind differ from the automatic fill are the manager's, and stay."""
    rows = book.table_rows(calendar_table(), coded=True)
    days = [r["date"].date() for r in rows if isinstance(r.get("date"), datetime)]
    if not days:
        return ()
    auto = build_calendar(min(days), max(days))
    kept: list[CalendarDay] = []
    for row in rows:
        if not isinstance(row.get("date"), datetime):
            continue
        day = row["date"].date()
        flag = row.get("workday")
        is_workday = bool(flag) if flag in (0, 1) else auto.is_workday(day)
        kind = row.get("kind") if row.get("kind") in ("workday", "weekend", "holiday", "makeup") else None
        if kind is None or (kind in ("workday", "makeup")) != is_workday:
            kind = ("makeup" if day.weekday() >= 5 else "workday") if is_workday else (
                "weekend" if day.weekday() >= 5 else "holiday")
        typed = row.get("source") == "manager" or is_workday != auto.is_workday(day) or kind != auto.days[day].kind
        if typed:
            kept.append(CalendarDay(day, kind, "manager", str(row.get("note") or "")))  # type: ignore[arg-type]
    return tuple(kept)


def _rep_row(rep: Rep) -> dict[str, Any]:
    return {"rep_id": rep.rep_id, "name": rep.name, "email": rep.email, "region": rep.region,
            "ability": rep.ability, "hire_date": rep.hire_date, "active": "yes" if rep.active else "no"}


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _rep(row: dict[str, Any], path: Path) -> Rep:
    hire = row.get("hire_date")
    ability = row.get("ability")
    return Rep(
        rep_id=_text(row.get("rep_id")), name=_text(row.get("name")), email=_text(row.get("email")),
        region=_text(row.get("region")), ability=int(ability) if isinstance(ability, (int, float)) else None,
        hire_date=hire.date() if isinstance(hire, datetime) else None, active=row.get("active") != "no",
    )


def _check_unique_ids(reps: tuple[Rep, ...], path: Path, sheet: str) -> None:
    seen: set[str] = set()
    for rep in reps:
        if not rep.rep_id:
            raise InputFileError(f"a roster row for '{rep.name}' has no rep ID.", file=str(path), sheet=sheet,
                                 hint="Give every rep a unique ID.")
        if rep.rep_id in seen:
            raise InputFileError(f"rep ID '{rep.rep_id}' appears twice.", file=str(path), sheet=sheet,
                                 hint="Rep IDs must be unique.")
        seen.add(rep.rep_id)


def _customer(row: dict[str, Any]) -> Customer:
    fields = Customer.__dataclass_fields__
    values: dict[str, Any] = {k: (v.date() if isinstance(v, datetime) else v) for k, v in row.items() if k in fields}
    for key in ("customer_id", "name", "rep_id"):
        values[key] = _text(values.get(key))
    if isinstance(values.get("star"), float):
        values["star"] = int(values["star"])
    return Customer(**{k: v for k, v in values.items() if v is not None})


def _indicator(row: dict[str, Any], settings: dict[str, Any]) -> Indicator:
    """A blank stretch or challenge rate on an indicator means the settings' one (as the formulas read it)."""
    return Indicator(
        indicator_id=_text(row.get("indicator_id")), category=_text(row.get("category")),
        name=_text(row.get("name")), unit=_text(row.get("unit")), direction=_text(row.get("direction")) or "higher",
        superior_target=row.get("superior_target"), stretch=float(_or(row.get("stretch"), settings.get("stretch"), 1.0)),
        challenge_rate=float(_or(row.get("challenge_rate"), settings.get("challenge_rate"), 0.0)),
    )


def _or(*values: Any) -> Any:
    """The first value that is a number (a blank cell is None or '')."""
    return next(v for v in values if isinstance(v, (int, float)) and not isinstance(v, bool))
