"""The manifest beside a master: what a re-run takes instead of reading a file again."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

from repbook.consolidation.cache import entry_text, load_manifest, manifest_path, manifest_writer
from repbook.consolidation.extract import FileExtract, RejectedRow
from repbook.validation.issues import Issue


def an_extract(path: str) -> FileExtract:
    extract = FileExtract(path, "ab" * 32, 1234, 5678, form="meeting-minutes",
                          metadata={"rep_id": "R01", "period": "2026-11"}, saved_at="2026-11-30T18:00:00")
    extract.rows = {"meeting-minutes/meetings": [
        {"date": date(2026, 11, 3), "start": time(9, 30), "attendees": 10**20, "topic": "月度例会", "_row": 8},
    ]}
    extract.rejected = [RejectedRow("tblMeetings", "例会", 9, "B9: 日期无法识别", {"date": "下周一"})]
    extract.issues = [Issue(file=path, sheet="例会", cell="B9", row=9, column="B", field="日期", code="type-invalid",
                            severity="error", message="日期无法识别", value="下周一")]
    return extract


def test_every_value_comes_back_as_it_went_in_even_an_integer_beyond_64_bits(tmp_path: Path) -> None:
    master = tmp_path / "master.xlsx"
    first, second = an_extract(str(tmp_path / "a.xlsx")), an_extract(str(tmp_path / "b.xlsx"))
    with manifest_writer(master) as remember:
        remember(entry_text(first))
        remember(entry_text(second))
    loaded = load_manifest(master)
    assert sorted(loaded) == [first.path, second.path]
    back, line = loaded[first.path]
    assert back.rows == first.rows and back.rejected == first.rejected and back.issues == first.issues
    assert (back.sha256, back.size, back.mtime_ns, back.metadata) == (first.sha256, 1234, 5678, first.metadata)
    assert line == entry_text(first)


def test_a_damaged_manifest_costs_only_a_full_read(tmp_path: Path) -> None:
    master = tmp_path / "master.xlsx"
    with manifest_writer(master) as remember:
        remember(entry_text(an_extract(str(tmp_path / "a.xlsx"))))
    text = manifest_path(master).read_bytes()
    manifest_path(master).write_bytes(text[: len(text) // 2])  # cut off mid-line, as a full disk would
    assert load_manifest(master) == {}
