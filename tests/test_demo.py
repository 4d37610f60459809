"""`repbook demo` end to end: a team's month, recalculated by LibreOffice, read like a manager would.

Every workbook the demo makes (blank pack, filled pack, control workbook, master) computes
with no error value, and the numbers on each filled form equal the Python computation
(repbook/core) on the rows read back from the same file.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from repbook.commands.demo import DemoResult, demo_as_of, run_demo
from repbook.core import activity, customers, meetings, plans, reviews
from repbook.io.workbook_reader import RepbookWorkbook
from repbook.locale import catalogue
from repbook.periods import parse_period, week_parts
from repbook.spec import FORMS, load_spec
from tests.support.libreoffice import LibreOffice
from tests.support.workbooks import error_cells

PERIOD = parse_period("2026-10")
AS_OF = demo_as_of(PERIOD)


@dataclass
class Filled:
    """One returned workbook: the file as the rep sent it, and LibreOffice's recalculation of it."""

    form: str
    original: RepbookWorkbook
    computed: RepbookWorkbook

    def rows(self, table_id: str) -> list[dict[str, Any]]:
        return self.original.table_rows(load_spec(self.form).table(table_id), coded=True)

    def shown(self, table_id: str) -> list[dict[str, Any]]:
        return self.computed.table_rows(load_spec(self.form).table(table_id), skip_blank=False, coded=True)

    def value(self, name: str) -> Any:
        return self.computed.named_value(name)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoResult:
    return run_demo(tmp_path_factory.mktemp("demo"), PERIOD, "zh-CN", jobs=2)


@pytest.fixture(scope="module")
def recalculated(demo: DemoResult, libreoffice: LibreOffice) -> dict[Path, Path]:
    files = [f.path for f in demo.pack] + [f.path for f in demo.returned] + [demo.control, demo.master]
    return dict(zip(files, libreoffice.recalculate(files), strict=True))


def filled(demo: DemoResult, recalculated: dict[Path, Path], form: str) -> Iterator[Filled]:
    for item in demo.returned:
        if item.form == form:
            yield Filled(form, RepbookWorkbook(item.path), RepbookWorkbook(recalculated[item.path]))


def test_the_demo_makes_a_whole_team(demo: DemoResult) -> None:
    assert demo.reps == 8
    assert 280 <= demo.customers <= 320
    assert len(demo.pack) == len(demo.returned) == 8 * len(FORMS)
    regions = {f.path.parent.name.split("_")[0] for f in demo.returned}
    assert len(regions) == 2
    for item in demo.returned:  # each header shows the rep's own region, not the team's
        assert RepbookWorkbook(item.path).named_value("rb_region") == item.path.parent.name.split("_")[0]
    assert demo.rows_filled["work-log"] > 8 * 50
    assert len(demo.drafts) == 8 and all(len(d.attachments) == len(FORMS) for d in demo.drafts)


def test_every_workbook_recalculates_without_error_values(recalculated: dict[Path, Path]) -> None:
    problems = {src.name: error_cells(out) for src, out in recalculated.items()}
    assert {k: v for k, v in problems.items() if v} == {}


def test_work_log_totals(demo: DemoResult, recalculated: dict[Path, Path]) -> None:
    methods = [c.code for c in catalogue().choice_list("contact_method")]
    for book in filled(demo, recalculated, "work-log"):
        log = book.rows("log")
        assert book.value("rb_contacts_total") == len(activity.contacts(log))
        assert book.value("rb_closes_total") == activity.closes(log)
        assert book.value("rb_order_total") == pytest.approx(activity.order_total(log))
        assert book.value("rb_overdue_follow_ups") == len(activity.overdue_follow_ups(log, AS_OF))
        shown = {r["method"]: r["contacts"] for r in book.shown("by_method")}
        assert shown == activity.contacts_by_method(log, methods)


def test_customer_archive_structure(demo: DemoResult, recalculated: dict[Path, Path]) -> None:
    for book in filled(demo, recalculated, "customer-archive"):
        rows = customers.named(book.rows("customers"))
        assert book.value("rb_customers_total") == len(rows)
        assert book.value("rb_overdue_total") == len(customers.overdue(rows, AS_OF))
        assert book.value("rb_churn_total") == sum(customers.is_churn_risk(r, AS_OF) for r in rows)
        count, amount = customers.expected_closes(rows)
        assert (book.value("rb_expected_closes"), book.value("rb_expected_amount_total")) == (count, pytest.approx(amount))
        assert book.value("rb_pipeline_value") == pytest.approx(customers.pipeline_value(rows))
        stars = customers.by_star(rows)
        shown = {r["star"]: (r["open"], r["closed"], r["expected"]) for r in book.shown("by_star")}
        assert shown == {s: (c["open"], c["closed"], c["expected"]) for s, c in stars.items()}
        value_types = [r.get("value_type") for r in book.shown("customers")[: len(rows)]]
        expected = [customers.value_type(r.get("contribution"), r.get("potential"), r.get("loss_making")) for r in rows]
        assert value_types == [v or None for v in expected]


def test_monthly_plan_completion_against_time_progress(demo: DemoResult, recalculated: dict[Path, Path]) -> None:
    for book in filled(demo, recalculated, "monthly-plan"):
        progress = book.value("rb_time_progress")
        assert progress == 1.0  # October 2026 is over
        targets = book.rows("targets")
        shown = book.shown("targets")[: len(targets)]
        for row, seen in zip(targets, shown, strict=True):
            completion = plans.completion(row.get("actual"), row.get("must"))
            assert seen["completion"] == pytest.approx(completion)
            behind = plans.is_behind(completion, progress, row["direction"])
            assert seen["behind"] == ("yes" if behind else "no")
            # The parts add up exactly; a rate (满意度) has no parts.
            rate = plans.is_rate_indicator(row.get("category"), row.get("unit"))
            assert seen["split_sum"] == (None if rate else pytest.approx(row["must"]))
        assert book.value("rb_financial_completion") == pytest.approx(plans.financial_completion(targets))


def test_weekly_plan_counts_visits_per_week(demo: DemoResult, recalculated: dict[Path, Path]) -> None:
    weeks = [w.code for w in week_parts(PERIOD)]
    for book in filled(demo, recalculated, "weekly-plan"):
        visits = book.rows("visits")
        shown = {r["week"]: (r["planned"], r["done"]) for r in book.shown("weeks")}
        assert shown == {w: (sum(1 for v in visits if v["week"] == w),
                             sum(1 for v in visits if v["week"] == w and v.get("done") == "yes")) for w in weeks}


def test_meetings_ride_alongs_and_competitor_counts(demo: DemoResult, recalculated: dict[Path, Path]) -> None:
    for book in filled(demo, recalculated, "meeting-minutes"):
        actions = book.rows("actions")
        assert book.value("rb_meetings_total") == len(book.rows("meetings"))
        assert book.value("rb_open_actions") == len(meetings.open_actions(actions))
        assert book.value("rb_overdue_actions") == sum(meetings.is_action_overdue(a, AS_OF) for a in actions)
    for book in filled(demo, recalculated, "ride-along"):
        rides = book.rows("ride_alongs")
        assert book.value("rb_ride_alongs_total") == len(rides)
        assert book.value("rb_accompanied_share") == pytest.approx(meetings.accompanied_share(rides))
        assert book.value("rb_follow_ups_due") == sum(meetings.follow_up_due(r, AS_OF) for r in rides)
    sources = [c.code for c in catalogue().choice_list("info_source")]
    for book in filled(demo, recalculated, "competitor-info"):
        reports = book.rows("competitors")
        shown = {r["source"]: r["reports"] for r in book.shown("by_source")}
        assert shown == meetings.count_by(reports, "source", sources)


def test_review_suggests_the_action_the_rule_gives(demo: DemoResult, recalculated: dict[Path, Path]) -> None:
    for book in filled(demo, recalculated, "review"):
        completions = [plans.completion(r.get("actual"), r.get("target")) for r in book.rows("plan_progress")]
        average = sum(c for c in completions if c is not None) / len([c for c in completions if c is not None])
        original = book.original
        scores = [original.named_value(f"rb_{k}") for k in ("personality", "motivation", "ability")]
        expected = reviews.suggested_action(*scores, average, book.value("rb_time_progress"))
        code = catalogue().choice_code("review_action", book.value("rb_suggested_action"))
        assert code == expected


def test_typed_mistakes_are_caught_and_rows_accounted_for(demo: DemoResult) -> None:
    found = {(i.file, i.cell, i.code) for i in demo.validation.issues()}
    for mistake in demo.mistakes:
        assert (str(mistake.file), mistake.cell, mistake.expected_code) in found
    c = demo.consolidation
    assert c.input_rows == c.consolidated_rows + c.rejected_rows
    assert c.rejected_rows >= sum(1 for m in demo.mistakes if m.expected_code == "choice-invalid")


def test_as_of_is_the_period_end_for_a_past_month() -> None:
    assert AS_OF == date(2026, 10, 31)
