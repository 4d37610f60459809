"""随访观察记录: the manager's notes on a rep; the demo records a few ride-alongs."""

from __future__ import annotations

from datetime import timedelta

from repbook.model import ControlData, Rep
from repbook.periods import Period, SplitMode

from . import Rows, SampleInput


def prefill(control: ControlData, rep: Rep, period: Period, split_mode: SplitMode) -> Rows:
    return {}


def sample(s: SampleInput) -> Rows:
    rng = s.rng
    days = s.calendar.working_dates(s.period.start, min(s.as_of, s.period.end))
    rows = []
    for day in sorted(rng.sample(days, min(len(days), rng.randint(1, 3)))) if s.customers else []:
        rows.append({
            "date": day, "customer": rng.choice(list(s.customers)).name, "mode": rng.choice(["solo", "accompanied"]),
            "seen": "开场寒暄过长, 产品演示熟练", "asked": "客户问到账期, 回答含糊", "heard": "客户抱怨上次送货延误",
            "strengths": "与客户关系融洽", "issues": "没有确认下一步行动", "coaching_plan": "练习用提问收尾, 约定下次时间",
            "follow_up": day + timedelta(days=rng.choice([7, 14])),
        })
    return {"ride_alongs": rows}
