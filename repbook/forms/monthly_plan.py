"""月度工作计划表: targets from the control workbook split by working days; the demo adds actuals."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any

from repbook.core.plans import rounding_unit_for, split_by_working_days
from repbook.model import ControlData, Rep
from repbook.periods import Period, SplitMode, month_period, time_parts
from repbook.workdays import WorkdayCalendar, build_calendar

from . import Rows, SampleInput


def target_rows(targets: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [{"indicator_id": t.get("indicator_id"), "category": t.get("category"), "indicator": t.get("name"),
             "unit": t.get("unit"), "direction": t.get("direction") or "higher", "must": t.get("must"),
             "challenge_rate": t.get("challenge_rate")} for t in targets if t.get("must") is not None]


def split_rows(targets: Sequence[Mapping[str, Any]], period: Period, calendar: WorkdayCalendar,
               split_mode: SplitMode, unit: float) -> list[dict[str, Any]]:
    parts = time_parts(period, split_mode)
    days = [calendar.working_days(p.start, p.end) for p in parts]
    rows: list[dict[str, Any]] = []
    for target in targets:
        must = target.get("must")
        if not isinstance(must, (int, float)):
            continue
        amounts = split_by_working_days(float(must), days, rounding_unit_for(float(must), unit))
        rows.extend({"indicator": target.get("name") or target.get("indicator"), "part": part.code,
                     "start": part.start, "end": part.end, "target": amount}
                    for part, amount in zip(parts, amounts, strict=True))
    return rows


def last_month_rows(control: ControlData, rep: Rep, period: Period) -> list[dict[str, Any]]:
    before = period.start - timedelta(days=1)
    previous = month_period(before.year, before.month).code
    names = {i.indicator_id: i.name for i in control.indicators}
    return [{"indicator": names.get(str(h.get("indicator_id")), h.get("indicator_id")), "actual": h.get("actual")}
            for h in control.history if h.get("rep_id") == rep.rep_id and h.get("period") == previous]


def prefill(control: ControlData, rep: Rep, period: Period, split_mode: SplitMode) -> Rows:
    targets = control.rep_targets.get(rep.rep_id, [])
    calendar = build_calendar(period.start, period.end, control.manager_days)
    unit = float(control.settings.get("rounding_unit") or 1)
    return {"targets": target_rows(targets), "time_split": split_rows(targets, period, calendar, split_mode, unit),
            "last_month": last_month_rows(control, rep, period)}


def sample(s: SampleInput) -> Rows:
    rng = s.rng
    progress = s.calendar.working_days(s.period.start, s.as_of) / max(1, s.calendar.working_days(s.period.start, s.period.end))
    targets = [dict(t) for t in s.rep_targets]
    rows = target_rows(targets)
    for row in rows:
        pace = rng.uniform(0.6, 1.25) * progress
        actual = float(row["must"]) * pace
        row["actual"] = round(actual, 2) if float(row["must"]) < 1 else round(actual)
        if (row["direction"] == "lower" and pace > progress) or (row["direction"] != "lower" and pace < progress):
            row["reason"] = rng.choice(["重点客户订单推迟到下月", "新品到货晚, 铺货进度慢", "竞品降价抢单", "两位大客户回款拖延"])
    split = split_rows(targets, s.period, s.calendar, s.split_mode, 1000)
    for part in split:
        if part["end"] <= s.as_of:
            part["actual"] = round(float(part["target"]) * rng.uniform(0.7, 1.2), 2 if part["target"] < 1 else 0)
    customers = [c for c in s.customers if c.status == "open"][:5]
    key_customers = [{"customer": c.name, "star": c.star, "stage": rng.choice(["needs", "proposal", "negotiation"]),
                      "goal": "本月签单", "measures": "带样品上门, 约采购负责人面谈",
                      "expected_amount": round(rng.lognormvariate(10.5, 0.4), -3),
                      "expected_date": s.period.start + timedelta(days=rng.randint(5, (s.period.end - s.period.start).days))}
                     for c in customers]
    measures = [{"measure": "每周三集中拜访重点客户", "owner": s.rep.name, "deadline": s.period.end, "status": "doing"},
                {"measure": "逾期应收款逐户电话催收", "owner": s.rep.name, "deadline": s.period.end, "status": "open"}]
    return {"targets": rows, "time_split": split, "key_customers": key_customers, "measures": measures,
            "last_month": []}
