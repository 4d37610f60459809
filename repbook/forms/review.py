"""述职表: pre-filled from the control workbook's targets; the demo adds the rep's words."""

from __future__ import annotations

from repbook.core.customers import STARS
from repbook.model import ControlData, Rep
from repbook.periods import Period, SplitMode

from . import FIELDS, Rows, SampleInput


def prefill(control: ControlData, rep: Rep, period: Period, split_mode: SplitMode) -> Rows:
    targets = control.rep_targets.get(rep.rep_id, [])
    progress = [{"indicator": t.get("name"), "category": t.get("category"), "target": t.get("must")}
                for t in targets if t.get("must") is not None and t.get("direction", "higher") == "higher"]
    return {"plan_progress": progress}


def sample(s: SampleInput) -> Rows:
    rng = s.rng
    progress = []
    for target in s.rep_targets:
        if target.get("direction", "higher") != "higher" or target.get("must") is None:
            continue
        must = float(target["must"])
        actual = round(must * rng.uniform(0.5, 1.1), 2 if must < 1 else 0)
        progress.append({"indicator": target.get("name"), "category": target.get("category"), "target": must,
                         "actual": actual, "reason": "大客户订单延后" if actual < must * 0.8 else None})
    base = []
    for star in STARS:
        opened = sum(1 for c in s.customers if c.star == star and c.status == "open")
        closed = sum(1 for c in s.customers if c.star == star and c.status == "closed")
        new = rng.randint(0, min(2, opened))
        base.append({"star": star, "open_start": opened, "open_end": opened - new, "closed_start": closed,
                     "closed_end": closed + new, "new_closed": new, "lost": 0})
    planned = rng.randint(30, 45)
    contacts = rng.randint(80, 140)
    fields = {"planned_visits": planned, "done_visits": planned - rng.randint(0, 8), "contacts": contacts,
              "closes": rng.randint(5, 20), "orders_amount": round(rng.uniform(100000, 400000), -3),
              "personality": rng.randint(2, 5), "motivation": rng.randint(2, 5), "ability": rng.randint(2, 5)}
    by_method = []
    for method, share in (("phone", 0.3), ("wechat", 0.22), ("visit", 0.2), ("face_to_face", 0.12), ("store", 0.06),
                          ("email", 0.05), ("meeting", 0.03), ("flyer", 0.02)):
        count = round(contacts * share)
        by_method.append({"method": method, "contacts": count, "closes": round(count * rng.uniform(0.05, 0.2))})
    return {"plan_progress": progress, "customer_base": base, "by_method": by_method,
            "problems": [{"problem": "新客户开发进度慢", "cause": "陌拜转化低", "support": "希望提供行业客户名单"}],
            "adjustments": [{"adjustment": "每周固定两个半天做新客户开发", "owner": s.rep.name}],
            FIELDS: [fields]}
