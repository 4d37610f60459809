"""Who returned what and when: counts per rep equal what the test planted."""

from __future__ import annotations

import json
import shutil
from datetime import datetime, timedelta
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from repbook.cli import app
from repbook.commands.consolidate import consolidate
from repbook.commands.demo import DemoResult, run_demo
from repbook.core.discipline import DEFAULT_RULES, due_at
from repbook.io.stamps import set_saved_at
from repbook.periods import parse_period
from repbook.workdays import build_calendar

PERIOD = parse_period("2026-10")
CALENDAR = build_calendar(PERIOD.start, PERIOD.end + timedelta(days=31))
runner = CliRunner()


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoResult:
    return run_demo(tmp_path_factory.mktemp("demo"), PERIOD, "zh-CN", jobs=2)


def file_of(folder: Path, rep_id: str, stem: str) -> Path:
    return next(p for p in folder.rglob(f"{stem}_*.xlsx") if f"_{rep_id}_" in p.parent.name)


def test_missing_late_and_half_filled_returns_are_counted(demo: DemoResult, tmp_path: Path) -> None:
    returned = Path(shutil.copytree(demo.control.parent / "returned", tmp_path / "returned"))
    rules = {r.form: r for r in DEFAULT_RULES}
    for path in returned.rglob("*.xlsx"):  # everyone on time...
        form = next((f for f, stem in (("monthly-plan", "月度工作计划表"), ("weekly-plan", "周工作计划"),
                                       ("work-log", "工作日志"), ("customer-archive", "客户档案表"),
                                       ("competitor-info", "竞争对手信息表")) if path.name.startswith(stem)), None)
        if form:
            set_saved_at(path, due_at(rules[form], PERIOD, CALENDAR) - timedelta(hours=2))
    file_of(returned, "R02", "月度工作计划表").unlink()  # ...except what we plant
    file_of(returned, "R05", "工作日志").unlink()
    late = file_of(returned, "R03", "周工作计划")
    set_saved_at(late, due_at(rules["weekly-plan"], PERIOD, CALENDAR) + timedelta(hours=5))
    archive = file_of(returned, "R04", "客户档案表")
    book = openpyxl.load_workbook(archive)
    sheet = book["客户档案"]
    for row in range(8, 13):  # five customers without a name (a required cell)
        sheet.cell(row, 2).value = None
    book.save(archive)
    set_saved_at(archive, due_at(rules["customer-archive"], PERIOD, CALENDAR) - timedelta(hours=1))

    master = tmp_path / "master.xlsx"
    consolidate([returned], master, jobs=2, control_path=demo.control)
    result = runner.invoke(app, ["status", str(master), "--json"])
    assert result.exit_code == 1  # something is missing or late
    lines = {line["rep_id"]: line for line in json.loads(result.stdout)}
    assert len(lines) == 8
    assert {rep: (line["missing"], line["late"]) for rep, line in lines.items() if line["missing"] or line["late"]} == {
        "R02": (1, 0), "R05": (1, 0), "R03": (0, 1)}
    assert lines["R02"]["forms"]["monthly-plan"] == "missing"
    assert lines["R03"]["forms"]["weekly-plan"] == "late"
    assert lines["R05"]["log_days"] is None
    assert lines["R01"]["log_days"] == pytest.approx(1.0, abs=0.2)
    assert lines["R04"]["completeness"] < lines["R01"]["completeness"]

    # Reminders go, through a real SMTP server, to exactly the reps with something missing or late.
    from repbook.commands.send import send_reminders
    from repbook.io.control import read_control
    from repbook.mail.transport import SmtpSettings
    from tests.support.smtp_server import Inbox, smtp_server

    emails = {r.rep_id: r.email for r in read_control(demo.control).reps}
    inbox = Inbox()
    with smtp_server(inbox) as port:
        report = send_reminders(demo.control, master, smtp=SmtpSettings("127.0.0.1", port, "plain", backoff=0.01))
        again = send_reminders(demo.control, master, smtp=SmtpSettings("127.0.0.1", port, "plain", backoff=0.01))
    assert sorted(o.rep_id for o in report.outcomes if o.status == "sent") == ["R02", "R03", "R05"]
    assert {o.status for o in again.outcomes} == {"already-sent"}  # the journal: no second reminder
    bodies = {next(r for r in recipients if r != "chen.jianguo@example.com"): m.get_body(("plain",)).get_content()
              for recipients, m in inbox.messages}
    assert "月度工作计划表" in bodies[emails["R02"]]
    assert "工作日志" in bodies[emails["R05"]]
    assert "截止时间之后" in bodies[emails["R03"]] and "周工作计划" in bodies[emails["R03"]]


def test_due_times_follow_the_working_day_calendar() -> None:
    rules = {r.form: r for r in DEFAULT_RULES}
    # October 2026: the 8th is the first working day after National Day; the 10th (Saturday) is worked.
    assert due_at(rules["weekly-plan"], PERIOD, CALENDAR) == datetime(2026, 10, 8, 12, 0)
    assert due_at(rules["monthly-plan"], PERIOD, CALENDAR) == datetime(2026, 10, 10, 12, 0)
    assert due_at(rules["work-log"], PERIOD, CALENDAR) == datetime(2026, 11, 2, 10, 0)


def test_rules_and_visit_cycles_live_on_the_control_workbook(demo: DemoResult, tmp_path: Path) -> None:
    from dataclasses import replace
    from datetime import time

    from repbook.core.discipline import DueRule
    from repbook.io.control import read_control, write_control

    control = read_control(demo.control)
    assert control.reporting_rules == DEFAULT_RULES
    assert control.visit_cycles[5] == 7 and control.visit_cycles[1] == 60
    stricter = replace(control, reporting_rules=(DueRule("monthly-plan", "period_start", 1, time(9, 30)),),
                       visit_cycles={**control.visit_cycles, 5: 5})
    write_control(tmp_path / "control.xlsx", stricter, PERIOD, "zh-CN")
    again = read_control(tmp_path / "control.xlsx")
    assert again.reporting_rules == stricter.reporting_rules
    assert again.visit_cycles[5] == 5


def test_visits_due_and_reclaim_candidates_match_pandas(demo: DemoResult) -> None:
    import pandas as pd

    from repbook.consolidation.summaries import master_as_of
    from tests.support.workbooks import table_frame

    as_of = pd.Timestamp(master_as_of(PERIOD))
    customers = table_frame(demo.master, "tblMCustomers")
    last = pd.to_datetime(customers["最近联系"])
    cycle = customers["星级"].map({5: 7, 4: 14, 3: 30, 2: 45, 1: 60})
    due = customers[last + pd.to_timedelta(cycle, unit="D") <= as_of]
    listed = table_frame(demo.master, "tblSumVisitsDue")
    assert sorted(listed["客户"]) == sorted(due["客户名称"])
    assert len(listed) > 0
    stale = customers[(as_of - last).dt.days > 90]
    reclaim = table_frame(demo.master, "tblSumReclaim")
    assert sorted(reclaim["客户"].dropna()) == sorted(stale["客户名称"])
