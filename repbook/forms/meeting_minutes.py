"""例会记录: nothing to pre-fill (rollover carries last month's open action items); the demo
holds the month's meetings and the action items they raise."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from repbook.model import ControlData, Rep
from repbook.periods import Period, SplitMode

from . import Rows, SampleInput

TOPICS = {"market": "本周市场价格波动", "competitor": "华润商贸降价应对", "sales_problem": "大客户回款慢",
          "training": "新品卖点培训", "pricing": "特价审批流程", "selling_points": "新品与竞品对比话术",
          "internal": "费用报销新规定"}
DECISIONS = ("各人本周内落实", "重点客户由经理陪同拜访", "特价申请统一周三提交", "下周例会复盘进展")
MINUTES = {"morning": 15, "evening": 20, "weekly": 60, "monthly": 120}


def prefill(control: ControlData, rep: Rep, period: Period, split_mode: SplitMode) -> Rows:
    return {}


def sample(s: SampleInput) -> Rows:
    rng = s.rng
    names = [r.name for r in s.team] or [s.rep.name]
    meetings: list[dict[str, Any]] = []
    actions: list[dict[str, Any]] = []
    days = s.calendar.working_dates(s.period.start, min(s.as_of, s.period.end))
    for index, day in enumerate(days):
        kinds = ["monthly"] if index == 0 else []
        kinds += ["morning"] if rng.random() < 0.4 else []
        kinds += ["weekly"] if day.weekday() == 0 else []
        kinds += ["evening"] if rng.random() < 0.1 else []
        for kind in kinds:
            topic = rng.choice(list(TOPICS))
            meetings.append({"date": day, "type": kind, "host": s.rep.name, "attendees": "、".join(names),
                             "attendee_count": len(names), "minutes": MINUTES[kind] + rng.choice([0, 0, 5, 10]),
                             "topic": topic, "topics": TOPICS[topic], "decisions": rng.choice(DECISIONS)})
            if kind in ("weekly", "monthly"):
                due = day + timedelta(days=rng.choice([3, 5, 7, 14]))
                done = due < s.as_of and rng.random() < 0.7
                actions.append({"meeting_date": day, "action": f"跟进{TOPICS[topic]}", "owner": rng.choice(names),
                                "due": due, "status": "done" if done else rng.choice(["open", "doing"])})
    return {"meetings": meetings, "actions": actions}
