"""Outputs replace their destination whole, and keep the permissions a person expects."""

from __future__ import annotations

import stat
import sys
from pathlib import Path

import pytest

from repbook.io import atomic
from repbook.io.atomic import atomic_path


@pytest.mark.skipif(sys.platform == "win32", reason="POSIX permissions")
def test_a_new_output_is_readable_as_the_umask_allows_and_a_replaced_one_keeps_its_mode(tmp_path: Path) -> None:
    new = tmp_path / "master.xlsx"
    with atomic_path(new) as tmp:
        tmp.write_bytes(b"first")
    assert stat.S_IMODE(new.stat().st_mode) == 0o666 & ~atomic._UMASK != 0o600 and new.read_bytes() == b"first"
    new.chmod(0o640)
    with atomic_path(new) as tmp:
        tmp.write_bytes(b"second")
    assert stat.S_IMODE(new.stat().st_mode) == 0o640 and new.read_bytes() == b"second"


def test_a_failed_write_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "master.xlsx"
    target.write_bytes(b"old")
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_bytes(b"half")
        raise RuntimeError("disk full")
    assert target.read_bytes() == b"old" and sorted(p.name for p in tmp_path.iterdir()) == ["master.xlsx"]
