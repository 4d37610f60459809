"""客户档案表: pre-filled with the rep's customers from the control workbook; the demo updates them."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from repbook.core.customers import DEFAULT_STAR_RULES, STARS
from repbook.locale import catalogue
from repbook.model import ControlData, Customer, Rep
from repbook.periods import Period, SplitMode

from . import Rows, SampleInput

METHOD_WEIGHTS = {"phone": 30, "wechat": 25, "visit": 25, "face_to_face": 12, "email": 5, "meeting": 3}
NOTES = ("老板换人，需重新对接", "春节前备货", "要求月结60天", "对价格敏感", "新建仓库，下季度扩量",
         "采购经理是老乡，关系好", "去年有投诉，已处理")


def star_rule_rows() -> list[dict[str, Any]]:
    """The default criteria per star level (catalogue labels, shown in the workbook's locale)
    with the default churn and visit-cycle days."""
    cat = catalogue()
    return [{"star": star, "open_criteria": cat.labels[f"star_rule_open_{star}"],
             "closed_criteria": cat.labels[f"star_rule_closed_{star}"], **DEFAULT_STAR_RULES[star]}
            for star in STARS]


def prefill(control: ControlData, rep: Rep, period: Period, split_mode: SplitMode) -> Rows:
    return {"customers": [_row(c) for c in control.customers_of(rep.rep_id)], "star_rules": star_rule_rows()}


def sample(s: SampleInput) -> Rows:
    """The archive as a rep keeps it up to date: contacts this period, new next-contact dates,
    expected closes; customers not touched keep last period's dates (some now overdue)."""
    rng = s.rng
    today = min(s.as_of, s.period.end)
    span = max(0, (today - s.period.start).days)
    rows = []
    for customer in s.customers:
        row = _row(customer)
        if rng.random() < 0.7:
            last = s.period.start + timedelta(days=rng.randint(0, span))
            row["last_contact"] = last
            row["next_contact"] = last + timedelta(days=rng.choice([3, 7, 14, 21, 30]))
            row["last_method"] = rng.choices(list(METHOD_WEIGHTS), weights=list(METHOD_WEIGHTS.values()))[0]
            if row.get("first_contact") is None:
                row["first_contact"] = last
        if customer.status == "open" and rng.random() < 0.25:
            row["expected_close"] = "yes"
            row["expected_amount"] = round(rng.lognormvariate(10, 0.5), -2)
            row["close_probability"] = round(rng.uniform(0.5, 0.9), 2)
        else:
            row["expected_close"] = "no"
            if customer.status == "open" and rng.random() < 0.4:
                row["expected_amount"] = round(rng.lognormvariate(9.5, 0.6), -2)
        if rng.random() < 0.15:
            row["notes"] = rng.choice(NOTES)
        rows.append(row)
    return {"customers": rows, "star_rules": star_rule_rows()}


def _row(customer: Customer) -> dict[str, Any]:
    row = customer.row()
    row.pop("rep_id", None)
    return row
