"""A rep's competitor news: report counts, competitors named, counts by stance and by source
read the same in the recalculated workbook as in repbook/core."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from repbook.core import competitors
from repbook.forms import SampleInput, competitor_info, sample_rows
from repbook.generators.context import FormContext, RepInfo
from repbook.generators.workbook import build_workbook
from repbook.io.workbook_reader import RepbookWorkbook
from repbook.locale import Locale, catalogue
from repbook.model import ControlData, Rep
from repbook.periods import parse_period
from repbook.spec import load_spec
from repbook.workdays import build_calendar
from tests.support.libreoffice import LibreOffice
from tests.support.workbooks import error_cells

PERIOD = parse_period("2026-10")
AS_OF = date(2026, 10, 21)
REP = Rep("R07", "王芳", region="华东区")
SPEC = load_spec("competitor-info")
STANCES = [c.code for c in catalogue().choice_list("stance")]
SOURCES = [c.code for c in catalogue().choice_list("info_source")]

HAND_ROWS: list[dict[str, Any]] = [
    {"competitor": "华润商贸", "product_line": "日化", "rank": 1, "stance": "hostile", "source": "customer",
     "likely_moves": "下月起对大客户降价5%", "date": date(2026, 10, 9)},
    {"competitor": "华润商贸", "product_line": "日化", "rank": 1, "stance": "neutral", "source": "observation",
     "likely_moves": "新招两名业务员驻点本片区", "date": date(2026, 10, 12)},
    # Heard by a colleague and passed on: the reporter is not the rep.
    {"competitor": "百联供应链", "product_line": "食品饮料", "rank": 2, "stance": "hostile", "source": "peer",
     "likely_moves": "推出满10万送2万活动", "date": date(2026, 10, 15), "reporter": "张伟"},
    {"competitor": "Metro", "product_line": "餐饮配送", "stance": "friendly", "source": "customer",
     "likely_moves": "只做大店", "date": date(2026, 10, 20)},
    # The same competitor spelt in capitals: Excel compares without case, one competitor.
    {"competitor": "METRO", "product_line": "餐饮配送", "stance": "neutral", "source": "media",
     "likely_moves": "官网招聘区域经理", "date": date(2026, 10, 21)},
]
HAND_SUMMARY = {"reports_total": 5, "competitors_distinct": 3, "hostile_total": 2}
HAND_BY_STANCE = {"friendly": 1, "neutral": 2, "hostile": 2}
HAND_BY_SOURCE = {"customer": 2, "peer": 1, "observation": 1, "media": 1, "other": 0}


def make_context(rows: list[dict[str, Any]], locale: Locale = "zh-CN") -> FormContext:
    return FormContext(
        spec=SPEC, period=PERIOD, rep=RepInfo(REP.rep_id, REP.name, REP.region),
        calendar=build_calendar(PERIOD.start, PERIOD.end), locale=locale,
        rows={"competitors": rows}, as_of=AS_OF,
    )


def sampled_rows(seed: int = 7) -> list[dict[str, Any]]:
    s = SampleInput(rep=REP, period=PERIOD, calendar=build_calendar(PERIOD.start, PERIOD.end),
                    customers=(), as_of=AS_OF, rng=random.Random(seed))
    return sample_rows("competitor-info", s)["competitors"]


CASES: dict[str, tuple[list[dict[str, Any]], Locale]] = {
    "hand": (HAND_ROWS, "zh-CN"),
    "sample": (sampled_rows(7) + sampled_rows(8), "zh-CN"),
    "blank": ([], "zh-CN"),
    "zh-TW": (HAND_ROWS, "zh-TW"),
    "en": (HAND_ROWS, "en"),
}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("competitor-info")
    return {name: build_workbook(make_context(rows, loc), folder / f"{name}.xlsx")
            for name, (rows, loc) in CASES.items()}


@pytest.fixture(scope="module")
def recalculated(libreoffice: LibreOffice, generated: dict[str, Path]) -> dict[str, RepbookWorkbook]:
    paths = libreoffice.recalculate(list(generated.values()))
    return {name: RepbookWorkbook(path) for name, path in zip(generated, paths, strict=True)}


def summary(book: RepbookWorkbook) -> dict[str, Any]:
    return {k: book.named_value(f"rb_{k}") for k in HAND_SUMMARY}


def counts(book: RepbookWorkbook, table: str, key: str) -> dict[str, int]:
    return {r[key]: r["reports"] for r in book.table_rows(SPEC.table(table), skip_blank=False, coded=True)}


def test_every_variant_recalculates_without_error_values(recalculated: dict[str, RepbookWorkbook]) -> None:
    problems = {name: error_cells(book.path) for name, book in recalculated.items()}
    assert {k: v for k, v in problems.items() if v} == {}


def test_reports_and_competitors_named_are_counted(recalculated: dict[str, RepbookWorkbook]) -> None:
    assert competitors.summary(HAND_ROWS) == HAND_SUMMARY
    assert summary(recalculated["hand"]) == HAND_SUMMARY
    rows = CASES["sample"][0]
    assert summary(recalculated["sample"]) == competitors.summary(rows)
    assert competitors.competitors_named(rows) < len(rows)  # the sample repeats competitors


def test_an_empty_form_counts_nothing(recalculated: dict[str, RepbookWorkbook]) -> None:
    assert summary(recalculated["blank"]) == {k: 0 for k in HAND_SUMMARY}
    assert set(counts(recalculated["blank"], "by_stance", "stance").values()) == {0}


def test_counts_by_stance_and_source_match_the_reports(recalculated: dict[str, RepbookWorkbook]) -> None:
    book = recalculated["hand"]
    assert counts(book, "by_stance", "stance") == HAND_BY_STANCE == competitors.count_by(HAND_ROWS, "stance", STANCES)
    assert counts(book, "by_source", "source") == HAND_BY_SOURCE == competitors.count_by(HAND_ROWS, "source", SOURCES)
    rows = CASES["sample"][0]
    sample = recalculated["sample"]
    assert counts(sample, "by_stance", "stance") == competitors.count_by(rows, "stance", STANCES)
    assert counts(sample, "by_source", "source") == competitors.count_by(rows, "source", SOURCES)


def test_reporter_defaults_to_the_rep_on_filled_rows_only(recalculated: dict[str, RepbookWorkbook]) -> None:
    rows = recalculated["hand"].table_rows(SPEC.table("competitors"), skip_blank=False)
    assert [r["reporter"] for r in rows[: len(HAND_ROWS)]] == ["王芳", "王芳", "张伟", "王芳", "王芳"]
    assert {r["reporter"] for r in rows[len(HAND_ROWS):]} == {None}


def test_report_date_must_fall_in_the_period(generated: dict[str, Path]) -> None:
    book = openpyxl.load_workbook(generated["hand"])
    sheet = next(ws for ws in book.worksheets if "tblCompetitors" in ws.tables)
    date_col = [c.id for c in SPEC.table("competitors").columns].index("date") + 1
    rules = [dv for dv in sheet.data_validations.dataValidation
             if any(r.min_col == date_col for r in dv.sqref.ranges)]
    assert len(rules) == 1
    rule = rules[0]
    assert (rule.type, rule.formula1, rule.formula2) == ("date", "rb_period_start", "rb_period_end")
    assert rule.operator in (None, "between")  # between is the file format's default


def test_sample_reads_like_a_reps_month(recalculated: dict[str, RepbookWorkbook]) -> None:
    rows = sampled_rows(7)
    assert 2 <= len(rows) <= 6
    assert all(PERIOD.start <= r["date"] <= AS_OF and r["reporter"] == REP.name for r in rows)
    assert [r["date"] for r in rows] == sorted(r["date"] for r in rows)
    assert sampled_rows(7) == rows  # deterministic from the seed
    control = ControlData(settings={}, reps=(REP,))
    assert competitor_info.prefill(control, REP, PERIOD, "week") == {}


def test_traditional_chinese_and_english_labels_compute_alike(recalculated: dict[str, RepbookWorkbook]) -> None:
    for case in ("zh-TW", "en"):
        book = recalculated[case]
        assert summary(book) == HAND_SUMMARY, case
        assert counts(book, "by_stance", "stance") == HAND_BY_STANCE, case
        assert counts(book, "by_source", "source") == HAND_BY_SOURCE, case
