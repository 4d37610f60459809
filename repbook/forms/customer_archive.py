"""客户档案表: pre-filled with the rep's customers from the control workbook; the demo updates them."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from repbook.locale import catalogue
from repbook.model import ControlData, Customer, Rep
from repbook.periods import Period, SplitMode
from repbook.settings import STAR_RULES

from . import Rows, SampleInput


def star_rule_rows() -> list[dict[str, Any]]:
    """The default criteria per star level, in every locale's words via the catalogue."""
    cat = catalogue()
    return [{"star": star, "open_criteria": cat.labels[f"star_rule_open_{star}"],
             "closed_criteria": cat.labels[f"star_rule_closed_{star}"], **STAR_RULES[star]}
            for star in sorted(STAR_RULES, reverse=True)]


def prefill(control: ControlData, rep: Rep, period: Period, split_mode: SplitMode) -> Rows:
    return {"customers": [_row(c) for c in control.customers_of(rep.rep_id)], "star_rules": star_rule_rows()}


def sample(s: SampleInput) -> Rows:
    rng = s.rng
    rows = []
    for customer in s.customers:
        row = _row(customer)
        if rng.random() < 0.7:
            last = s.period.start + timedelta(days=rng.randint(0, max(0, (s.as_of - s.period.start).days)))
            row["last_contact"] = last
            row["next_contact"] = last + timedelta(days=rng.choice([3, 7, 14, 21, 30]))
            row["last_method"] = rng.choice(["phone", "visit", "wechat", "face_to_face"])
        if customer.status == "open" and rng.random() < 0.25:
            row["expected_close"] = "yes"
            row["expected_amount"] = round(rng.lognormvariate(10, 0.5), -2)
        else:
            row["expected_close"] = "no"
        rows.append(row)
    return {"customers": rows, "star_rules": star_rule_rows()}


def _row(customer: Customer) -> dict[str, Any]:
    row = customer.row()
    row.pop("rep_id", None)
    return row
