"""随访观察记录: the manager's notes on a rep; nothing to pre-fill, the demo records a few
ride-alongs with what was seen, asked and heard."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from repbook.model import ControlData, Rep
from repbook.periods import Period, SplitMode

from . import Rows, SampleInput

SEEN = ("开场寒暄过长, 产品演示熟练", "准备了样品和报价单", "进店先看了陈列和竞品价格", "没有带客户档案")
ASKED = ("客户问到账期, 回答含糊", "问客户下季度采购计划", "客户问能否单独供货, 当场答应了")
HEARD = ("客户抱怨上次送货延误", "客户说对手给了更长账期", "客户对售后响应满意")
STRENGTHS = ("与客户关系融洽", "产品知识扎实", "倾听耐心, 记录详细")
ISSUES = ("没有确认下一步行动", "价格让步太快", "只和采购谈, 没见到决策者")
COACHING = ("练习用提问收尾, 约定下次时间", "演练价格异议处理", "一起梳理客户决策链, 约见决策者")


def prefill(control: ControlData, rep: Rep, period: Period, split_mode: SplitMode) -> Rows:
    return {}


def sample(s: SampleInput) -> Rows:
    rng = s.rng
    days = s.calendar.working_dates(s.period.start, min(s.as_of, s.period.end))
    rows: list[dict[str, Any]] = []
    if not (s.customers and days):
        return {"ride_alongs": rows}
    for day in sorted(rng.sample(days, min(len(days), rng.randint(1, 3)))):
        follow_up = day + timedelta(days=rng.choice([7, 14]))
        rows.append({
            "date": day, "customer": rng.choice(list(s.customers)).name, "mode": rng.choice(["solo", "accompanied"]),
            "seen": rng.choice(SEEN), "asked": rng.choice(ASKED), "heard": rng.choice(HEARD),
            "strengths": rng.choice(STRENGTHS), "issues": rng.choice(ISSUES), "coaching_plan": rng.choice(COACHING),
            "follow_up": follow_up, "followed_up": "yes" if follow_up < s.as_of and rng.random() < 0.6 else None,
        })
    return {"ride_alongs": rows}
