"""`repbook rollover`: the next period starts from this one's result (延续).

Each rep's customers are carried forward with everything they typed; open action items
from the minutes and unfinished measures from the plan are carried with their dates (so
their age shows); the plan's last-month section is filled from this period's targets,
actuals and reasons; this period's actuals join the control workbook's history, which
the next split reads. A customer in two reps' archives is reported and kept once.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from repbook.commands.generate_pack import PackFile, generate_pack
from repbook.commands.review import read_master
from repbook.forms import Rows, prefill_rows
from repbook.io.control import read_control, write_control
from repbook.locale import Locale
from repbook.model import Rep
from repbook.periods import Period
from repbook.spec import FORMS


@dataclass
class Rollover:
    pack: list[PackFile]
    control: Path
    customers: int
    open_actions: int
    open_measures: int
    history_rows: int
    shared_customers: list[tuple[str, str, str]] = field(default_factory=list)  # (customer, kept with, also in)


def latest_period_code(rows: dict[str, list[dict[str, Any]]]) -> str:
    periods = sorted({str(r.get("_period")) for table in rows.values() for r in table if r.get("_period")})
    return periods[-1] if periods else ""


def carried_customers(rows: list[dict[str, Any]]) -> tuple[dict[str, list[dict[str, Any]]], list[tuple[str, str, str]]]:
    """Each customer once: with the rep who contacted it last; the other owners are reported."""
    owner: dict[str, dict[str, Any]] = {}
    shared: list[tuple[str, str, str]] = []
    for row in rows:
        name = str(row.get("name") or "").strip()
        if not name:
            continue
        current = owner.get(name)
        if current is None:
            owner[name] = row
            continue
        keep, other = (row, current) if _last(row) > _last(current) else (current, row)
        owner[name] = keep
        shared.append((name, str(keep.get("_rep_id")), str(other.get("_rep_id"))))
    by_rep: dict[str, list[dict[str, Any]]] = {}
    for row in owner.values():
        by_rep.setdefault(str(row.get("_rep_id")), []).append({k: v for k, v in row.items() if not k.startswith("_")})
    return by_rep, shared


def _last(row: dict[str, Any]) -> date:
    value = row.get("last_contact")
    return value if isinstance(value, date) else date.min


def roll_over(control_path: Path, master_path: Path, to: Period, out_dir: Path, *,
              locale: Locale | None = None, jobs: int | None = None) -> Rollover:
    control = read_control(control_path)
    master = read_master(master_path)
    current = latest_period_code(master)
    mine = lambda key, rep: [r for r in master.get(key, []) if r.get("_rep_id") == rep and r.get("_period") == current]  # noqa: E731
    customers, shared = carried_customers([r for r in master.get("customer-archive/customers", [])
                                           if r.get("_period") == current])
    history = [{"rep_id": r.get("_rep_id"), "indicator_id": r.get("indicator_id"), "period": current,
                "actual": r.get("actual")}
               for r in master.get("monthly-plan/targets", [])
               if r.get("_period") == current and r.get("indicator_id") and isinstance(r.get("actual"), (int, float))]
    next_control = replace(control, settings={**control.settings, "period": to.code},
                           history=(*control.history, *history))
    new_control = out_dir / control_path.name
    write_control(new_control, next_control, to, locale or control.locale)
    counts = {"actions": 0, "measures": 0}

    def carried(rep: Rep, form: str) -> Rows:
        rows = prefill_rows(form, next_control, rep, to, next_control.split_mode)
        if form == "customer-archive":
            rows["customers"] = customers.get(rep.rep_id, rows.get("customers", []))
        elif form == "meeting-minutes":
            rows["actions"] = [{k: v for k, v in a.items() if not k.startswith("_")}
                               for a in mine("meeting-minutes/actions", rep.rep_id) if a.get("status") != "done"]
            counts["actions"] += len(rows["actions"])
        elif form == "monthly-plan":
            rows["last_month"] = [{"indicator": t.get("indicator"), "direction": t.get("direction"), "target": t.get("must"),
                                   "actual": t.get("actual"), "reason": t.get("reason")}
                                  for t in mine("monthly-plan/targets", rep.rep_id)]
            rows["measures"] = [{k: v for k, v in m.items() if not k.startswith("_")}
                                for m in mine("monthly-plan/measures", rep.rep_id) if m.get("status") != "done"]
            counts["measures"] += len(rows["measures"])
        return rows

    pack = generate_pack(next_control, out_dir / "pack", to, locale=locale, forms=FORMS, filled=carried, jobs=jobs)
    return Rollover(pack, new_control, sum(len(v) for v in customers.values()), counts["actions"],
                    counts["measures"], len(history), shared)


