"""Every ribbon button, clicked on a demo team's workbooks without Excel: what the manager
sees (the alert, the books opened, the questions asked) and what the files then hold."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from repbook.addin import entry
from repbook.commands.demo import DemoResult, run_demo
from repbook.commands.split import run_split
from repbook.commands.status import read_status
from repbook.consolidation.extract import peek_metadata
from repbook.io.control import read_control, write_control
from repbook.io.workbook_port import FilePort
from repbook.locale import catalogue
from repbook.periods import parse_period
from repbook.spec import FORMS
from repbook.validation.marking import MARKS_SHEET
from repbook.validation.validate import validate_paths
from tests.support.excel import FileSession
from tests.support.smtp_server import PASSWORD, USER, Inbox, smtp_server
from tests.test_adopt import hand_made_log

PERIOD = parse_period("2026-10")
REPS = 8


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoResult:
    return run_demo(tmp_path_factory.mktemp("demo"), PERIOD, "zh-CN", jobs=2)


@pytest.fixture
def team(demo: DemoResult, tmp_path: Path) -> Path:
    """This test's own copy of the demo folder: control.xlsx, pack/, returned/, outbox/, master.xlsx, reviews/."""
    return Path(shutil.copytree(demo.control.parent, tmp_path / "team"))


@pytest.fixture(autouse=True)
def log_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(entry, "LOG_FILE", tmp_path / "addin.log")
    return tmp_path / "addin.log"


def click(button: str, session: FileSession, locale: str = "zh-CN") -> str:
    """Click ``button``; the one alert it ends with. No workbook Excel holds open was written meanwhile."""
    entry.on_action(f"Repbook_{button.replace('-', '_')}", locale, session)
    assert session.written_while_open() == []
    return session.message


def done(command: str, book: str) -> str:
    return f"{catalogue().label('cmd_' + command.replace('-', '_'), 'zh-CN')} 完成 ({book}): "


def a_rep_file(team: Path, folder: str, form: str, rep_id: str = "R01") -> Path:
    title = catalogue().choice_label("form", form, "zh-CN")
    return next(p for p in (team / folder).glob(f"*_{rep_id}_*/{title}_*.xlsx"))


def set_settings(control: Path, **settings: object) -> None:
    data = read_control(control)
    write_control(control, replace(data, settings={**data.settings, **settings}), PERIOD, "zh-CN")


# -- plan ---------------------------------------------------------------------------------

def test_new_control_workbook_is_saved_where_the_manager_says_and_opens(tmp_path: Path) -> None:
    target = tmp_path / "华东区主控簿"
    session = FileSession(None, answers=["2027-01"], new_files=[target])
    message = click("init", session)
    made = target.with_name(target.name + ".xlsx")
    assert session.opened == [made]
    assert message.startswith(done("init", "没有打开的工作簿") + f"已创建 {made} (2027-01)")
    data = read_control(made)
    assert data.settings["period"] == "2027-01" and data.reps == ()
    again = FileSession(made, answers=[""], new_files=[made])
    assert "repbook 不会覆盖区域主控簿" in click("init", again)


def test_cancelling_the_save_dialog_creates_nothing(tmp_path: Path) -> None:
    session = FileSession(None, answers=[""], new_files=[None])
    assert click("init", session) == "新建主控簿 已取消 (没有打开的工作簿), 没有做任何修改."
    assert list(tmp_path.rglob("*.xlsx")) == []


def test_split_writes_into_the_open_control_workbook_as_the_terminal_does(team: Path, tmp_path: Path) -> None:
    control = team / "control.xlsx"
    expected = tmp_path / "by-terminal.xlsx"
    shutil.copy(control, expected)
    terminal = run_split(expected)
    session = FileSession(control)
    message = click("split", session)
    assert session.reopened == [control]  # Excel let go of the book while it was written, then opened it again
    assert session.opened == [control]
    assert message == done("split", "control.xlsx") + \
        f"{len(terminal.reps)} 个指标已分解给 {REPS} 位客户经理, 分解表和个人目标已写入 control.xlsx."
    assert catalogue().label("split_sheet_reps", "zh-CN") in openpyxl.load_workbook(control).sheetnames
    musts = {rep: [t["must"] for t in targets] for rep, targets in read_control(control).rep_targets.items()}
    assert musts == {rep: [t["must"] for t in targets] for rep, targets in read_control(expected).rep_targets.items()}
    assert all(isinstance(m, (int, float)) for values in musts.values() for m in values)


def test_rollover_makes_the_next_period_beside_this_one(team: Path, demo: DemoResult) -> None:
    control = team / "control.xlsx"
    session = FileSession(control, answers=[""])  # Enter: the month after 2026-10
    message = click("rollover", session)
    new_control = team / "2026-11" / "control.xlsx"
    assert session.closed == [control] and session.opened == [new_control]  # one book of that name at a time
    data = read_control(new_control)
    assert data.settings["period"] == "2026-11"
    assert len(data.history) > len(read_control(control).history)
    pack = list((team / "2026-11" / "pack").rglob("*.xlsx"))
    assert len(pack) == REPS * len(FORMS)
    assert message.startswith(done("rollover", "control.xlsx") + f"2026-11 的主控簿 {new_control} 和 {len(pack)} 个表格")
    assert session.asked == ["从 2026-10 结转到哪个月 (如 2026-11):"]


# -- record -------------------------------------------------------------------------------

def test_new_form_for_the_rep_selected_on_the_roster(team: Path) -> None:
    control = team / "control.xlsx"
    session = FileSession(control, selected="刘磊", answers=["2", "", ""])  # weekly plan; Enter; Enter
    message = click("new", session)
    made = team / "forms" / "华东区_R02_刘磊" / "周工作计划_刘磊_2026-10.xlsx"
    assert session.opened == [made]
    meta = peek_metadata(made)
    assert (meta["form"], meta["rep_id"], meta["period"]) == ("weekly-plan", "R02", "2026-10")
    assert message == done("new", "control.xlsx") + f"已生成 周工作计划 (R02 刘磊, 2026-10, 按 control.xlsx 预填): {made}"
    rep_prompt = session.asked[1]
    assert "R01  刘勇" in rep_prompt and "R08  徐强" in rep_prompt


def test_new_form_defaults_to_another_form_of_the_rep_whose_form_is_active(team: Path) -> None:
    active = a_rep_file(team, "pack", "monthly-plan", "R03")
    session = FileSession(active, answers=["", "", ""])  # Enter three times
    click("new", session)
    (made,) = session.opened
    assert made == team / "forms" / "华东区_R03_林娟" / active.name
    assert session.asked[0].startswith("哪种表格?") and session.asked[2] == "期间 (月份, 如 2026-10):"


def test_new_form_says_what_to_type_when_the_rep_is_not_on_the_roster(team: Path) -> None:
    session = FileSession(team / "control.xlsx", answers=["工作日志", "R99"])
    assert click("new", session) == "新建表格 未完成 (control.xlsx): control.xlsx 的花名册上没有「R99」; 请填在岗客户经理的工号或姓名."


# -- check --------------------------------------------------------------------------------

def test_check_and_mark_marks_the_open_workbook_in_place_and_clear_marks_restores_it(team: Path) -> None:
    log = a_rep_file(team, "returned", "work-log")
    report = validate_paths([log], "zh-CN")
    errors, warnings = report.counts().get("error", 0), report.counts().get("warning", 0)
    session = FileSession(log)
    message = click("validate", session)
    assert session.reopened == [log] and not session.opened  # closed, marked, reopened: the same book
    assert message == done("validate", log.name) + \
        f"{errors} 个错误, {warnings} 个提醒, 已在 {log.name} 中逐格标注 (见「校验结果」表; 「清除标注」可复原)"
    book = openpyxl.load_workbook(log)
    marked = [(sheet, cell) for sheet, cell, _ in book[MARKS_SHEET].iter_rows(values_only=True)]
    assert len(marked) == len({(i.sheet, i.cell) for i in report.files[0].issues if i.sheet and i.cell})
    port = FilePort(log)
    assert marked and all(port.mark_of(s, c)[0] is not None for s, c in marked)
    assert port.sheet_names()[0] == catalogue().label("results_sheet", "zh-CN")

    session.alerts.clear()
    click("validate", session)  # checking again replaces the marks, never stacks them
    again = openpyxl.load_workbook(log)
    assert len(list(again[MARKS_SHEET].iter_rows())) == len(marked)
    assert again.sheetnames.count(catalogue().label("results_sheet", "zh-CN")) == 1

    session.alerts.clear()
    message = click("clear-marks", session)
    assert message == done("clear-marks", log.name) + \
        f"已清除 {log.name} 上 repbook 的标注: 恢复 {len(marked)} 个单元格, 删除校验结果表."
    port = FilePort(log)
    assert all(port.mark_of(s, c) == (None, None) for s, c in marked)
    assert catalogue().label("results_sheet", "zh-CN") not in port.sheet_names()
    before = log.read_bytes()
    session.alerts.clear()
    assert click("clear-marks", session).endswith(f"{log.name} 上没有 repbook 的标注, 文件没有改动.")
    assert log.read_bytes() == before


def test_adopt_the_rep_named_in_the_file_into_a_work_log(team: Path) -> None:
    source = hand_made_log(team / "刘勇工作日志.xlsx")
    before = source.read_bytes()
    session = FileSession(source, answers=["", ""])  # Enter: the work log; Enter: 刘勇 from the file name
    message = click("adopt", session)
    made = team / "adopted" / "工作日志_刘勇_2026-11.xlsx"
    assert session.opened == [made] and source.read_bytes() == before
    meta = peek_metadata(made)
    assert (meta["form"], meta["rep_id"], meta["period"]) == ("work-log", "R01", "2026-11")
    assert message.startswith(done("adopt", source.name) + f"6 条记录已接管为工作日志 (R01 刘勇, 2026-11): {made}. "
                              "2 个合计行重新计算, 未复制;")
    assert session.asked[0].startswith("哪种表格?") and session.asked[1].startswith("哪位客户经理?")


# -- summarize ----------------------------------------------------------------------------

def test_consolidate_reads_the_returned_folder_set_on_the_control_workbook(team: Path, demo: DemoResult) -> None:
    control, master = team / "control.xlsx", team / "master.xlsx"
    (team / "master.xlsx.manifest.json").unlink()
    session = FileSession(control, open_books=[master])  # last month's click left the master open
    message = click("consolidate", session)
    assert session.closed == [master] and session.opened == [master] and session.asked == []
    c = demo.consolidation
    assert message == done("consolidate", "control.xlsx") + (
        f"{team / 'returned'} 中 {len(c.files)} 个文件: 输入 {c.input_rows} 行 = 已汇总 {c.consolidated_rows} 行 + "
        f"未汇总 {c.rejected_rows} 行. 汇总簿: {master}")
    meta = peek_metadata(master)
    assert (meta["form"], meta["consolidated_rows"]) == ("master", str(c.consolidated_rows))
    assert any(s and "/" in s and ")" in s for s in session.statuses[1:-1])  # "(12/64)" progress on the status bar


def test_consolidate_asks_for_the_folder_when_the_control_workbook_sets_none(team: Path) -> None:
    control = team / "control.xlsx"
    book = openpyxl.load_workbook(control)  # as made before the setting existed: no rb_returned_folder at all
    del book.defined_names["rb_returned_folder"]
    book.save(control)
    (team / "master.xlsx").unlink()
    cancelled = FileSession(control, folders=[None])
    assert click("consolidate", cancelled) == "汇总文件夹 已取消 (control.xlsx), 没有做任何修改."
    assert not (team / "master.xlsx").exists()
    wrong = FileSession(control, folders=[team])
    assert "里有区域主控簿 control.xlsx; 请选择只放收回表格的文件夹." in click("consolidate", wrong)
    chosen = FileSession(control, folders=[team / "returned"])
    assert "汇总簿:" in click("consolidate", chosen)
    assert chosen.asked == ["选择收回表格所在的文件夹"] and (team / "master.xlsx").exists()


def test_status_lists_the_reps_behind(team: Path) -> None:
    master = team / "master.xlsx"
    standings = read_status(master)
    missing = sum(s.count("missing") for s in standings)
    late = sum(s.count("late") for s in standings)
    assert missing + late > 0
    session = FileSession(master)
    message = click("status", session)
    first, *lines = message.split("\n")
    assert first == done("status", "master.xlsx") + f"{REPS} 位客户经理: {missing} 份未交, {late} 份迟交 (按 master.xlsx)."
    behind = [s for s in standings if s.count("missing") or s.count("late")]
    assert [line.split(":")[0] for line in lines] == [f"{s.rep_id} {s.rep_name}" for s in behind][:len(lines)]


def test_review_prefills_every_rep_from_the_master_after_asking_to_replace(team: Path) -> None:
    master = team / "master.xlsx"
    reviews = sorted((team / "reviews").rglob("*.xlsx"))
    stamps = [p.stat().st_mtime_ns for p in reviews]
    keep = FileSession(master, answers=[""], yes_no=[False])  # the demo made them: the manager keeps them
    assert click("review", keep) == "述职预填 已取消 (master.xlsx), 没有做任何修改."
    assert [p.stat().st_mtime_ns for p in reviews] == stamps
    session = FileSession(master, answers=["2026-Q4"])  # a quarter: new files, nothing to replace
    message = click("review", session)
    made = sorted((team / "reviews").rglob("*2026-Q4.xlsx"))
    assert len(made) == REPS and session.asked == ["述职期间: 月份 (如 2026-10) 或季度 (如 2026-Q4):"]
    assert message == done("review", "master.xlsx") + \
        f"{REPS} 份述职表 (2026-Q4) 已按 master.xlsx 预填, 在 {team / 'reviews'}; 经理评分留待填写."
    assert {peek_metadata(p)["period"] for p in made} == {"2026-Q4"}


def test_report_for_the_masters_month_opens_beside_it(team: Path) -> None:
    master = team / "master.xlsx"
    session = FileSession(master, answers=[""])
    message = click("report", session)
    workbook, html = team / "report_2026-10.xlsx", team / "report_2026-10.html"
    assert session.opened == [workbook] and html.exists()
    sheet = openpyxl.load_workbook(workbook).worksheets[0]
    assert sheet["A1"].value.endswith("2026-10") and sheet["B2"].value == pytest.approx(1.0)
    assert message == done("report", "master.xlsx") + \
        f"2026-10 工作报告 (按 master.xlsx, 时间进度 100%): {workbook} 和 {html}"


# -- distribute ---------------------------------------------------------------------------

def test_generate_from_a_rep_workbook_finds_the_control_workbook_above_it(team: Path) -> None:
    active = a_rep_file(team, "pack", "monthly-plan", "R03")
    session = FileSession(active)
    message = click("generate", session)
    pack = team / "control_pack"
    assert len(list(pack.rglob("*.xlsx"))) == REPS * len(FORMS)
    assert message == done("generate", active.name) + \
        f"已按 control.xlsx 为 {REPS} 位客户经理生成 {REPS * len(FORMS)} 个文件, 在 {pack}"
    assert "生成全员表格: 正在处理 control.xlsx (7/8) ..." in session.statuses
    again = FileSession(active, yes_no=[False])
    assert click("generate", again) == "生成全员表格 已取消 (月度工作计划表_林娟_2026-10.xlsx), 没有做任何修改."
    assert again.asked[0].startswith(f"{REPS * len(FORMS)} 个文件已经存在")


def test_send_writes_drafts_when_the_manager_says_no(team: Path) -> None:
    shutil.rmtree(team / "outbox")
    session = FileSession(team / "control.xlsx", yes_no=[False])
    message = click("send", session)
    drafts = sorted((team / "outbox").glob("pack_*.eml"))
    assert len(drafts) == REPS
    assert session.asked[0].startswith(f"通过 smtp.example.com:587 (账号 chen.jianguo@example.com) 发出 {REPS} 封邮件?")
    assert message == done("send", "control.xlsx") + \
        f"表格 ({team / 'pack'}, 按 control.xlsx): {REPS} 封草稿 (.eml) 在 {team / 'outbox'}, 用 Outlook 或 Foxmail 打开后发送."


@pytest.mark.filterwarnings("ignore:Requiring AUTH while not requiring TLS")
def test_send_through_the_e_mail_sheets_server_with_a_hidden_password(team: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("REPBOOK_SMTP_PASSWORD", raising=False)
    control = team / "control.xlsx"
    inbox = Inbox()
    with smtp_server(inbox, auth=True) as port:
        set_settings(control, smtp_host="127.0.0.1", smtp_port=port, smtp_security="plain", smtp_user=USER,
                     rate_per_minute=0)
        session = FileSession(control, yes_no=[True], secrets=[PASSWORD])
        message = click("send", session)
    assert len(inbox.messages) == REPS and inbox.logins == 1
    reps = read_control(control).reps
    assert [recipients[0] for recipients, _ in inbox.messages] == [r.email for r in reps]
    assert message == done("send", "control.xlsx") + \
        f"表格 ({team / 'pack'}, 按 control.xlsx): 已通过 127.0.0.1:{port} 发出 {REPS} 封邮件."
    assert session.asked[1] == f"127.0.0.1:{port} 的邮箱密码 (账号 {USER}); 只用于这次发送, 不会保存:"
    assert PASSWORD not in message
    again = FileSession(control, yes_no=[True], secrets=[None])  # the password prompt cancelled: nothing sent
    assert click("send", again) == "邮件分发 已取消 (control.xlsx), 没有做任何修改."


def test_send_from_the_master_reminds_the_reps_behind(team: Path) -> None:
    behind = [s for s in read_status(team / "master.xlsx") if s.count("missing") or s.count("late")]
    session = FileSession(team / "master.xlsx", yes_no=[False])
    message = click("send", session)
    drafts = sorted((team / "outbox").glob("remind_*.eml"))
    assert len(drafts) == len(behind)
    assert message == done("send", "master.xlsx") + \
        f"催交 (按 master.xlsx): {len(behind)} 封草稿 (.eml) 在 {team / 'outbox'}, 用 Outlook 或 Foxmail 打开后发送."
