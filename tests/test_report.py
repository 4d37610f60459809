"""The manager's report: numbers equal pandas on the master; the page reads on a phone and a desktop."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from PIL import Image

from repbook.commands.demo import DemoResult, run_demo
from repbook.commands.report import ReportFiles, make_report
from repbook.periods import parse_period
from tests.support.workbooks import table_frame

PERIOD = parse_period("2026-10")


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> DemoResult:
    return run_demo(tmp_path_factory.mktemp("demo"), PERIOD, "zh-CN", jobs=2)


@pytest.fixture(scope="module")
def made(demo: DemoResult, tmp_path_factory: pytest.TempPathFactory) -> ReportFiles:
    return make_report(demo.master, PERIOD, tmp_path_factory.mktemp("report") / "report-2026-10",
                       today=date(2026, 11, 24))


def test_report_numbers_equal_pandas_on_the_master(demo: DemoResult, made: ReportFiles) -> None:
    report = made.report
    log = table_frame(demo.master, "tblMLog")
    log = log[pd.to_datetime(log["日期"], errors="coerce").notna()]
    assert report.contacts == len(log)
    assert report.orders == pytest.approx(log["订单金额"].fillna(0).sum())
    assert report.collections == pytest.approx(log["回款金额"].fillna(0).sum())
    assert report.new_closes == log[log["进展"] == "成交"]["客户"].nunique()
    targets = table_frame(demo.master, "tblMTargets")
    sales = targets[targets["指标"] == "销售额"]
    line = next(t for t in report.targets if t["indicator"] == "销售额")
    assert (line["must"], line["actual"]) == (pytest.approx(sales["必达目标"].sum()), pytest.approx(sales["实际完成"].sum()))
    rate = targets[targets["指标"] == "客户满意度"]
    line = next(t for t in report.targets if t["indicator"] == "客户满意度")
    assert line["must"] == pytest.approx(rate["必达目标"].mean())  # a rate is averaged, not added
    customers = table_frame(demo.master, "tblMCustomers")
    assert report.overdue_follow_ups == int((pd.to_datetime(customers["下次联系"]) < pd.Timestamp(2026, 10, 31)).sum())
    assert any("校验错误" in e for e in report.exceptions)
    assert made.workbook.exists()


def chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if not found:
        raise RuntimeError("Chromium is not installed: run the README's test command, which installs it.")
    return found


@pytest.mark.parametrize("width", [390, 1280])
def test_the_page_renders_on_a_phone_and_a_desktop(made: ReportFiles, tmp_path: Path, width: int) -> None:
    shot = tmp_path / f"report-{width}.png"
    subprocess.run([chromium(), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    f"--user-data-dir={tmp_path / 'profile'}", "--hide-scrollbars", f"--window-size={width},2000",
                    f"--screenshot={shot}", made.html.as_uri()], check=True, capture_output=True, timeout=120)
    image = Image.open(shot).convert("RGB")
    assert image.size == (width, 2000)
    # Chinese text rendered: the title's pixels are not blank (dark text on the light background).
    title = image.crop((0, 0, min(width, 400), 60))
    dark = sum(1 for pixel in title.getdata() if sum(pixel) < 300)
    assert dark > 200
    html = made.html.read_text("utf-8")
    assert "销售工作报告" in html and "<script" not in html


def test_the_report_goes_to_the_superior_as_an_html_mail(demo: DemoResult, made: ReportFiles) -> None:
    from repbook.commands.send import send_report
    from repbook.mail.transport import SmtpSettings
    from tests.support.smtp_server import Inbox, smtp_server

    inbox = Inbox()
    with smtp_server(inbox) as port:
        result = send_report(demo.control, made.html, made.workbook, "boss@example.com",
                             smtp=SmtpSettings("127.0.0.1", port, "plain", backoff=0.01))
    assert [o.status for o in result.outcomes] == ["sent"]
    recipients, message = inbox.messages[0]
    assert "boss@example.com" in recipients
    html = message.get_body(("html",)).get_content()
    assert "销售工作报告" in html
    attached = {p.get_filename(): p.get_content() for p in message.iter_attachments()}
    assert attached == {made.workbook.name: made.workbook.read_bytes()}
