"""工作日志: nothing to pre-fill but the drop-downs; the demo logs a month of contacts."""

from __future__ import annotations

from datetime import timedelta

from repbook.model import ControlData, Rep
from repbook.periods import Period, SplitMode

from . import Rows, SampleInput

METHOD_WEIGHTS = {"phone": 30, "wechat": 22, "visit": 20, "face_to_face": 12,
                  "store": 6, "email": 5, "meeting": 3, "flyer": 2}
OUTCOME_WEIGHTS = {"progress": 52, "stalled": 30, "closed": 13, "lost": 5}
RESULTS = ("介绍新品方案, 客户有兴趣", "确认下月订货量", "催收上月货款", "处理包装破损投诉",
           "了解竞品促销政策", "约定下周带样品上门", "客户采购负责人出差, 改约", "报价已发, 等待回复")
FEEDBACK = ("价格偏高", "希望缩短交货期", "对服务满意", "", "", "要求增加账期")
COMPETITOR = ("", "", "", "对手降价5%", "对手新上业务员驻点", "对手推出满赠活动")


def prefill(control: ControlData, rep: Rep, period: Period, split_mode: SplitMode) -> Rows:
    return {}


def sample(s: SampleInput) -> Rows:
    rng = s.rng
    log: list[dict[str, object]] = []
    if not s.customers:
        return {"log": log, "daily": []}
    busy = 0.6 + 0.1 * (s.rep.ability or 3)
    daily: list[dict[str, object]] = []
    for day in s.calendar.working_dates(s.period.start, min(s.as_of, s.period.end)):
        if rng.random() < 0.05:
            daily.append({"date": day, "attendance": rng.choice(["leave", "trip"])})
            continue
        daily.append({"date": day, "attendance": "present",
                      "reflections": rng.choice(["", "", "客户更关心交期, 明天先确认库存", "电话约访成功率偏低, 改为微信预约"])})
        for _ in range(max(1, round(rng.gauss(5 * busy, 1.5)))):
            customer = rng.choice(list(s.customers))
            method = rng.choices(list(METHOD_WEIGHTS), weights=list(METHOD_WEIGHTS.values()))[0]
            outcome = rng.choices(list(OUTCOME_WEIGHTS), weights=list(OUTCOME_WEIGHTS.values()))[0]
            amount = round(rng.lognormvariate(9.2, 0.6), -2) if outcome == "closed" else None
            log.append({
                "date": day,
                "customer": customer.name,
                "contact_person": customer.contact_name,
                "method": method,
                "purpose": rng.choice(["develop", "service", "order", "collect", "research"]),
                "result": rng.choice(RESULTS),
                "outcome": outcome,
                "order_amount": amount,
                "collected_amount": round(amount * rng.uniform(0.3, 1.0), -2) if amount and rng.random() < 0.5 else None,
                "next_contact": day + timedelta(days=rng.choice([2, 3, 5, 7, 10, 14])) if outcome != "lost" else None,
                "competitor_info": rng.choice(COMPETITOR),
                "feedback": rng.choice(FEEDBACK),
            })
    return {"log": log, "daily": daily}
