"""A rep's review (述职表): plan progress, customer base, the chain from plan to result and
the manager's suggested action read as the Python computation says, after a real
spreadsheet engine recalculated them; a score typed into the file changes the action."""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from openpyxl.utils import get_column_letter, range_boundaries

from repbook.core import plans, reviews
from repbook.demo.team import make_team
from repbook.forms import FIELDS, SampleInput, prefill_rows, sample_rows
from repbook.generators.context import FormContext, RepInfo
from repbook.generators.workbook import build_workbook
from repbook.io.workbook_reader import RepbookWorkbook
from repbook.locale import Locale, catalogue
from repbook.model import Customer, Rep
from repbook.periods import Period, parse_period
from repbook.spec import Fields, load_spec
from repbook.workdays import build_calendar
from tests.support.libreoffice import LibreOffice
from tests.support.workbooks import assert_formulas_portable, assert_no_error_values, recalculated_books

SPEC = load_spec("review")
MONTH = parse_period("2026-10")  # National Day 1-7 Oct, Saturday 10 Oct a make-up workday
QUARTER = parse_period("2026-Q4")
AS_OF = date(2026, 10, 21)  # 11 of 18 working days: time progress 61.1%
QUARTER_AS_OF = date(2026, 11, 20)

# Average completion (50% + 75% + 66.7%) / 3 = 63.9%: ahead of the 61.1% time progress,
# although 销售额 itself (50%) is behind. 新增客户数 has no actual yet: no completion.
AHEAD = [
    {"indicator": "销售额", "category": "financial", "target": 100000, "actual": 50000, "reason": "重点客户订单推迟到下月"},
    {"indicator": "回款", "category": "financial", "target": 80000, "actual": 60000},
    {"indicator": "新增客户数", "category": "growth", "target": 4},
    {"indicator": "拜访次数", "category": "actions", "target": 90, "actual": 60},
]
# (40% + 50%) / 2 = 45%: behind time progress.
BEHIND = [
    {"indicator": "销售额", "category": "financial", "target": 100000, "actual": 40000, "reason": "两家客户预算冻结"},
    {"indicator": "回款", "category": "financial", "target": 80000, "actual": 40000},
]
BASE = [
    {"star": 5, "open_start": 2, "open_end": 1, "closed_start": 3, "closed_end": 4, "new_closed": 1, "lost": 0},
    {"star": 4, "open_start": 4, "open_end": 5, "closed_start": 2, "closed_end": 2, "new_closed": 0, "lost": 0},
    {"star": 3, "open_start": 6, "open_end": 4, "closed_start": 1, "closed_end": 2, "new_closed": 1, "lost": 1},
    {"star": 2, "open_start": 5, "open_end": 5},  # closed counts left blank: read as none
    # 1 star: nothing counted at the end yet -> no change, no trend
    {"star": 1, "open_start": 3, "closed_start": 0},
]
BY_METHOD = [{"method": "phone", "contacts": 40, "closes": 4}, {"method": "visit", "contacts": 20, "closes": 5},
             {"method": "flyer", "contacts": 0, "closes": 0}]
CHAIN = {"planned_visits": 40, "done_visits": 34, "contacts": 120, "closes": 12, "orders_amount": 260000}
SCORES = ("personality", "motivation", "ability")


def hand_rows(progress: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    return {"plan_progress": progress, "customer_base": BASE, "by_method": BY_METHOD,
            "problems": [{"problem": "新客户开发进度慢", "cause": "陌拜转化低", "support": "希望提供行业客户名单"}],
            "adjustments": [{"adjustment": "每周固定两个半天做新客户开发", "owner": "王芳", "deadline": date(2026, 11, 15)}],
            FIELDS: [CHAIN]}


def customers() -> list[Customer]:
    return [Customer(f"C{i:03d}", f"客户{i}", "R07", star=1 + i % 5, status="closed" if i % 3 == 0 else "open")
            for i in range(24)]


def sampled() -> dict[str, list[dict[str, Any]]]:
    targets = [{"name": r["indicator"], "category": r["category"], "must": r["target"], "direction": "higher"}
               for r in AHEAD]
    s = SampleInput(rep=Rep("R07", "王芳", ability=4), period=MONTH, calendar=build_calendar(MONTH.start, MONTH.end),
                    customers=customers(), as_of=AS_OF, rng=random.Random(11), rep_targets=targets)
    return sample_rows("review", s)


def prefilled() -> dict[str, list[dict[str, Any]]]:
    team = make_team(MONTH)
    return prefill_rows("review", team, team.reps[0], MONTH, "week")


def context(rows: dict[str, list[dict[str, Any]]], locale: Locale = "zh-CN", period: Period = MONTH,
            as_of: date = AS_OF, scores: tuple[int, int, int] | None = None) -> FormContext:
    tables = {k: v for k, v in rows.items() if k != FIELDS}
    fields = dict(rows[FIELDS][0]) if rows.get(FIELDS) else {}
    if scores is not None:
        fields.update(zip(SCORES, scores, strict=True))
    return FormContext(spec=SPEC, period=period, rep=RepInfo("R07", "王芳", "华东区"),
                       calendar=build_calendar(period.start, period.end), locale=locale,
                       rows=tables, fields=fields, as_of=as_of)


CASES: dict[str, Any] = {
    "ahead": lambda: context(hand_rows(AHEAD), scores=(4, 4, 4)),
    "behind": lambda: context(hand_rows(BEHIND), scores=(4, 4, 4)),
    "unscored": lambda: context(hand_rows(AHEAD)),
    "sample": lambda: context(sampled()),
    "prefill": lambda: context(prefilled()),
    "quarter": lambda: context(hand_rows(AHEAD), period=QUARTER, as_of=QUARTER_AS_OF, scores=(3, 3, 3)),
    "zh-TW": lambda: context(hand_rows(BEHIND), "zh-TW", scores=(3, 3, 3)),
    "en": lambda: context(hand_rows(BEHIND), "en", scores=(3, 3, 3)),
}
# The manager types scores into a generated review (the "ahead" or "behind" one), one file
# per rule branch; the expected action is what the rule says.
TYPED: dict[str, tuple[str, tuple[int | None, int | None, int | None], str | None]] = {
    "unfit": ("ahead", (2, 5, 5), "reassign"),
    "low-ability-and-motivation": ("ahead", (4, 2, 2), "reassign"),
    "low-ability": ("ahead", (4, 4, 2), "coach"),
    "low-motivation": ("ahead", (4, 2, 4), "motivate"),
    "fine-but-behind": ("behind", (3, 3, 3), "observe"),
    "fine-and-ahead": ("ahead", (3, 3, 3), "keep"),
    "one-score-missing": ("ahead", (5, 5, None), None),
}


def type_scores(path: Path, name: str, scores: tuple[int | None, int | None, int | None]) -> Path:
    """The manager types three scores into the evaluation sheet, as in Excel."""
    book = openpyxl.load_workbook(path)
    for key, value in zip(SCORES, scores, strict=True):
        sheet, cell = next(iter(book.defined_names[f"rb_{key}"].destinations))
        book[sheet][cell.replace("$", "")] = value
    target = path.with_name(f"typed-{name}.xlsx")
    book.save(target)
    return target


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("review")
    made = {name: build_workbook(make(), folder / f"{name}.xlsx") for name, make in CASES.items()}
    for name, (base, scores, _) in TYPED.items():
        made[f"typed-{name}"] = type_scores(made[base], name, scores)
    return made


@pytest.fixture(scope="module")
def books(generated: dict[str, Path], libreoffice: LibreOffice) -> dict[str, RepbookWorkbook]:
    return recalculated_books(generated, libreoffice)


def shown(book: RepbookWorkbook, table: str) -> list[dict[str, Any]]:
    return book.table_rows(SPEC.table(table), coded=True)


def value(book: RepbookWorkbook, name: str) -> Any:
    found = book.named_value(name)
    return None if found == "" else found


def blank(found: Any) -> bool:
    return found in (None, "")


def time_progress(period: Period = MONTH, as_of: date = AS_OF) -> float:
    calendar = build_calendar(period.start, period.end)
    return plans.time_progress(calendar.working_days(period.start, as_of), calendar.working_days(period.start, period.end))


def action_code(book: RepbookWorkbook) -> str | None:
    label = value(book, "rb_suggested_action")
    return None if label is None else catalogue().choice_code("review_action", label)


def test_every_formula_uses_only_functions_excel_2019_and_libreoffice_share() -> None:
    assert_formulas_portable(SPEC)


def test_no_cell_shows_an_error_value(books: dict[str, RepbookWorkbook]) -> None:
    assert_no_error_values(books)


def test_completion_and_behind_read_as_python_computes_them(books: dict[str, RepbookWorkbook]) -> None:
    for name, rows, progress in (("ahead", AHEAD, time_progress()), ("behind", BEHIND, time_progress()),
                                 ("quarter", AHEAD, time_progress(QUARTER, QUARTER_AS_OF)),
                                 ("sample", sampled()["plan_progress"], time_progress())):
        seen = shown(books[name], "plan_progress")
        assert [r["indicator"] for r in seen] == [r["indicator"] for r in rows]
        for typed, row in zip(rows, seen, strict=True):
            expected = reviews.progress_line(typed, progress)
            assert (None if blank(row["completion"]) else row["completion"]) == pytest.approx(expected["completion"])
            assert row["time_progress"] == pytest.approx(progress)
            assert (None if blank(row["behind"]) else row["behind"]) == expected["behind"]


def test_hand_worked_plan_progress(books: dict[str, RepbookWorkbook]) -> None:
    assert value(books["ahead"], "rb_time_progress") == pytest.approx(11 / 18)
    seen = {r["indicator"]: r for r in shown(books["ahead"], "plan_progress")}
    assert seen["销售额"]["completion"] == pytest.approx(0.5)
    assert seen["销售额"]["behind"] == "yes"
    assert seen["回款"]["behind"] == "no"
    assert blank(seen["新增客户数"]["completion"]) and blank(seen["新增客户数"]["behind"])  # no actual: blank, not 0%
    assert value(books["ahead"], "rb_overall_completion") == pytest.approx((0.5 + 0.75 + 60 / 90) / 3)
    assert value(books["behind"], "rb_overall_completion") == pytest.approx(0.45)


def test_an_indicator_behind_time_progress_is_amber_with_room_for_the_reason(generated: dict[str, Path]) -> None:
    sheet = openpyxl.load_workbook(generated["ahead"])[SPEC.sheets[0].name("zh-CN")]
    first_col, header_row, _, _ = range_boundaries(sheet.tables["tblPlanProgress"].ref)
    letter = {c.id: get_column_letter(first_col + i) for i, c in enumerate(SPEC.table("plan_progress").columns)}
    amber = [(str(cf.sqref), rule.formula[0]) for cf in sheet.conditional_formatting for rule in cf.rules
             if rule.dxf is not None and "FFEB9C" in str(rule.dxf.fill.bgColor.rgb)]
    when = f'${letter["behind"]}{header_row + 1}="是"'
    covered = " ".join(where for where, formula in amber if formula == when)
    for column in ("completion", "behind", "reason"):
        assert f"{letter[column]}{header_row + 1}:" in covered


def test_overall_completion_over_a_quarter_uses_the_quarter_time_progress(books: dict[str, RepbookWorkbook]) -> None:
    book = books["quarter"]
    calendar = build_calendar(QUARTER.start, QUARTER.end)
    assert value(book, "rb_workdays_total") == calendar.working_days(QUARTER.start, QUARTER.end)
    assert value(book, "rb_time_progress") == pytest.approx(time_progress(QUARTER, QUARTER_AS_OF))
    completion = reviews.overall_completion(AHEAD)
    assert value(book, "rb_overall_completion") == pytest.approx(completion)
    expected = reviews.suggested_action(3, 3, 3, completion, time_progress(QUARTER, QUARTER_AS_OF))
    assert action_code(book) == expected == "keep"  # 63.9% against 33 of the quarter's 62 working days


def test_customer_base_change_and_trend_per_star(books: dict[str, RepbookWorkbook]) -> None:
    expected = reviews.customer_base_lines(BASE)
    seen = {r["star"]: r for r in shown(books["ahead"], "customer_base")}
    assert list(seen) == [5, 4, 3, 2, 1]
    for star, line in expected.items():
        assert (None if blank(seen[star]["change"]) else seen[star]["change"]) == line["change"]
        assert (None if blank(seen[star]["trend"]) else seen[star]["trend"]) == line["trend"]
    assert [expected[s]["trend"] for s in (5, 4, 3, 2, 1)] == ["flat", "up", "down", "flat", None]


def test_prefilled_review_starts_from_the_control_customers_and_shows_no_trend_yet(
        books: dict[str, RepbookWorkbook]) -> None:
    team = make_team(MONTH)
    rep = team.reps[0]
    mine = team.customers_of(rep.rep_id)
    seen = {r["star"]: r for r in shown(books["prefill"], "customer_base")}
    for star in (5, 4, 3, 2, 1):
        assert seen[star]["open_start"] == sum(1 for c in mine if c.star == star and c.status == "open")
        assert seen[star]["closed_start"] == sum(1 for c in mine if c.star == star and c.status == "closed")
        assert blank(seen[star]["change"]) and blank(seen[star]["trend"])
    names = [r["indicator"] for r in shown(books["prefill"], "plan_progress")]
    assert names and names == [t["name"] for t in team.rep_targets[rep.rep_id]
                               if t.get("must") is not None and t.get("direction", "higher") == "higher"]
    assert value(books["prefill"], "rb_overall_completion") is None  # no actuals yet: blank, not 0%
    assert value(books["prefill"], "rb_suggested_action") is None


def test_chain_from_plan_to_result(books: dict[str, RepbookWorkbook]) -> None:
    for name in ("ahead", "sample", "en"):
        book = books[name]
        fields = {k: value(book, f"rb_{k}") for k in CHAIN}
        rates = reviews.chain_rates(fields)
        assert value(book, "rb_visit_completion") == pytest.approx(rates["visit_completion"])
        assert value(book, "rb_conversion") == pytest.approx(rates["conversion"])
    assert value(books["ahead"], "rb_visit_completion") == pytest.approx(34 / 40)
    assert value(books["ahead"], "rb_conversion") == pytest.approx(0.1)
    assert value(books["prefill"], "rb_visit_completion") is None  # nothing planned: blank


def test_close_rate_by_contact_method(books: dict[str, RepbookWorkbook]) -> None:
    seen = {r["method"]: r for r in shown(books["ahead"], "by_method")}
    assert len(seen) == len(catalogue().choice_list("contact_method"))
    for row in BY_METHOD:
        expected = reviews.conversion(row["closes"], row["contacts"])
        assert (None if blank(seen[row["method"]]["conversion"]) else seen[row["method"]]["conversion"]) == (
            pytest.approx(expected) if expected is not None else None)
    assert blank(seen["email"]["conversion"])  # nothing typed: blank


@pytest.mark.parametrize("case", list(TYPED))
def test_typed_scores_give_the_action_the_rule_says(books: dict[str, RepbookWorkbook], case: str) -> None:
    _, scores, expected = TYPED[case]
    book = books[f"typed-{case}"]
    python = reviews.suggested_action(*scores, value(book, "rb_overall_completion"), value(book, "rb_time_progress"))
    assert action_code(book) == python == expected


def test_changing_a_score_changes_the_suggested_action(books: dict[str, RepbookWorkbook]) -> None:
    # The same review, only the ability score differs: 4 -> keep going, 2 -> coach on the job.
    assert action_code(books["ahead"]) == "keep"
    assert action_code(books["typed-low-ability"]) == "coach"
    assert action_code(books["unscored"]) is None  # blank until the manager scores


def test_the_rule_is_written_next_to_the_action_and_the_applying_row_is_marked(
        books: dict[str, RepbookWorkbook]) -> None:
    cat = catalogue()
    cases: tuple[tuple[str, Locale, str | None], ...] = (("typed-low-motivation", "zh-CN", "motivate"), ("zh-TW", "zh-TW", "observe"),
                                                          ("en", "en", "observe"), ("unscored", "zh-CN", None))
    for name, loc, expected in cases:
        rows = shown(books[name], "action_rules")
        assert [r["action"] for r in rows] == [c.code for c in cat.choice_list("review_action")]
        for row in rows:
            assert row["rule"] == cat.label(f"review_rule_{row['action']}", loc)
        assert [r["action"] for r in rows if r["applies"] == "yes"] == ([expected] if expected else [])


def test_the_rule_table_agrees_with_the_python_rule_for_every_score() -> None:
    # The conditions on the sheet are exclusive and cover every case; check them against
    # the ordered rule for all 125 score combinations, behind and not.
    def written(p: int, m: int, a: int, behind: bool) -> set[str]:
        conditions = {
            "reassign": p <= 2 or (a <= 2 and m <= 2),
            "coach": p >= 3 and a <= 2 and m >= 3,
            "motivate": p >= 3 and m <= 2 and a >= 3,
            "observe": min(p, m, a) >= 3 and behind,
            "keep": min(p, m, a) >= 3 and not behind,
        }
        return {action for action, holds in conditions.items() if holds}

    for p in range(1, 6):
        for m in range(1, 6):
            for a in range(1, 6):
                for completion in (0.4, 0.8):
                    assert written(p, m, a, completion < 0.6) == {reviews.suggested_action(p, m, a, completion, 0.6)}


def test_traditional_chinese_and_english_compute_alike(books: dict[str, RepbookWorkbook]) -> None:
    for name, behind in (("zh-TW", "是"), ("en", "Yes")):
        book = books[name]
        assert value(book, "rb_overall_completion") == pytest.approx(0.45)
        assert action_code(book) == "observe"
        flags = [r["behind"] for r in book.table_rows(SPEC.table("plan_progress"))]
        assert flags == [behind, behind]


def test_evaluation_scores_accept_one_to_five_only(generated: dict[str, Path]) -> None:
    evaluation = next(s for s in SPEC.sheets if s.id == "evaluation")
    block = next(b for b in evaluation.blocks if isinstance(b, Fields))
    assert {f.id: f.type for f in block.fields if f.id in SCORES} == dict.fromkeys(SCORES, "star")
    sheet = openpyxl.load_workbook(generated["ahead"])[evaluation.name("zh-CN")]
    ranges = [(dv.formula1, dv.formula2) for dv in sheet.data_validations.dataValidation if dv.type == "whole"]
    assert ranges and all(r == ("1", "5") for r in ranges)
