"""Two consecutive periods: rolled over, the second keeps every customer and open item of the first."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from repbook.cli import app
from repbook.commands.consolidate import consolidate
from repbook.commands.demo import DemoResult, run_demo
from repbook.io.control import read_control
from repbook.io.workbook_reader import RepbookWorkbook
from repbook.periods import parse_period
from repbook.spec import load_spec
from tests.support.workbooks import table_frame

runner = CliRunner()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoResult:
    return run_demo(tmp_path_factory.mktemp("demo"), parse_period("2026-10"), "zh-CN", jobs=2)


def test_the_next_period_keeps_every_customer_and_open_item(demo: DemoResult, tmp_path: Path) -> None:
    out = tmp_path / "2026-11"
    result = runner.invoke(app, ["rollover", str(demo.control), "--from", str(demo.master), "--to", "2026-11",
                                 "-o", str(out), "--json", "--jobs", "2"])
    assert result.exit_code == 0, result.output
    summary = json.loads(result.stdout)
    customers = table_frame(demo.master, "tblMCustomers")
    actions = table_frame(demo.master, "tblMActions")
    open_actions = actions[actions["状态"] != "已完成"]
    assert summary["customers_carried"] == customers["客户名称"].nunique()
    assert summary["open_actions_carried"] == len(open_actions) > 0

    second = consolidate([out / "pack"], tmp_path / "master-2026-11.xlsx", jobs=2)
    assert second.rejected_rows == 0
    carried = table_frame(tmp_path / "master-2026-11.xlsx", "tblMCustomers")
    assert set(carried["客户名称"]) == set(customers["客户名称"])
    assert (carried["所属期间"] == "2026-11").all()
    carried_actions = table_frame(tmp_path / "master-2026-11.xlsx", "tblMActions")
    assert sorted(carried_actions["行动项"]) == sorted(open_actions["行动项"])
    # A customer in two reps' archives is kept once (with whoever contacted it last) and reported.
    assert len(summary["customers_in_two_archives"]) == len(customers) - customers["客户名称"].nunique()
    dated = customers.assign(last=pd.to_datetime(customers["最近联系"]).fillna(pd.Timestamp.min))
    latest = dated.loc[dated.groupby("客户名称", sort=False)["last"].idxmax()]  # ties: the first seen
    merged = carried.merge(latest, on="客户名称", suffixes=("", "_before"))
    assert (merged["星级"] == merged["星级_before"]).all()
    assert (pd.to_datetime(merged["下次联系"]) == pd.to_datetime(merged["下次联系_before"])).all()


def test_last_months_results_and_history_carry_over(demo: DemoResult, tmp_path: Path) -> None:
    from repbook.commands.rollover import roll_over

    result = roll_over(demo.control, demo.master, parse_period("2026-11"), tmp_path, jobs=1)
    targets = table_frame(demo.master, "tblMTargets")
    plan = next(f.path for f in result.pack if f.form == "monthly-plan" and f.rep_id == "R01")
    last = RepbookWorkbook(plan).table_rows(load_spec("monthly-plan").table("last_month"), coded=True)
    mine = targets[targets["工号"] == "R01"]
    assert [(r["indicator"], r["target"], r["actual"]) for r in last] == [
        (row["指标"], row["必达目标"], row["实际完成"]) for _, row in mine.iterrows()]
    before = read_control(demo.control)
    after = read_control(result.control)
    assert after.settings["period"] == "2026-11"
    assert len(after.history) == len(before.history) + result.history_rows
    assert {h["period"] for h in after.history} >= {"2026-10"}
