"""The manager's report to the superior: the numbers, from the master's rows for one period."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from . import activity
from .plans import is_behind

Row = Mapping[str, Any]
FAR_BEHIND = 0.2  # 20 points below time progress is an exception worth naming


@dataclass
class Report:
    period: str
    time_progress: float
    targets: list[dict[str, Any]] = field(default_factory=list)  # indicator, must, actual, completion, behind
    new_customers: int = 0
    new_closes: int = 0
    overdue_follow_ups: int = 0
    churn_risks: int = 0
    collections: float = 0.0
    orders: float = 0.0
    contacts: int = 0
    closes: int = 0
    competitor_moves: list[dict[str, Any]] = field(default_factory=list)
    exceptions: list[str] = field(default_factory=list)
    next_plan: list[dict[str, Any]] = field(default_factory=list)

    @property
    def orders_per_contact(self) -> float:
        return self.orders / self.contacts if self.contacts else 0.0

    @property
    def close_rate(self) -> float:
        return self.closes / self.contacts if self.contacts else 0.0


def team_targets(rows: Iterable[Row], time_progress: float) -> list[dict[str, Any]]:
    """Team totals per indicator; a rate (unit %) is averaged over the reps, not added up."""
    merged: dict[str, dict[str, Any]] = {}
    for row in rows:
        name = row.get("indicator")
        if not name or not isinstance(row.get("must"), (int, float)):
            continue
        line = merged.setdefault(str(name), {"indicator": name, "direction": row.get("direction") or "higher",
                                             "unit": row.get("unit") or "", "must": 0.0, "actual": 0.0, "reps": 0})
        line["must"] += float(row["must"])
        line["actual"] += float(row["actual"]) if isinstance(row.get("actual"), (int, float)) else 0.0
        line["reps"] += 1
    for line in merged.values():
        if "%" in str(line["unit"]) and line["reps"]:
            line["must"] /= line["reps"]
            line["actual"] /= line["reps"]
        line["completion"] = line["actual"] / line["must"] if line["must"] else 0.0
        line["behind"] = bool(is_behind(line["completion"], time_progress, line["direction"]))
    return list(merged.values())


def build_report(period: str, rows: dict[str, list[dict[str, Any]]], time_progress: float, as_of: date,
                 start: date, end: date, rep_names: Mapping[str, str]) -> Report:
    def of(key: str) -> list[dict[str, Any]]:
        return [r for r in rows.get(key, []) if r.get("_period") == period]

    log = [r for r in activity.contacts(of("work-log/log")) if start <= activity.as_date(r["date"]) <= end]  # type: ignore[operator]
    archive = of("customer-archive/customers")
    report = Report(period, time_progress, team_targets(of("monthly-plan/targets"), time_progress))
    report.contacts = len(log)
    report.closes = activity.closes(log)
    report.orders = activity.order_total(log)
    report.collections = activity.collected_total(log)
    report.new_customers = sum(1 for r in archive if isinstance(r.get("first_contact"), date)
                               and start <= r["first_contact"] <= end)
    report.new_closes = len({r.get("customer") for r in log if r.get("outcome") == "closed"})
    from .customers import is_churn_risk, is_overdue

    report.overdue_follow_ups = sum(1 for r in archive if is_overdue(r, as_of))
    report.churn_risks = sum(1 for r in archive if is_churn_risk(r, as_of))
    report.competitor_moves = [{"competitor": r.get("competitor"), "move": r.get("likely_moves"),
                                "rep": rep_names.get(str(r.get("_rep_id")), r.get("_rep_id"))}
                               for r in of("competitor-info/competitors") if r.get("likely_moves")][:10]
    by_rep: dict[str, list[float]] = {}
    for row in of("monthly-plan/targets"):
        if row.get("direction", "higher") == "higher" and isinstance(row.get("must"), (int, float)) and row["must"]:
            actual = float(row["actual"]) if isinstance(row.get("actual"), (int, float)) else 0.0
            by_rep.setdefault(str(row.get("_rep_id")), []).append(actual / float(row["must"]))
    for rep, completions in sorted(by_rep.items()):
        average = sum(completions) / len(completions)
        if average < time_progress - FAR_BEHIND:
            report.exceptions.append(f"{rep_names.get(rep, rep)}: {average:.0%} / {time_progress:.0%}")
    report.next_plan = [{"rep": rep_names.get(str(r.get("_rep_id")), r.get("_rep_id")), "date": r.get("date"),
                         "customer": r.get("customer"), "purpose": r.get("purpose")}
                        for r in of("weekly-plan/visits") if isinstance(r.get("date"), date) and r["date"] > as_of][:20]
    return report
