"""What a rep's review is pre-filled with, from the consolidated rows of the period.

Rows are the master's (choice codes, dates, numbers, with _rep_id and _period); the
customer base at the start of the period is the control workbook's customer list, the
one the period started from.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from . import activity
from .customers import STARS

Row = Mapping[str, Any]


def mine(rows: Iterable[dict[str, Any]], rep_id: str, periods: Sequence[str]) -> list[dict[str, Any]]:
    return [r for r in rows if r.get("_rep_id") == rep_id and r.get("_period") in periods]


def plan_progress(targets: Iterable[Row]) -> list[dict[str, Any]]:
    """Per indicator (higher is better): targets and actuals added over the period, the rep's reasons."""
    merged: dict[str, dict[str, Any]] = {}
    for row in targets:
        name = row.get("indicator")
        if not name or row.get("direction", "higher") != "higher" or not isinstance(row.get("must"), (int, float)):
            continue
        line = merged.setdefault(str(name), {"indicator": name, "category": row.get("category"), "target": 0.0,
                                             "actual": 0.0, "reasons": []})
        line["target"] += float(row["must"])
        line["actual"] += float(row["actual"]) if isinstance(row.get("actual"), (int, float)) else 0.0
        if row.get("reason") and row["reason"] not in line["reasons"]:
            line["reasons"].append(row["reason"])
    return [{"indicator": v["indicator"], "category": v["category"], "target": v["target"], "actual": v["actual"],
             "reason": "；".join(v["reasons"]) or None} for v in merged.values()]


def customer_base(start: Iterable[Row], end: Iterable[Row], log: Iterable[Row]) -> list[dict[str, Any]]:
    """By star: not closed / closed at the start and at the end, newly closed, lost (from the log)."""
    start_rows, end_rows = list(start), list(end)
    status_at_start = {str(r.get("name")): r.get("status") for r in start_rows}
    star_of = {str(r.get("name")): r.get("star") for r in end_rows}
    lost_names = {str(r.get("customer")) for r in activity.contacts(log) if r.get("outcome") == "lost"}
    counts: dict[int, dict[str, int]] = defaultdict(lambda: dict.fromkeys(
        ("open_start", "open_end", "closed_start", "closed_end", "new_closed", "lost"), 0))
    for row in start_rows:
        if row.get("star") in STARS and row.get("status") in ("open", "closed"):
            counts[int(row["star"])][f"{row['status']}_start"] += 1
    for row in end_rows:
        if row.get("star") in STARS and row.get("status") in ("open", "closed"):
            star = int(row["star"])
            counts[star][f"{row['status']}_end"] += 1
            if row["status"] == "closed" and status_at_start.get(str(row.get("name"))) != "closed":
                counts[star]["new_closed"] += 1
    for name in lost_names:
        lost_star = star_of.get(name)
        if lost_star in STARS:
            counts[int(lost_star)]["lost"] += 1
    return [{"star": star, **counts[star]} for star in STARS]


def chain(visits: Iterable[Row], log: Iterable[Row]) -> dict[str, Any]:
    """Plan -> action -> result: visits planned and done, contacts, closes, orders."""
    planned = [v for v in visits if v.get("customer")]
    contacts = activity.contacts(log)
    return {"planned_visits": len(planned), "done_visits": sum(1 for v in planned if v.get("done") == "yes"),
            "contacts": len(contacts), "closes": activity.closes(contacts),
            "orders_amount": activity.order_total(contacts)}


def by_method(log: Iterable[Row], methods: Sequence[str]) -> list[dict[str, Any]]:
    """Contacts and closes per contact method: which ways of working bring orders."""
    contacts = activity.contacts(log)
    return [{"method": m, "contacts": sum(1 for r in contacts if r.get("method") == m),
             "closes": sum(1 for r in contacts if r.get("method") == m and r.get("outcome") == "closed")}
            for m in methods]


def problems(log: Iterable[Row], limit: int = 6) -> list[dict[str, Any]]:
    """What stalled or was lost, in the customer's words, as the problems to discuss."""
    found = []
    for row in activity.contacts(log):
        if row.get("outcome") in ("stalled", "lost") and row.get("feedback"):
            found.append({"problem": f"{row.get('customer')}：{row.get('feedback')}", "cause": row.get("result")})
        if len(found) == limit:
            break
    return found
