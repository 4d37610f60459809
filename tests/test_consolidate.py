"""A manager consolidates the returned folder: every row accounted for, fast re-runs, one level up."""

from __future__ import annotations

import json
import shutil
from datetime import datetime
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from typer.testing import CliRunner

from repbook.cli import app
from repbook.commands.consolidate import consolidate
from repbook.commands.demo import DemoResult, run_demo
from repbook.consolidation.summaries import master_as_of
from repbook.locale import catalogue
from repbook.periods import parse_period, week_parts
from repbook.validation.validate import validate_file
from tests.support import hostile
from tests.support.libreoffice import LibreOffice
from tests.support.workbooks import error_cells, table_frame

PERIOD = parse_period("2026-10")
runner = CliRunner()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoResult:
    return run_demo(tmp_path_factory.mktemp("demo"), PERIOD, "zh-CN", jobs=2)


@pytest.fixture
def returned(demo: DemoResult, tmp_path: Path) -> Path:
    """A private copy of the returned folder the test may change."""
    return Path(shutil.copytree(demo.control.parent / "returned", tmp_path / "returned"))


def logs_in(folder: Path) -> list[Path]:
    return sorted(folder.rglob("工作日志_*.xlsx"))


def test_every_input_row_is_consolidated_or_listed_with_its_reason(demo: DemoResult) -> None:
    c = demo.consolidation
    assert c.input_rows == c.consolidated_rows + c.rejected_rows > 1500
    for outcome in c.files:
        assert outcome.input_rows == outcome.consolidated + outcome.rejected
        assert outcome.input_rows == validate_file(Path(outcome.path))[0].rows
    rejected = table_frame(demo.master, "tblMRejected")
    assert len(rejected) == c.rejected_rows
    assert rejected["原因"].notna().all()
    master_rows = sum(len(table_frame(demo.master, name)) for name in
                      ("tblMLog", "tblMCustomers", "tblMTargets", "tblMVisits", "tblMCompetitors", "tblMMeetings"))
    assert master_rows <= c.consolidated_rows


def test_a_row_with_an_error_is_not_consolidated(demo: DemoResult) -> None:
    bad = [m for m in demo.mistakes if m.expected_code == "choice-invalid"]
    rejected = table_frame(demo.master, "tblMRejected")
    for mistake in bad:
        row = int(mistake.cell.lstrip("ABCDEFGHIJKLMNOPQRSTUVWXYZ"))
        hit = rejected[(rejected["文件"] == mistake.file.name) & (rejected["行号"] == row)]
        assert len(hit) == 1
        assert "飞鸽传书" in hit["原因"].iloc[0]


def test_same_file_twice_and_an_older_version(returned: Path, tmp_path: Path) -> None:
    log = logs_in(returned)[0]
    twin = shutil.copy(log, returned / "again.xlsx")
    newer = returned / "corrected.xlsx"
    shutil.copy(logs_in(returned)[1], newer)
    book = openpyxl.load_workbook(newer)
    book.properties.modified = datetime(2030, 1, 1)  # saved after the original
    book.save(newer)
    result = consolidate([returned], tmp_path / "master.xlsx", jobs=1)
    status = {Path(f.path).name: f.status for f in result.files}
    # Identical files: the first found counts, the other is listed as its duplicate.
    assert sorted((status[Path(twin).name], status[log.name])) == ["consolidated", "duplicate"]
    assert status[logs_in(returned)[1].name] == "superseded"
    assert status["corrected.xlsx"] == "consolidated"
    assert result.input_rows == result.consolidated_rows + result.rejected_rows


def test_a_broken_file_is_listed_and_the_batch_goes_on(returned: Path, tmp_path: Path) -> None:
    hostile.truncated(logs_in(returned)[0], returned / "half.xlsx")
    hostile.renamed_pdf(returned / "scan.xlsx")
    result = consolidate([returned], tmp_path / "master.xlsx", jobs=2)
    status = {Path(f.path).name: (f.status, f.reason) for f in result.files}
    assert status["half.xlsx"][0] == "refused"
    assert status["scan.xlsx"][0] == "refused"
    assert "xlsx" in status["scan.xlsx"][1]
    assert sum(1 for s, _ in status.values() if s == "consolidated") == 64


def test_a_rerun_reads_only_what_changed(returned: Path, tmp_path: Path) -> None:
    master = tmp_path / "master.xlsx"
    first = consolidate([returned], master, jobs=2)
    assert (first.read, first.cached) == (64, 0)
    again = consolidate([returned], master, jobs=2)
    assert (again.read, again.cached) == (0, 64)
    assert again.consolidated_rows == first.consolidated_rows
    for log in logs_in(returned)[:3]:
        book = openpyxl.load_workbook(log)
        sheet = book["日志"]
        sheet["F8"] = "补记: 客户要求月底前送样"
        book.save(log)
    third = consolidate([returned], master, jobs=2)
    assert (third.read, third.cached) == (3, 61)
    removed = logs_in(returned)[-1]
    rows_removed = next(f.input_rows for f in third.files if f.path == str(removed))
    removed.unlink()
    fourth = consolidate([returned], master, jobs=2)
    assert fourth.read == 0
    assert fourth.input_rows == third.input_rows - rows_removed


def test_regional_masters_consolidate_into_the_company_master(demo: DemoResult, tmp_path: Path) -> None:
    folders = sorted((demo.control.parent / "returned").iterdir())
    regions: dict[str, list[Path]] = {}
    for folder in folders:
        regions.setdefault(folder.name.split("_")[0], []).append(folder)
    masters = []
    for region, paths in regions.items():
        result = consolidate(paths, tmp_path / f"{region}.xlsx", jobs=2)
        masters.append((tmp_path / f"{region}.xlsx", result))
    company = consolidate([m for m, _ in masters], tmp_path / "company" / "company.xlsx", jobs=1)
    assert company.consolidated_rows == sum(r.consolidated_rows for _, r in masters)
    assert company.rejected_rows == sum(r.rejected_rows for _, r in masters)
    log = table_frame(tmp_path / "company" / "company.xlsx", "tblMLog")
    assert set(log["来源区域"]) == set(regions)
    assert len(log) == sum(len(table_frame(m, "tblMLog")) for m, _ in masters)


def test_inputs_are_untouched_and_no_temporary_file_is_left(returned: Path, tmp_path: Path) -> None:
    before = {p: p.read_bytes() for p in returned.rglob("*.xlsx")}
    consolidate([returned], tmp_path / "out" / "master.xlsx", jobs=2)
    assert {p: p.read_bytes() for p in returned.rglob("*.xlsx")} == before
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["master.xlsx", "master.xlsx.manifest.json"]


def test_the_cli_prints_the_reconciliation(returned: Path, tmp_path: Path) -> None:
    result = runner.invoke(app, ["consolidate", str(returned), "-o", str(tmp_path / "m.xlsx"), "--json", "--jobs", "2"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.stdout)
    assert payload["input_rows"] == payload["consolidated"] + payload["rejected"]
    assert payload["files_read"] == 64


@pytest.fixture(scope="module")
def recalculated_master(demo: DemoResult, libreoffice: LibreOffice) -> Path:
    (path,) = libreoffice.recalculate([demo.master])
    return path


def test_summaries_recalculate_and_equal_pandas_on_the_master_rows(demo: DemoResult, recalculated_master: Path) -> None:
    assert error_cells(recalculated_master) == []
    as_of = pd.Timestamp(master_as_of(PERIOD))
    targets = table_frame(demo.master, "tblMTargets")
    overview = table_frame(recalculated_master, "tblSumOverview")
    expected = targets.groupby(["工号", "指标"])[["必达目标", "实际完成"]].sum()
    for _, line in overview.iterrows():
        must, actual = expected.loc[(line["工号"], line["指标"])]
        assert line["目标"] == pytest.approx(must)
        assert line["实际"] == pytest.approx(actual)
        assert line["完成率"] == pytest.approx(actual / must)
    sales = overview[overview["指标"] == "销售额"].sort_values("完成率", ascending=False)
    assert list(sales["排名"]) == list(range(1, len(sales) + 1))

    customers = table_frame(demo.master, "tblMCustomers")
    structure = table_frame(recalculated_master, "tblSumStructure").set_index("工号")
    counts = customers.groupby(["工号", "星级", "成交状态"]).size()
    for rep, line in structure.iterrows():
        for star in range(1, 6):
            assert line[f"{star}星未成交"] == counts.get((rep, star, "未成交"), 0)
            assert line[f"{star}星已成交"] == counts.get((rep, star, "已成交"), 0)
        overdue = customers[(customers["工号"] == rep) & (pd.to_datetime(customers["下次联系"]) < as_of)]
        assert line["逾期跟进"] == len(overdue)
    overdue_list = table_frame(demo.master, "tblSumOverdue")
    assert len(overdue_list) == int((pd.to_datetime(customers["下次联系"]) < as_of).sum())

    log = table_frame(demo.master, "tblMLog")
    log = log[pd.to_datetime(log["日期"], errors="coerce").notna()]
    activity = table_frame(recalculated_master, "tblSumActivity")
    phone = catalogue().choice_label("contact_method", "phone", "zh-CN")
    for week in week_parts(PERIOD):
        in_week = log[(pd.to_datetime(log["日期"]) >= pd.Timestamp(week.start)) &
                      (pd.to_datetime(log["日期"]) <= pd.Timestamp(week.end))]
        shown = activity[activity["周次"] == week.code].set_index("工号")
        for rep, line in shown.iterrows():
            mine = in_week[in_week["工号"] == rep]
            assert line["接触合计"] == len(mine)
            assert line[phone] == int((mine["接触方式"] == phone).sum())


def test_the_control_workbook_sets_the_weekly_contact_target(demo: DemoResult, tmp_path: Path,
                                                            libreoffice: LibreOffice) -> None:
    from dataclasses import replace

    from repbook.io.control import read_control, write_control

    control = read_control(demo.control)
    strict = tmp_path / "control.xlsx"
    write_control(strict, replace(control, settings={**control.settings, "daily_contact_target": 4}), PERIOD, "zh-CN")
    master = tmp_path / "master.xlsx"
    consolidate([demo.control.parent / "returned"], master, jobs=2, control_path=strict)
    (recalculated,) = libreoffice.recalculate([master])
    activity = table_frame(recalculated, "tblSumActivity")
    assert (activity["目标"] == activity["工作日"] * 4).all()
    assert activity["工作日"].max() == 5


def test_the_team_reading_follows_its_rule_on_the_signals_shown(demo: DemoResult, recalculated_master: Path) -> None:
    from repbook.core.team_reading import Signals, team_stage
    from repbook.io.workbook_reader import RepbookWorkbook

    book = RepbookWorkbook(recalculated_master)
    overview = table_frame(recalculated_master, "tblSumOverview")
    sales = overview[overview["指标"] == book.named_value("rb_team_main")]
    assert book.named_value("rb_sig_spread") == pytest.approx(sales["完成率"].max() - sales["完成率"].min())
    assert book.named_value("rb_sig_behind") == pytest.approx((sales["预警"].notna()).mean())
    structure = table_frame(recalculated_master, "tblSumStructure")
    assert book.named_value("rb_sig_overdue") == pytest.approx(structure["逾期跟进"].mean())
    trend = book.named_value("rb_sig_trend")
    signals = Signals(trend if isinstance(trend, float) else None, book.named_value("rb_sig_spread"),
                      book.named_value("rb_sig_behind"), book.named_value("rb_sig_overdue"),
                      book.named_value("rb_sig_turnover"))
    code = catalogue().choice_code("team_stage", book.named_value("rb_team_stage"))
    assert code == team_stage(signals)
    assert book.named_value("rb_team_history") is not None  # the demo passes its control workbook


def test_the_master_uses_only_allowed_functions(demo: DemoResult) -> None:
    from repbook.formulas import ALLOWED_FUNCTIONS, functions_used
    from tests.support.workbooks import formulas

    for where, formula in formulas(demo.master):
        assert not functions_used(formula) - ALLOWED_FUNCTIONS, f"{where}: {formula}"
        if "MAXIFS(" in formula or "MINIFS(" in formula:
            assert "_xlfn." in formula, where
