"""A manager adopts the logs reps already keep: title rows, renamed and reordered columns,
blank rows, a 合计 row, two weekly sheets, notes to the right, text dates, full-width digits."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from repbook.adoption.adopt import Adoption
from repbook.cli import app
from repbook.commands.adopt import adopt
from repbook.core import activity
from repbook.io.workbook_reader import RepbookWorkbook
from repbook.periods import parse_period
from repbook.spec import load_spec
from tests.support.libreoffice import LibreOffice
from tests.support.workbooks import error_cells, table_frame

runner = CliRunner()
HEADERS = ["日期", "客户名称", "拜访方式", "拜访目的", "结论", "订单金额（元）", "下次拜访", "备注"]
WEEK1 = [
    ["11月2日", "杭州华联超市", "上门拜访", "订货", "成交", "１２００", "11月9日", "老客户"],
    [datetime(2026, 11, 3), "宁波四明商贸", "电话", "服务", "推进", None, datetime(2026, 11, 10), None],
    None,  # a blank row in the middle
    ["2026/11/4", "绍兴越城五金", "微信 ", "收款", "无进展", "", "", "催款"],
    ["下周一", "嘉兴百川餐饮", "面谈", "开发新客户", "推进", None, None, None],
]
WEEK2 = [
    [datetime(2026, 11, 9), "杭州华联超市", "电话", "服务", "成交", "3,500元", None, None],
    [datetime(2026, 11, 10), "苏州金桥酒店", "上门拜访", "开发新客户", "推进", None, datetime(2026, 11, 17), "新客户"],
]


def hand_made_log(path: Path) -> Path:
    book = openpyxl.Workbook()
    for title, rows in (("第1周", WEEK1), ("第2周", WEEK2)):
        sheet = book.create_sheet(title)
        sheet["A1"] = "张伟 2026年11月 工作日志"
        sheet.merge_cells("A1:H1")
        sheet.append([])
        sheet.append([*HEADERS, None, "心得"][: len(HEADERS)])  # header on row 3
        for row in rows:
            sheet.append(row or [])
        last = sheet.max_row
        sheet.append(["合计", None, None, None, None, f"=SUM(F4:F{last})"])
        sheet["J4"] = "客户搬迁到新园区"  # a note to the right, under no header
    del book["Sheet"]
    book.save(path)
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def adopted(tmp_path: Path) -> Adoption:
    source = hand_made_log(tmp_path / "张伟的日志.xlsx")
    before = digest(source)
    (result,) = adopt([source], "work-log", tmp_path / "out", rep_id="R07", period=parse_period("2026-11"))
    assert digest(source) == before  # the rep's file is never touched
    assert result.output is not None
    return result


def test_every_entry_lands_in_the_right_field(adopted: Adoption) -> None:
    adoption, output = adopted, adopted.output
    assert [t.sheet for t in adoption.found] == ["第1周", "第2周"]
    assert adoption.entries == 6 and adoption.totals_rows == 2
    rows = RepbookWorkbook(output).table_rows(load_spec("work-log").table("log"), coded=True)
    assert len(rows) == 6
    first = rows[0]
    assert (first["date"].date(), first["customer"], first["method"], first["purpose"], first["outcome"],
            first["order_amount"], first["next_contact"].date()) == (
        datetime(2026, 11, 2).date(), "杭州华联超市", "visit", "order", "closed", 1200, datetime(2026, 11, 9).date())
    assert rows[2]["method"] == "wechat"  # "微信 " with a stray space
    assert rows[2]["date"].date() == datetime(2026, 11, 4).date()
    assert rows[4]["order_amount"] == 3500  # "3,500元"
    assert rows[3]["date"] == "下周一"  # unreadable: kept as typed, for validation to mark
    assert [r for r in rows if r["customer"] == "合计"] == []


def test_nothing_unmatched_is_lost(adopted: Adoption) -> None:
    book = openpyxl.load_workbook(adopted.output)
    kept = list(book["原表其他列"].iter_rows(values_only=True))
    assert kept[0][:2] == ("工作表", "行号")
    values = {v for row in kept[1:] for v in row if v}
    assert {"老客户", "催款", "新客户", "客户搬迁到新园区"} <= values
    record = [r for r in book["接管记录"].iter_rows(values_only=True) if r and r[0]]
    assert ("拜访方式", "接触方式", "synonym") in [tuple(r[:3]) for r in record]
    assert any(r[3] == "下周一" for r in record if len(r) > 3)


def test_the_adopted_log_computes_and_validates(adopted: Adoption, libreoffice: LibreOffice) -> None:
    output = adopted.output
    assert output is not None
    (recalculated,) = libreoffice.recalculate([output])
    assert error_cells(recalculated) == []
    rows = RepbookWorkbook(output).table_rows(load_spec("work-log").table("log"), coded=True)
    book = RepbookWorkbook(recalculated)
    assert book.named_value("rb_contacts_total") == len(activity.contacts(rows)) == 5
    assert book.named_value("rb_order_total") == pytest.approx(4700)
    result = runner.invoke(app, ["validate", str(output), "--json"])
    issues = json.loads(result.stdout)["issues"]
    assert [i["value"] for i in issues if i["code"] == "type-invalid"] == ["下周一"]


def test_dry_run_shows_the_mapping_and_it_can_be_saved_and_reused(tmp_path: Path) -> None:
    source = hand_made_log(tmp_path / "log.xlsx")
    saved = tmp_path / "map.toml"
    result = runner.invoke(app, ["adopt", str(source), "--form", "work-log", "--dry-run", "--save-mapping", str(saved),
                                 "-o", str(tmp_path / "out"), "--json"])
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)[0]
    assert report["mapping"]["客户名称"] == "customer" and report["mapping"]["备注"] == ""
    assert not (tmp_path / "out").exists()
    # The manager decides 备注 is the customer's feedback and reuses the mapping.
    saved.write_text(saved.read_text("utf-8").replace('"备注" = ""', '"备注" = "feedback"'), "utf-8")
    results = adopt([source], "work-log", tmp_path / "out", mapping_path=saved, period=parse_period("2026-11"))
    rows = RepbookWorkbook(results[0].output).table_rows(load_spec("work-log").table("log"), coded=True)
    assert rows[0]["feedback"] == "老客户"


def test_traditional_chinese_headers(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["客戶名稱", "日期", "聯繫方式", "進展", "訂單金額"])
    sheet.append(["台北永盛批發", "2026-11-05", "電話", "成交", 800])
    book.save(tmp_path / "tw.xlsx")
    results = adopt([tmp_path / "tw.xlsx"], "work-log", tmp_path / "out", locale="zh-TW")
    rows = RepbookWorkbook(results[0].output).table_rows(load_spec("work-log").table("log"), coded=True)
    assert (rows[0]["customer"], rows[0]["method"], rows[0]["outcome"], rows[0]["order_amount"]) == (
        "台北永盛批發", "phone", "closed", 800)
    assert results[0].period.code == "2026-11"


def test_an_older_template_upgrades_with_every_entry(tmp_path: Path) -> None:
    from tests.test_validate_rules import GOOD_ROWS, make_log

    old = make_log(tmp_path, name="old.xlsx")
    book = openpyxl.load_workbook(old)
    meta = book["_repbook"]
    for row in meta.iter_rows():
        if row[0].value == "schema_version":
            row[1].value = "0"
    sheet = book["日志"]
    sheet.cell(7, 16, "客户类型")  # a column the old template had and the new one does not
    sheet.cell(8, 16, "老客户")
    book.save(old)
    results = adopt([old], "work-log", tmp_path / "out", rep_id="R01")
    adoption = results[0]
    assert adoption.entries == len(GOOD_ROWS)
    rows = table_frame(adoption.output, "tblLog")
    assert list(rows["客户"].dropna()) == [r["customer"] for r in GOOD_ROWS]
    kept = list(openpyxl.load_workbook(adoption.output)["原表其他列"].iter_rows(values_only=True))
    assert "客户类型" in kept[0] and "老客户" in kept[1]
