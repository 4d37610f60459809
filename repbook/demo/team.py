"""A sample team: two regions, eight reps, ~300 customers, targets and history."""

from __future__ import annotations

import random
from datetime import date, timedelta
from functools import cache
from importlib import resources
from typing import Any

from repbook.model import ControlData, Customer, Indicator, Rep
from repbook.periods import Period, month_period
from repbook.settings import DEFAULT_SETTINGS
from repbook.yaml_text import parse_yaml

REPS_PER_REGION = 4
HISTORY_MONTHS = 3


@cache
def demo_vocabulary() -> dict[str, Any]:
    text = resources.files("repbook.templates").joinpath("demo_data.yaml").read_text("utf-8")
    return dict(parse_yaml(text))


def make_team(period: Period, seed: int = 2026, customers_per_rep: int = 38) -> ControlData:
    vocab = demo_vocabulary()
    rng = random.Random(seed)
    reps = _reps(vocab, rng, period)
    customers = tuple(c for rep in reps for c in _customers(vocab, rng, rep, period, customers_per_rep))
    indicators = tuple(
        Indicator(i["indicator_id"], i["category"], i["name"], i["unit"], i["direction"],
                  superior_target=_round(i["per_rep"] * len(reps) / 1.1, i["per_rep"]), stretch=1.1,
                  challenge_rate=0.2)
        for i in vocab["indicators"]
    )
    rep_targets = {rep.rep_id: _rep_targets(vocab, rng, rep) for rep in reps}
    history = tuple(_history(vocab, rng, reps, period))
    settings = {
        **DEFAULT_SETTINGS,
        "team_name": vocab["team_name"], "manager_name": vocab["manager"]["name"],
        "manager_email": vocab["manager"]["email"], "region": "/".join(vocab["regions"]),
        "period": period.code, "return_by": period.end + timedelta(days=3), "returned_folder": "returned",
        "smtp_host": "smtp.example.com", "smtp_user": vocab["manager"]["email"],
        "sender_email": vocab["manager"]["email"], "sender_name": vocab["manager"]["name"],
        "reply_to": vocab["manager"]["email"],
    }
    return ControlData(settings=settings, reps=reps, customers=customers, indicators=indicators,
                       history=history, rep_targets=rep_targets)


def _reps(vocab: dict[str, Any], rng: random.Random, period: Period) -> tuple[Rep, ...]:
    reps: list[Rep] = []
    used: set[str] = set()
    for region in vocab["regions"]:
        for _ in range(REPS_PER_REGION):
            while True:
                surname = rng.choice(vocab["surnames"])
                name = surname + rng.choice(vocab["given_names"])
                if name not in used:
                    used.add(name)
                    break
            number = len(reps) + 1
            hired = period.start - timedelta(days=rng.choice([60, 200, 400, 800, 1500]))
            reps.append(Rep(f"R{number:02d}", name, f"{vocab['pinyin'][surname]}{number:02d}@example.com",
                            region, ability=rng.choice([2, 3, 3, 4, 4, 5]), hire_date=hired))
    return tuple(reps)


def _customers(vocab: dict[str, Any], rng: random.Random, rep: Rep, period: Period, n: int) -> list[Customer]:
    cities = vocab["regions"][rep.region]
    result = []
    for k in range(n):
        industry = rng.choice(list(vocab["industries"]))
        city = rng.choice(cities)
        name = (city + rng.choice(vocab["company_words"]) + rng.choice(vocab["industries"][industry])
                + rng.choice(vocab["suffixes"]))
        closed = rng.random() < 0.55
        star = rng.choices([5, 4, 3, 2, 1], weights=[8, 17, 35, 25, 15])[0]
        last = period.start - timedelta(days=rng.randint(1, 80))
        result.append(Customer(
            customer_id=f"{rep.rep_id}-C{k + 1:03d}", name=name, rep_id=rep.rep_id, industry=industry,
            area=city, address=f"{city}市{rng.choice(vocab['streets'])}{rng.randint(1, 999)}号",
            contact_name=rng.choice(vocab["contacts"]),
            contact_role=rng.choice(["decider", "buyer", "user", "gatekeeper", "influencer"]),
            contact_phone=f"13{rng.randint(100000000, 999999999)}",
            status="closed" if closed else "open", star=star,
            contribution=rng.choice(["high", "low"]), potential=rng.choice(["high", "low"]),
            loss_making="yes" if rng.random() < 0.04 else "no",
            first_contact=last - timedelta(days=rng.randint(30, 700)), last_contact=last,
            last_method=rng.choice(["phone", "visit", "wechat", "face_to_face"]),
            next_contact=last + timedelta(days=rng.choice([7, 14, 21, 30, 45])),
            cumulative_amount=round(rng.lognormvariate(11, 0.9), -2) if closed else 0,
            close_probability=round(rng.uniform(0.1, 0.8), 2) if not closed else None,
        ))
    return result


def _rep_targets(vocab: dict[str, Any], rng: random.Random, rep: Rep) -> list[dict[str, Any]]:
    targets = []
    for item in vocab["indicators"]:
        must = _round(item["per_rep"] * rng.uniform(0.8, 1.25), item["per_rep"])
        targets.append({"rep_id": rep.rep_id, "indicator_id": item["indicator_id"], "category": item["category"],
                        "name": item["name"], "unit": item["unit"], "direction": item["direction"],
                        "must": must, "challenge_rate": 0.2})
    return targets


def _history(vocab: dict[str, Any], rng: random.Random, reps: tuple[Rep, ...], period: Period) -> list[dict[str, Any]]:
    rows = []
    month = period.start
    for back in range(HISTORY_MONTHS, 0, -1):
        first = date(month.year, month.month, 1)
        for _ in range(back):
            first = (first - timedelta(days=1)).replace(day=1)
        past = month_period(first.year, first.month)
        for rep in reps:
            for item in vocab["indicators"]:
                rows.append({"rep_id": rep.rep_id, "indicator_id": item["indicator_id"], "period": past.code,
                             "actual": _round(item["per_rep"] * rng.uniform(0.6, 1.3), item["per_rep"])})
    return rows


def _round(value: float, scale: float) -> float:
    """Round like a manager would: thousands for money, whole numbers for counts."""
    if scale >= 10000:
        return float(round(value, -3))
    if scale >= 10:
        return float(round(value))
    if scale >= 1:
        return float(max(1, round(value)))
    return round(value, 2)
