"""Reviews pre-filled from the master: every number traceable, the suggested action live."""

from __future__ import annotations

import zipfile
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from repbook.commands.demo import DemoResult, run_demo
from repbook.commands.review import ReviewFile, write_reviews
from repbook.core import reviews
from repbook.io.workbook_reader import RepbookWorkbook
from repbook.locale import catalogue
from repbook.periods import parse_period
from repbook.spec import load_spec
from tests.support.libreoffice import LibreOffice
from tests.support.workbooks import error_cells, table_frame

PERIOD = parse_period("2026-10")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoResult:
    return run_demo(tmp_path_factory.mktemp("demo"), PERIOD, "zh-CN", jobs=2)


@pytest.fixture(scope="module")
def made(demo: DemoResult, tmp_path_factory: pytest.TempPathFactory) -> list[ReviewFile]:
    return write_reviews(demo.control, demo.master, PERIOD, tmp_path_factory.mktemp("reviews"))


def rows_of(path: Path, table: str) -> list[dict[str, object]]:
    return RepbookWorkbook(path).table_rows(load_spec("review").table(table), coded=True)


def test_plan_progress_equals_the_master(demo: DemoResult, made: list[ReviewFile]) -> None:
    targets = table_frame(demo.master, "tblMTargets")
    higher = targets[targets["方向"] == "越高越好"]
    expected = higher.groupby(["工号", "指标"])[["必达目标", "实际完成"]].sum()
    assert len(made) == 8
    for review in made:
        shown = {r["indicator"]: (r["target"], r["actual"]) for r in rows_of(review.path, "plan_progress")}
        mine = expected.loc[review.rep_id]
        assert shown == {name: (pytest.approx(v["必达目标"]), pytest.approx(v["实际完成"])) for name, v in mine.iterrows()}


def test_activity_chain_and_customers_at_the_end_equal_the_master(demo: DemoResult, made: list[ReviewFile]) -> None:
    log = table_frame(demo.master, "tblMLog")
    log = log[pd.to_datetime(log["日期"], errors="coerce").notna()]
    visits = table_frame(demo.master, "tblMVisits")
    customers = table_frame(demo.master, "tblMCustomers")
    for review in made:
        book = RepbookWorkbook(review.path)
        mine = log[log["工号"] == review.rep_id]
        assert book.named_value("rb_contacts") == len(mine)
        assert book.named_value("rb_closes") == int((mine["进展"] == "成交").sum())
        assert book.named_value("rb_orders_amount") == pytest.approx(mine["订单金额"].fillna(0).sum())
        planned = visits[(visits["工号"] == review.rep_id) & visits["客户"].notna()]
        assert book.named_value("rb_planned_visits") == len(planned)
        assert book.named_value("rb_done_visits") == int((planned["是否完成"] == "是").sum())
        by_method = {r["method"]: (r["contacts"], r["closes"]) for r in rows_of(review.path, "by_method")}
        for method in catalogue().choice_list("contact_method"):
            label = method.text("zh-CN")
            with_method = mine[mine["接触方式"] == label]
            assert by_method[method.code] == (len(with_method), int((with_method["进展"] == "成交").sum()))
        base = {r["star"]: (r["open_end"], r["closed_end"]) for r in rows_of(review.path, "customer_base")}
        archive = customers[customers["工号"] == review.rep_id]
        for star in range(1, 6):
            at_star = archive[archive["星级"] == star]
            assert base[star] == (int((at_star["成交状态"] == "未成交").sum()), int((at_star["成交状态"] == "已成交").sum()))


def test_reviews_recalculate_and_carry_two_charts(made: list[ReviewFile], libreoffice: LibreOffice) -> None:
    outputs = libreoffice.recalculate([m.path for m in made])
    for review, output in zip(made, outputs, strict=True):
        assert error_cells(output) == []
        for row in RepbookWorkbook(output).table_rows(load_spec("review").table("plan_progress")):
            assert row["completion"] == pytest.approx(row["actual"] / row["target"])
        with zipfile.ZipFile(review.path) as package:
            assert len([n for n in package.namelist() if n.startswith("xl/charts/chart")]) == 2


def score(path: Path, personality: int, motivation: int, ability: int) -> Path:
    """The manager types three scores into the evaluation, as in Excel."""
    book = openpyxl.load_workbook(path)
    for name, value in (("rb_personality", personality), ("rb_motivation", motivation), ("rb_ability", ability)):
        sheet, cell = next(iter(book.defined_names[name].destinations))
        book[sheet][cell.replace("$", "")] = value
    target = path.with_name(f"{path.stem}-{personality}{motivation}{ability}.xlsx")
    book.save(target)
    return target


def test_changing_a_score_changes_the_suggested_action(made: list[ReviewFile], libreoffice: LibreOffice) -> None:
    path = made[0].path
    cases = {(2, 4, 4): "reassign", (4, 4, 2): "coach", (4, 2, 4): "motivate", (2, 5, 5): "reassign"}
    files = [score(path, *scores) for scores in cases]
    for (scores, expected), output in zip(cases.items(), libreoffice.recalculate(files), strict=True):
        book = RepbookWorkbook(output)
        shown = catalogue().choice_code("review_action", book.named_value("rb_suggested_action"))
        assert shown == expected == reviews.suggested_action(*scores, book.named_value("rb_overall_completion"),
                                                             book.named_value("rb_time_progress"))
    (fine,) = libreoffice.recalculate([score(path, 4, 4, 4)])
    book = RepbookWorkbook(fine)
    behind = book.named_value("rb_overall_completion") < book.named_value("rb_time_progress")
    assert catalogue().choice_code("review_action", book.named_value("rb_suggested_action")) == (
        "observe" if behind else "keep")
