"""竞争对手信息表: nothing to pre-fill; the demo reports what reps hear about competitors."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from repbook.model import ControlData, Rep
from repbook.periods import Period, SplitMode

from . import Rows, SampleInput

# What a rep knows about each competitor in the region: name, product line, profile.
COMPETITORS: tuple[dict[str, Any], ...] = (
    {"competitor": "华润商贸", "product_line": "日化", "rank": 1, "goals": "守住本区第一，扩大商超份额",
     "service": "送货快，账期长", "tactics": "返点加陈列费", "organisation": "片区经理1人，业务员5人"},
    {"competitor": "百联供应链", "product_line": "食品饮料", "rank": 2, "goals": "今年进入县级市场",
     "service": "一件代发，小单也送", "tactics": "低价抢单，搭赠促销", "organisation": "办事处3人，外包配送"},
    {"competitor": "永盛批发", "product_line": "五金工具", "rank": 3, "goals": "抢工程客户",
     "service": "现货多，价格灵活", "tactics": "老板亲自跑大客户", "organisation": "夫妻店加2名业务员"},
    {"competitor": "金桥物流", "product_line": "配送服务", "rank": 4, "goals": "绑定大客户做仓配一体",
     "service": "24小时到货", "tactics": "免费仓储三个月", "organisation": "新设分公司，经理从我司跳槽"},
)
MOVES = ("下月起对大客户降价5%", "新招两名业务员驻点本片区", "推出满10万送2万活动", "与连锁超市签独家协议",
         "在客户附近租了前置仓", "挖走我方一名司机，打听客户名单")
STANCES = {"friendly": 2, "neutral": 5, "hostile": 3}
SOURCES = {"customer": 5, "peer": 2, "observation": 3, "media": 1, "other": 1}


def prefill(control: ControlData, rep: Rep, period: Period, split_mode: SplitMode) -> Rows:
    return {}


def sample(s: SampleInput) -> Rows:
    rng = s.rng
    days = max(0, (min(s.as_of, s.period.end) - s.period.start).days)
    rows = []
    for _ in range(rng.randint(2, 6)):
        profile = rng.choice(COMPETITORS)
        rows.append({
            **profile,
            "stance": rng.choices(list(STANCES), weights=list(STANCES.values()))[0],
            "likely_moves": rng.choice(MOVES),
            "source": rng.choices(list(SOURCES), weights=list(SOURCES.values()))[0],
            "date": s.period.start + timedelta(days=rng.randint(0, days)),
            "reporter": s.rep.name,
        })
    rows.sort(key=lambda r: r["date"])
    return {"competitors": rows}
