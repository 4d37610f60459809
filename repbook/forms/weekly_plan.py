"""周工作计划: the month's weeks with their targets pre-filled; the demo plans and reports visits.

The weeks drop-down of 周次 is the dynamic option list ``weeks`` (the month's ISO week
codes); the context builder (repbook/commands/context.py) supplies it.
"""

from __future__ import annotations

from datetime import time
from typing import Any

from repbook.core.plans import as_number, rounding_unit_for, split_by_working_days, visits_due_in_period
from repbook.model import ControlData, Rep
from repbook.periods import Period, SplitMode, week_parts
from repbook.workdays import WorkdayCalendar, build_calendar

from . import Rows, SampleInput

DEFAULT_UNIT = 1000.0


def main_financial_target(targets: list[dict[str, Any]]) -> float | None:
    """The must of the rep's first higher-is-better financial indicator (销售额 as a rule)."""
    for t in targets:
        if t.get("category") == "financial" and (t.get("direction") or "higher") == "higher" and _number(t.get("must")):
            return float(t["must"])
    return None


def week_rows(period: Period, calendar: WorkdayCalendar, amount: float | None, visits: int | None,
              unit: float) -> list[dict[str, Any]]:
    """Per ISO week of the month: the target amount and visits split by the week's working days."""
    weeks = week_parts(period)
    days = [calendar.working_days(w.start, w.end) for w in weeks]
    amounts = split_by_working_days(amount, days, rounding_unit_for(amount, unit)) if amount else None
    counts = split_by_working_days(float(visits), days, 1.0) if visits else None
    rows = []
    for index, week in enumerate(weeks):
        row: dict[str, Any] = {"week": week.code}
        if amounts is not None:
            row["target_amount"] = amounts[index]
        if counts is not None:
            row["target_visits"] = int(counts[index])
        rows.append(row)
    return rows


def prefill(control: ControlData, rep: Rep, period: Period, split_mode: SplitMode) -> Rows:
    """Weekly targets: the main financial target and the visits the rep's customers need by
    their star's visit cycle, both split over the weeks by working days."""
    calendar = build_calendar(period.start, period.end, control.manager_days)
    amount = main_financial_target(control.rep_targets.get(rep.rep_id, []))
    days = (period.end - period.start).days + 1
    visits = visits_due_in_period([c.star for c in control.customers_of(rep.rep_id)], control.visit_cycles, days)
    if not amount and not visits:
        return {}
    unit = as_number(control.settings.get("rounding_unit")) or DEFAULT_UNIT
    return {"weeks": week_rows(period, calendar, amount, visits, unit)}


PLANS = ("介绍新品并确认下月需求", "带报价单上门，约采购负责人", "回访上次投诉处理结果", "对账并确认回款时间",
         "了解竞品近期促销", "陪同技术人员做现场演示")
EXPECTED = ("拿到试用订单", "确认订货量", "客户认可处理方案", "本周内回款", "摸清竞品价格", "进入方案评审")
RESULTS = ("客户同意试用", "下单两箱样品", "客户满意，答应续约", "已回款一半", "拿到竞品报价单", "约定下周再谈")
REASONS = ("客户临时外出", "与客诉处理时间冲突", "临时参加公司会议", "客户改约到下周")


def sample(s: SampleInput) -> Rows:
    rng = s.rng
    visits: list[dict[str, Any]] = []
    weeks: list[dict[str, Any]] = []
    amount = main_financial_target([dict(t) for t in s.rep_targets]) or 260000.0
    targets = week_rows(s.period, s.calendar, amount, None, DEFAULT_UNIT)
    for week, target in zip(week_parts(s.period), targets, strict=True):
        days = s.calendar.working_dates(week.start, week.end)
        weeks.append({**target, "target_visits": min(10, 2 * len(days))})
        if week.end <= s.as_of and days:
            weeks[-1]["actual_amount"] = float(round(float(target.get("target_amount") or 0) * rng.uniform(0.6, 1.3), -3))
        if not days or not s.customers:
            continue
        for _ in range(min(len(days) * 2, rng.randint(6, 10))):
            day = rng.choice(days)
            customer = rng.choice(list(s.customers))
            past = day <= s.as_of
            done = past and rng.random() < 0.8
            pick = rng.randrange(len(PLANS))
            visits.append({
                "week": week.code, "date": day, "time": time(rng.choice([9, 10, 14, 15, 16]), rng.choice([0, 30])),
                "customer": customer.name, "route": customer.area,
                "purpose": rng.choice(["develop", "service", "order", "collect", "research", "complaint"]),
                "plan": PLANS[pick], "expected_result": EXPECTED[pick],
                "done": ("yes" if done else "no") if past else None,
                "actual_result": RESULTS[pick] if done else None,
                "reason": rng.choice(REASONS) if past and not done else None,
            })
    visits.sort(key=lambda v: (v["date"], v["time"]))
    return {"visits": visits, "weeks": weeks}


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
