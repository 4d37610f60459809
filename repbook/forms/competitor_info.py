"""竞争对手信息表: nothing to pre-fill; the demo reports what reps hear about competitors."""

from __future__ import annotations

from datetime import timedelta

from repbook.model import ControlData, Rep
from repbook.periods import Period, SplitMode

from . import Rows, SampleInput

COMPETITORS = (("华润商贸", "日化"), ("百联供应链", "食品饮料"), ("永盛批发", "五金工具"), ("金桥物流", "配送服务"))
MOVES = ("下月起对大客户降价5%", "新招两名业务员驻点本片区", "推出满10万送2万活动", "与连锁超市签独家协议")


def prefill(control: ControlData, rep: Rep, period: Period, split_mode: SplitMode) -> Rows:
    return {}


def sample(s: SampleInput) -> Rows:
    rng = s.rng
    days = (min(s.as_of, s.period.end) - s.period.start).days
    rows = []
    for _ in range(rng.randint(2, 5)):
        competitor, line = rng.choice(COMPETITORS)
        rows.append({
            "competitor": competitor, "product_line": line, "rank": rng.randint(1, 5),
            "goals": "提升本区市场占有率", "stance": rng.choice(["friendly", "neutral", "hostile"]),
            "service": "送货快, 账期长", "tactics": "低价抢单, 搭赠促销", "organisation": "片区经理1人, 业务员3人",
            "likely_moves": rng.choice(MOVES), "source": rng.choice(["customer", "peer", "observation", "media"]),
            "date": s.period.start + timedelta(days=rng.randint(0, max(0, days))), "reporter": s.rep.name,
        })
    return {"competitors": rows}
