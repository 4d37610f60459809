"""Rules of the plan and archive forms, each landing on the cell a rep got wrong."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from repbook.commands.context import form_context
from repbook.demo.team import make_team
from repbook.generators.workbook import build_workbook
from repbook.model import ControlData
from repbook.periods import parse_period
from repbook.validation.issues import Issue
from repbook.validation.validate import validate_paths
from tests.support.workbooks import type_cells

PERIOD = parse_period("2026-12")


@pytest.fixture(scope="module")
def team() -> ControlData:
    return make_team(PERIOD)


def form(team: ControlData, name: str, folder: Path, rows: dict[str, list[dict[str, object]]] | None = None) -> Path:
    ctx = form_context(name, team.reps[0], PERIOD, team, "zh-CN", rows=rows)
    return build_workbook(ctx, folder / f"{name}.xlsx")


def found(path: Path, code: str) -> list[Issue]:
    return [i for i in validate_paths([path]).issues() if i.code == code]


def test_a_weekly_plan_visit_outside_its_week(team: ControlData, tmp_path: Path) -> None:
    visits = [{"week": "2026-W50", "date": datetime(2026, 12, 8), "customer": "杭州华联超市", "purpose": "service"},
              {"week": "2026-W50", "date": datetime(2026, 12, 9), "customer": "宁波四明商贸", "purpose": "order"}]
    path = form(team, "weekly-plan", tmp_path, {"visits": visits})
    assert found(path, "date-outside-week") == []
    cells = type_cells(path, "weekly-plan", {("visits", "date", 1): datetime(2026, 12, 15)})
    issues = found(path, "date-outside-week")
    assert [(i.cell, i.severity) for i in issues] == [(cells[("visits", "date", 1)], "error")]
    assert "2026-12-07" in issues[0].message and "2026-12-13" in issues[0].message


def test_a_time_split_that_does_not_add_up_to_the_month(team: ControlData, tmp_path: Path) -> None:
    path = form(team, "monthly-plan", tmp_path)
    assert found(path, "split-sum-mismatch") == []  # generate splits exactly
    type_cells(path, "monthly-plan", {("time_split", "target", 0): 999})
    issues = found(path, "split-sum-mismatch")
    assert len(issues) == 1
    assert issues[0].sheet == "月度计划" and "销售额" in issues[0].message


def test_duplicate_customer_ids_and_the_closed_scale(team: ControlData, tmp_path: Path) -> None:
    path = form(team, "customer-archive", tmp_path)
    assert found(path, "duplicate-customer-id") == []
    rows = team.customers_of(team.reps[0].rep_id)
    closed = next(i for i, c in enumerate(rows) if c.status == "closed")
    cells = type_cells(path, "customer-archive", {("customers", "customer_id", 3): rows[1].customer_id,
                                                  ("customers", "cumulative_amount", closed): None})
    duplicate = found(path, "duplicate-customer-id")
    assert [(i.cell, i.severity) for i in duplicate] == [(cells[("customers", "customer_id", 3)], "error")]
    scale = found(path, "closed-star-scale")
    assert [(i.cell, i.severity) for i in scale] == [(cells[("customers", "cumulative_amount", closed)], "warning")]
