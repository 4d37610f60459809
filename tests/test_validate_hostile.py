"""A folder of returns where some files are broken or hostile: each gets its issue, the rest are checked."""

from __future__ import annotations

import json
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest
import xlsxwriter
from typer.testing import CliRunner

from repbook.cli import app
from repbook.spec import load_spec
from repbook.validation.validate import validate_paths
from tests.support import hostile
from tests.test_validate_rules import make_log

runner = CliRunner()


@pytest.fixture(scope="module")
def returns(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("returns")
    source = tmp_path_factory.mktemp("source")
    good = make_log(source, name="good.xlsx")
    made = {
        "good": shutil.copy(good, folder / "张伟_工作日志.xlsx"),
        "zip-bomb": hostile.zip_bomb(good, folder / "bomb.xlsx"),
        "xml-entities": hostile.entity_expansion(good, folder / "laughs.xlsx"),
        "not-workbook": hostile.renamed_pdf(folder / "report.xlsx"),
        "truncated": hostile.truncated(good, folder / "half.xlsx"),
        "empty": hostile.empty(folder / "empty.xlsx"),
        "encrypted": hostile.password_protected(good, folder / "locked.xlsx"),
        "xls": hostile.legacy_xls(good, folder / "old.xls"),
        "huge": hostile.huge_dimension(good, folder / "huge.xlsx"),
        "sheets": hostile.with_hidden_and_extra_sheets(good, folder / "extra-sheets.xlsx"),
        "xlsm": shutil.copy(good, folder / "macro.xlsm"),
    }
    hostile.lock_file(folder, "张伟_工作日志.xlsx")
    return {k: Path(v) for k, v in made.items()}


def codes_by_file(folder: Path) -> dict[str, set[str]]:
    report = validate_paths([folder])
    return {Path(f.file).name: {i.code for i in f.issues} for f in report.files}


def test_every_bad_file_gets_one_clear_issue_and_the_good_ones_are_checked(returns: dict[str, Path]) -> None:
    found = codes_by_file(returns["good"].parent)
    assert found == {
        "张伟_工作日志.xlsx": set(),
        "bomb.xlsx": {"zip-bomb"},
        "laughs.xlsx": {"xml-entities"},
        "report.xlsx": {"file-not-workbook"},
        "half.xlsx": {"file-unreadable"},
        "empty.xlsx": {"file-unreadable"},
        "locked.xlsx": {"file-encrypted"},
        "old.xls": {"file-format-unsupported"},
        "huge.xlsx": {"sheet-too-large"},
        "extra-sheets.xlsx": set(),
        "macro.xlsm": set(),
    }


def test_the_lock_file_is_skipped(returns: dict[str, Path]) -> None:
    names = {Path(f.file).name for f in validate_paths([returns["good"].parent]).files}
    assert not any(n.startswith("~$") for n in names)


def test_the_cli_reports_bad_files_and_exits_1(returns: dict[str, Path]) -> None:
    result = runner.invoke(app, ["validate", str(returns["good"].parent), "--json", "--locale", "en"])
    assert result.exit_code == 1
    payload = json.loads(result.stdout)
    locked = [i for i in payload["issues"] if i["file"].endswith("locked.xlsx")]
    assert locked[0]["message"] == "The file is password protected and cannot be read. Remove the password and send it again."
    assert len(payload["files"]) == 11


def test_inputs_are_never_modified(returns: dict[str, Path]) -> None:
    before = {p: p.read_bytes() for p in returns["good"].parent.iterdir()}
    runner.invoke(app, ["validate", str(returns["good"].parent), "--mark"])
    for path, data in before.items():
        assert path.read_bytes() == data, path


def test_a_hand_made_log_without_metadata_is_recognised_by_its_table(tmp_path: Path) -> None:
    spec = load_spec("work-log").table("log")
    path = tmp_path / "我的日志.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("11月")
    sheet.merge_range("A1:F1", "张伟 11月工作日志")
    rows = [[date(2026, 11, 2) + timedelta(days=i), "杭州华联超市", "", "电话", "", "", "推进"] + [""] * 6
            for i in range(3)]
    # The header is on row 6, not where repbook puts it.
    sheet.add_table(5, 0, 5 + len(rows), len(spec.columns) - 1, {
        "name": "tblLog", "columns": [{"header": c.label("zh-CN")} for c in spec.columns],
        "data": [[r[0].isoformat(), *r[1:]] for r in rows]})
    book.close()
    report = validate_paths([path])
    codes = [i.code for i in report.issues()]
    assert codes.count("not-repbook") == 1
    assert report.files[0].form == "work-log"
    assert report.files[0].rows == 3


def test_a_200000_row_log_is_read_in_bounded_time(tmp_path: Path) -> None:
    spec = load_spec("work-log").table("log")
    path = tmp_path / "big.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("日志")
    rows = 200_000
    sheet.write_row(0, 0, [c.label("zh-CN") for c in spec.columns])
    day = date(2026, 11, 2)
    fmt = book.add_format({"num_format": "yyyy-mm-dd"})
    for r in range(1, rows + 1):
        sheet.write_datetime(r, 0, day, fmt)  # type: ignore[arg-type]
        sheet.write_string(r, 1, "杭州华联超市")
        sheet.write_string(r, 3, "电话")
        sheet.write_string(r, 6, "推进")
    sheet.add_table(0, 0, rows, len(spec.columns) - 1, {"name": "tblLog", "header_row": True,
                                                        "columns": [{"header": c.label("zh-CN")} for c in spec.columns]})
    book.close()
    report = validate_paths([path])
    assert report.files[0].rows == rows
    assert not report.has_errors


def test_an_ods_file_gets_a_clear_message(tmp_path: Path, libreoffice: object) -> None:
    good = make_log(tmp_path, name="log.xlsx")
    (ods,) = libreoffice.convert([good], "ods")  # type: ignore[attr-defined]
    report = validate_paths([ods])
    issue = next(report.issues())
    assert issue.code == "file-format-unsupported" and ".ods" in issue.message


def test_cells_merged_over_the_table_are_read_without_a_crash(tmp_path: Path) -> None:
    import openpyxl

    path = make_log(tmp_path)
    book = openpyxl.load_workbook(path)
    sheet = book["日志"]
    sheet.merge_cells("A8:A9")  # a rep merges two dates into one cell
    book.save(path)
    report = validate_paths([path])
    codes = [(i.code, i.cell) for i in report.issues()]
    assert ("required-missing", "A9") in codes
    assert report.files[0].rows == 3
