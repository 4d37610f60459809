"""例会记录: nothing to pre-fill; the demo holds the month's meetings and their action items."""

from __future__ import annotations

from datetime import timedelta

from repbook.model import ControlData, Rep
from repbook.periods import Period, SplitMode

from . import Rows, SampleInput

TOPICS = {"market": "本周市场价格波动", "competitor": "华润商贸降价应对", "sales_problem": "大客户回款慢",
          "training": "新品卖点培训", "pricing": "特价审批流程"}


def prefill(control: ControlData, rep: Rep, period: Period, split_mode: SplitMode) -> Rows:
    return {}


def sample(s: SampleInput) -> Rows:
    rng = s.rng
    attendees = "、".join(r.name for r in s.team) or s.rep.name
    meetings, actions = [], []
    for day in s.calendar.working_dates(s.period.start, min(s.as_of, s.period.end)):
        kinds = ["morning"] if rng.random() < 0.4 else []
        if day.weekday() == 0:
            kinds.append("weekly")
        for kind in kinds:
            topic = rng.choice(list(TOPICS))
            meetings.append({"date": day, "type": kind, "host": s.rep.name, "attendees": attendees,
                             "attendee_count": max(1, len(s.team)), "minutes": 15 if kind == "morning" else 60,
                             "topic": topic, "topics": TOPICS[topic], "decisions": "各人本周内落实"})
            if kind == "weekly":
                due = day + timedelta(days=rng.choice([3, 5, 7, 14]))
                actions.append({"meeting_date": day, "action": f"跟进{TOPICS[topic]}", "owner": rng.choice(attendees.split("、")),
                                "due": due, "status": "done" if due < s.as_of and rng.random() < 0.7 else rng.choice(["open", "doing"])})
    return {"meetings": meetings, "actions": actions}
