"""述职表: pre-filled from the control workbook (the rep's targets, the customer base the
period starts from); ``repbook review`` fills the rest from the consolidated master. The
demo adds what a rep and the manager type."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from repbook.core.customers import STARS
from repbook.model import ControlData, Customer, Rep
from repbook.periods import Period, SplitMode

from . import FIELDS, Rows, SampleInput

BEHIND_REASONS = ("大客户订单延后到下月", "新品铺货慢于预期", "两家客户预算冻结", "国庆假期影响到店客流")
PROBLEMS = (
    {"problem": "新客户开发进度慢", "cause": "陌拜转化低, 缺少行业名单", "support": "希望提供行业客户名单"},
    {"problem": "老客户回款拖延", "cause": "客户资金紧张, 账期谈得不清", "support": "财务协助发函催收"},
    {"problem": "竞品降价抢单", "cause": "对手在本区域降价5%", "support": "申请重点客户特价"},
)
ADJUSTMENTS = ("每周固定两个半天做新客户开发", "回款逾期客户每周电话跟进一次", "重点客户改为每两周上门一次")
NOTES = {"personality": ("性格开朗, 客户关系维护好", "做事踏实, 略显内向"),
         "motivation": ("主动性强, 经常加班跟单", "近期积极性有所下降"),
         "ability": ("产品知识熟练, 谈判收尾偏弱", "方案讲解清楚, 需加强提问技巧")}


def prefill(control: ControlData, rep: Rep, period: Period, split_mode: SplitMode) -> Rows:
    targets = control.rep_targets.get(rep.rep_id, [])
    progress = [{"indicator": t.get("name"), "category": t.get("category"), "target": t.get("must")}
                for t in targets if t.get("must") is not None and t.get("direction", "higher") == "higher"]
    return {"plan_progress": progress, "customer_base": base_at_start(control.customers_of(rep.rep_id))}


def base_at_start(customers: list[Customer]) -> list[dict[str, Any]]:
    """Customers by star and status as the period starts; the end is counted at review time."""
    return [{"star": star,
             "open_start": sum(1 for c in customers if c.star == star and c.status == "open"),
             "closed_start": sum(1 for c in customers if c.star == star and c.status == "closed")}
            for star in STARS]


def sample(s: SampleInput) -> Rows:
    rng = s.rng
    progress = []
    for target in s.rep_targets:
        if target.get("direction", "higher") != "higher" or target.get("must") is None:
            continue
        must = float(target["must"])
        actual = round(must * rng.uniform(0.5, 1.1), 2 if must < 1 else 0)
        progress.append({"indicator": target.get("name"), "category": target.get("category"), "target": must,
                         "actual": actual, "reason": rng.choice(BEHIND_REASONS) if actual < must * 0.8 else None})
    base = []
    for row in base_at_start(list(s.customers)):
        new = rng.randint(0, min(2, row["open_start"]))
        lost = rng.randint(0, 1) if row["closed_start"] else 0
        base.append({**row, "open_end": row["open_start"] - new + rng.randint(0, 2), "closed_end": row["closed_start"] + new - lost,
                     "new_closed": new, "lost": lost})
    planned = rng.randint(30, 45)
    contacts = rng.randint(80, 140)
    fields: dict[str, Any] = {
        "planned_visits": planned, "done_visits": planned - rng.randint(0, 8), "contacts": contacts,
        "closes": rng.randint(5, 20), "orders_amount": round(rng.uniform(100000, 400000), -3),
        "personality": rng.randint(2, 5), "motivation": rng.randint(2, 5), "ability": rng.randint(2, 5),
    }
    for key, notes in NOTES.items():
        fields[f"{key}_note"] = rng.choice(notes)
    by_method = []
    for method, share in (("phone", 0.3), ("wechat", 0.22), ("visit", 0.2), ("face_to_face", 0.12), ("store", 0.06),
                          ("email", 0.05), ("meeting", 0.03), ("flyer", 0.02)):
        count = round(contacts * share)
        by_method.append({"method": method, "contacts": count, "closes": round(count * rng.uniform(0.05, 0.2))})
    problems = rng.sample(PROBLEMS, 2)
    adjustments = [{"adjustment": text, "owner": s.rep.name, "deadline": s.period.end + timedelta(days=rng.choice([10, 20, 30]))} for text in rng.sample(ADJUSTMENTS, 2)]
    return {"plan_progress": progress, "customer_base": base, "by_method": by_method,
            "problems": [dict(p) for p in problems], "adjustments": adjustments, FIELDS: [fields]}
