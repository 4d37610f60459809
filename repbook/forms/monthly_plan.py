"""月度工作计划表: targets from the control workbook split by working days; the demo adds actuals."""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from datetime import timedelta
from typing import Any

from repbook.core.plans import as_number, is_rate_indicator, rounding_unit_for, split_by_working_days
from repbook.model import ControlData, Rep
from repbook.periods import Period, SplitMode, month_period, time_parts
from repbook.workdays import WorkdayCalendar, build_calendar

from . import Rows, SampleInput

DEFAULT_UNIT = 1000.0


def target_rows(targets: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """Rows of 指标与目标 from the rep's targets (control: indicator_id, category, name, ...)."""
    return [{"indicator_id": t.get("indicator_id"), "category": t.get("category"), "indicator": t.get("name"),
             "unit": t.get("unit"), "direction": t.get("direction") or "higher", "must": t.get("must"),
             "challenge_rate": t.get("challenge_rate")} for t in targets if _number(t.get("must"))]


def split_rows(targets: Sequence[Mapping[str, Any]], period: Period, calendar: WorkdayCalendar,
               split_mode: SplitMode, unit: float) -> list[dict[str, Any]]:
    """One row per indicator and time part; the parts of each target add up to it exactly.
    A rate (满意度) holds for the whole month and gets no parts."""
    parts = time_parts(period, split_mode)
    days = [calendar.working_days(p.start, p.end) for p in parts]
    rows: list[dict[str, Any]] = []
    for target in targets:
        must = as_number(target.get("must"))
        if must is None or must < 0 or is_rate_indicator(target.get("category"), target.get("unit")):
            continue
        amounts = split_by_working_days(must, days, rounding_unit_for(must, unit))
        rows.extend({"indicator": target.get("name") or target.get("indicator"), "part": part.code,
                     "start": part.start, "end": part.end, "target": amount}
                    for part, amount in zip(parts, amounts, strict=True))
    return rows


def previous_month(period: Period) -> Period:
    before = period.start - timedelta(days=1)
    return month_period(before.year, before.month)


def last_month_rows(control: ControlData, rep: Rep, period: Period) -> list[dict[str, Any]]:
    """Last month's actuals from the control workbook's history (targets come with the rollover)."""
    previous = previous_month(period).code
    indicators = {i.indicator_id: i for i in control.indicators}
    rows = []
    for h in control.history:
        if h.get("rep_id") != rep.rep_id or h.get("period") != previous:
            continue
        indicator = indicators.get(str(h.get("indicator_id")))
        rows.append({"indicator": indicator.name if indicator else h.get("indicator_id"),
                     "direction": indicator.direction if indicator else None,
                     "target": h.get("target") if _number(h.get("target")) else None, "actual": h.get("actual")})
    return rows


def prefill(control: ControlData, rep: Rep, period: Period, split_mode: SplitMode) -> Rows:
    targets = control.rep_targets.get(rep.rep_id, [])
    calendar = build_calendar(period.start, period.end, control.manager_days)
    unit = as_number(control.settings.get("rounding_unit")) or DEFAULT_UNIT
    rows: Rows = {"targets": target_rows(targets), "time_split": split_rows(targets, period, calendar, split_mode, unit)}
    last_month = last_month_rows(control, rep, period)
    if last_month:
        rows["last_month"] = last_month
    return rows if any(rows.values()) else {}


# --- the demo: what a rep types -----------------------------------------------------------

# Used when the demo has no targets from a control workbook: 4-6 indicators over the four
# categories, the sizes of a typical B2B account manager's month.
DEMO_INDICATORS: tuple[dict[str, Any], ...] = (
    {"indicator_id": "SALES", "category": "financial", "name": "销售额", "unit": "元", "direction": "higher", "base": 260000},
    {"indicator_id": "COLLECT", "category": "financial", "name": "回款", "unit": "元", "direction": "higher", "base": 220000},
    {"indicator_id": "EXPENSE", "category": "financial", "name": "费用控制", "unit": "元", "direction": "lower", "base": 18000},
    {"indicator_id": "NEWCUST", "category": "growth", "name": "新增客户数", "unit": "家", "direction": "higher", "base": 4},
    {"indicator_id": "SATISF", "category": "satisfaction", "name": "客户满意度", "unit": "%", "direction": "higher", "base": 0.92},
    {"indicator_id": "VISITS", "category": "actions", "name": "拜访次数", "unit": "次", "direction": "higher", "base": 90},
)
REASONS_BEHIND = ("重点客户订单推迟到下月", "新品到货晚，铺货进度慢", "竞品降价抢单", "两位大客户回款拖延",
                  "国庆假期客户停工，拜访排不开")
REASONS_OVER_BUDGET = ("展会费用集中在上半月支出", "大客户招待费超出预期")
REASONS_LAST_MONTH = ("年中大促提前透支了需求", "一个项目招标延期", "新人交接客户，回款滞后", "客户预算冻结")


def demo_targets(rng: random.Random) -> list[dict[str, Any]]:
    """A rep's targets when there is no control workbook: realistic sizes, rounded like a manager."""
    chosen = list(DEMO_INDICATORS[:3]) + rng.sample(DEMO_INDICATORS[3:], k=rng.randint(1, 3))
    targets = []
    for item in chosen:
        base = float(item["base"])
        if base < 1:
            must = round(base, 2)
        elif base >= 10000:
            must = float(round(base * rng.uniform(0.8, 1.25), -3))
        else:
            must = float(round(base * rng.uniform(0.8, 1.25)))
        targets.append({k: v for k, v in item.items() if k != "base"} | {"must": must, "challenge_rate": 0.2})
    return targets


def _actual(must: float, pace: float) -> float:
    value = must * pace
    if must < 1:
        return round(min(value, 1.0), 2)
    return float(round(value))  # actuals add up orders: to the yuan, not rounded like targets


def sample(s: SampleInput) -> Rows:
    rng = s.rng
    total_days = s.calendar.working_days(s.period.start, s.period.end)
    progress = s.calendar.working_days(s.period.start, s.as_of) / total_days if total_days else 0.0
    targets = [dict(t) for t in s.rep_targets] or demo_targets(rng)
    rows = target_rows(targets)
    for row in rows:
        must = float(row["must"])
        rate_like = must < 1  # a percentage (满意度) is measured, not accumulated
        pace = rng.uniform(0.9, 1.05) if rate_like else rng.uniform(0.6, 1.25) * progress
        row["actual"] = _actual(must, pace)
        done = row["actual"] / must if must else 0.0
        behind = done > progress if row["direction"] == "lower" else done < progress
        if behind:
            row["reason"] = rng.choice(REASONS_OVER_BUDGET if row["direction"] == "lower" else REASONS_BEHIND)
    split = split_rows(targets, s.period, s.calendar, s.split_mode, DEFAULT_UNIT)
    for part in split:
        if part["end"] <= s.as_of:
            part["actual"] = _actual(float(part["target"]), rng.uniform(0.7, 1.2))
    customers = sorted((c for c in s.customers if c.status == "open"), key=lambda c: -c.star)[:5]
    span = (s.period.end - s.period.start).days
    key_customers = [{"customer": c.name, "star": c.star, "stage": rng.choice(["needs", "proposal", "negotiation"]),
                      "goal": rng.choice(["本月签单", "确定试用订单", "进入供应商名录", "敲定年度框架协议"]),
                      "measures": rng.choice(["带样品上门，约采购负责人面谈", "请技术支持一起做方案演示",
                                              "邀请参加月底新品推介会"]),
                      "expected_amount": float(round(rng.lognormvariate(10.5, 0.4), -3)),
                      "expected_date": s.period.start + timedelta(days=rng.randint(min(5, span), span))}
                     for c in customers]
    measures = [{"seq": 1, "measure": "每周三集中拜访重点客户，周五复盘", "owner": s.rep.name, "deadline": s.period.end,
                 "status": "doing"},
                {"seq": 2, "measure": "逾期应收款逐户电话催收，列出回款时间表", "owner": s.rep.name,
                 "deadline": s.period.start + timedelta(days=min(14, span)), "status": rng.choice(["doing", "done"])},
                {"seq": 3, "measure": "整理新品资料，给三星以上客户逐一讲解", "owner": s.rep.name,
                 "deadline": s.period.end, "status": "open"}]
    last_month = []
    for row in rows:
        must = float(row["must"])
        lower = row["direction"] == "lower"
        actual = _actual(must, rng.uniform(0.85, 1.15) if must >= 1 else rng.uniform(0.95, 1.05))
        done = actual <= must if lower else actual >= must
        last_month.append({"indicator": row["indicator"], "direction": row["direction"], "target": must,
                           "actual": actual, "reason": None if done else rng.choice(REASONS_LAST_MONTH)})
    return {"targets": rows, "time_split": split, "key_customers": key_customers, "measures": measures,
            "last_month": last_month}


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)
