"""周工作计划: the month's weeks are laid out by the generator; the demo plans and reports visits."""

from __future__ import annotations

from datetime import time

from repbook.model import ControlData, Rep
from repbook.periods import Period, SplitMode, week_parts

from . import Rows, SampleInput

VISITS_PER_WEEK = 8


def prefill(control: ControlData, rep: Rep, period: Period, split_mode: SplitMode) -> Rows:
    return {}


def sample(s: SampleInput) -> Rows:
    rng = s.rng
    visits = []
    weeks = []
    for week in week_parts(s.period):
        days = s.calendar.working_dates(week.start, week.end)
        weeks.append({"week": week.code, "target_visits": VISITS_PER_WEEK if days else 0,
                      "target_amount": 60000 if days else 0})
        if not days or not s.customers:
            continue
        for _ in range(min(len(days) * 2, rng.randint(6, 10))):
            day = rng.choice(days)
            customer = rng.choice(list(s.customers))
            past = day <= s.as_of
            done = past and rng.random() < 0.8
            visits.append({
                "week": week.code, "date": day, "time": time(rng.choice([9, 10, 14, 15, 16]), rng.choice([0, 30])),
                "customer": customer.name, "route": customer.area, "purpose": rng.choice(["develop", "service", "order", "collect"]),
                "plan": "介绍新品并确认下月需求", "expected_result": "拿到试用订单",
                "done": ("yes" if done else "no") if past else None,
                "actual_result": "客户同意试用" if done else None,
                "reason": rng.choice(["客户临时外出", "与客诉处理时间冲突"]) if past and not done else None,
            })
        if week.end <= s.as_of:
            weeks[-1]["actual_amount"] = round(rng.uniform(30000, 80000), -3)
    visits.sort(key=lambda v: (v["date"], v["time"]))
    return {"visits": visits, "weeks": weeks}


