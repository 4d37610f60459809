"""A rep's month of contacts: the totals they read on the daily summary are right."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path

import pytest

from repbook.core import activity
from repbook.forms import SampleInput, sample_rows
from repbook.generators.context import FormContext, RepInfo
from repbook.generators.workbook import build_workbook
from repbook.io.workbook_reader import RepbookWorkbook
from repbook.locale import catalogue
from repbook.model import Customer, Rep
from repbook.periods import parse_period
from repbook.spec import load_spec
from repbook.workdays import build_calendar
from tests.support.libreoffice import LibreOffice

PERIOD = parse_period("2026-10")  # National Day week and the 10th as a make-up workday
AS_OF = date(2026, 10, 21)
TARGET = 4
HAND_ROWS = [
    {"date": date(2026, 10, 9), "customer": "杭州华联超市", "method": "visit", "outcome": "closed",
     "order_amount": 12000, "collected_amount": 5000, "next_contact": date(2026, 10, 12)},
    {"date": date(2026, 10, 9), "customer": "宁波四明商贸", "method": "phone", "outcome": "progress",
     "next_contact": date(2026, 10, 30)},
    # Promised a call on the 13th, never made: overdue on the 21st.
    {"date": date(2026, 10, 10), "customer": "绍兴越城五金", "method": "wechat", "outcome": "stalled",
     "next_contact": date(2026, 10, 13)},
    {"date": date(2026, 10, 14), "customer": "杭州华联超市", "method": "phone", "outcome": "progress"},
]


def make_context(rows: list[dict[str, object]], locale: str = "zh-CN") -> FormContext:
    calendar = build_calendar(PERIOD.start, PERIOD.end)
    daily = [{"date": d, "attendance": "present"} for d in calendar.working_dates(PERIOD.start, PERIOD.end)]
    return FormContext(
        spec=load_spec("work-log"), period=PERIOD, rep=RepInfo("R07", "王芳", "华东区"),
        calendar=calendar, locale=locale,  # type: ignore[arg-type]
        rows={"log": rows, "daily": daily}, options={"customers": ["杭州华联超市", "宁波四明商贸"]},
        defaults={"daily_contact_target": TARGET}, as_of=AS_OF,
    )


def sampled_rows() -> list[dict[str, object]]:
    customers = [Customer(f"C{i:03d}", f"客户{i}", "R07", contact_name="李经理") for i in range(30)]
    s = SampleInput(rep=Rep("R07", "王芳", ability=4), period=PERIOD,
                    calendar=build_calendar(PERIOD.start, PERIOD.end), customers=customers,
                    as_of=AS_OF, rng=random.Random(7))
    return sample_rows("work-log", s)["log"]


@pytest.fixture(scope="module")
def recalculated(libreoffice: LibreOffice, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("work-log")
    cases = {"hand": (HAND_ROWS, "zh-CN"), "sample": (sampled_rows(), "zh-CN"),
             "zh-TW": (HAND_ROWS, "zh-TW"), "en": (HAND_ROWS, "en")}
    paths = [build_workbook(make_context(rows, loc), folder / f"{name}.xlsx")  # type: ignore[arg-type]
             for name, (rows, loc) in cases.items()]
    return dict(zip(cases, libreoffice.recalculate(paths), strict=True))


def test_period_totals_match_the_log(recalculated: dict[str, Path]) -> None:
    for case in ("hand", "sample", "en"):
        book = RepbookWorkbook(recalculated[case])
        rows = HAND_ROWS if case != "sample" else sampled_rows()
        assert book.named_value("rb_contacts_total") == len(activity.contacts(rows))
        assert book.named_value("rb_closes_total") == activity.closes(rows)
        assert book.named_value("rb_order_total") == pytest.approx(activity.order_total(rows))
        assert book.named_value("rb_collected_total") == pytest.approx(activity.collected_total(rows))
        assert book.named_value("rb_close_rate") == pytest.approx(activity.close_rate(rows))


def test_contacts_by_method_are_counted_per_method(recalculated: dict[str, Path]) -> None:
    spec = load_spec("work-log")
    methods = [c.code for c in catalogue().choice_list("contact_method")]
    rows = sampled_rows()
    book = RepbookWorkbook(recalculated["sample"])
    shown = {catalogue().choice_code("contact_method", r["method"]): r["contacts"]
             for r in book.table_rows(spec.table("by_method"), skip_blank=False)}
    assert shown == activity.contacts_by_method(rows, methods)
    assert sum(shown.values()) > 50


def test_overdue_follow_up_is_flagged_and_counted(recalculated: dict[str, Path]) -> None:
    spec = load_spec("work-log")
    book = RepbookWorkbook(recalculated["hand"])
    flagged = [r["customer"] for r in book.table_rows(spec.table("log")) if r.get("follow_up_overdue") == "是"]
    expected = [r["customer"] for r in activity.overdue_follow_ups(HAND_ROWS, AS_OF)]
    assert flagged == expected == ["绍兴越城五金"]
    assert book.named_value("rb_overdue_follow_ups") == 1


def test_time_progress_follows_the_statutory_calendar(recalculated: dict[str, Path]) -> None:
    book = RepbookWorkbook(recalculated["hand"])
    calendar = build_calendar(PERIOD.start, PERIOD.end)
    total = calendar.working_days(PERIOD.start, PERIOD.end)
    elapsed = calendar.working_days(PERIOD.start, AS_OF)
    # October 2026: 1-7 off for National Day, the 10th (Saturday) is a make-up workday.
    # Elapsed to the 21st: 8, 9, 10, 12-16, 19-21.
    assert (total, elapsed) == (18, 11)
    assert book.named_value("rb_workdays_total") == total
    assert book.named_value("rb_time_progress") == pytest.approx(elapsed / total)


def test_days_on_target_count_days_with_enough_contacts(recalculated: dict[str, Path]) -> None:
    book = RepbookWorkbook(recalculated["sample"])
    rows = sampled_rows()
    calendar = build_calendar(PERIOD.start, PERIOD.end)
    days = calendar.working_dates(PERIOD.start, PERIOD.end)
    assert book.named_value("rb_days_target_met") == activity.days_on_target(rows, days, TARGET)


def test_traditional_chinese_and_english_labels_compute_alike(recalculated: dict[str, Path]) -> None:
    for case, yes in (("zh-TW", "是"), ("en", "Yes")):
        book = RepbookWorkbook(recalculated[case])
        assert book.named_value("rb_overdue_follow_ups") == 1
        flags = [r.get("follow_up_overdue") for r in book.table_rows(load_spec("work-log").table("log"))]
        assert flags.count(yes) == 1
