"""`repbook adopt`: the workbooks reps already keep, upgraded into repbook forms."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from repbook.adoption.adopt import Adoption, load_mapping, read_adoption, save_mapping, write_adoption
from repbook.errors import InputFileError
from repbook.io.control import read_control
from repbook.locale import Locale
from repbook.model import ControlData, Rep
from repbook.periods import Period


def adopt(
    files: Sequence[Path],
    form: str,
    out_dir: Path,
    *,
    rep_id: str | None = None,
    period: Period | None = None,
    locale: Locale | None = None,
    control_path: Path | None = None,
    mapping_path: Path | None = None,
    save_mapping_to: Path | None = None,
    dry_run: bool = False,
) -> list[Adoption]:
    control = read_control(control_path) if control_path else ControlData(settings={}, reps=())
    mapping = load_mapping(mapping_path, form) if mapping_path else None
    results = []
    for path in files:
        if not path.exists():
            raise InputFileError("does not exist.", file=str(path))
        adoption = read_adoption(path, form, period, mapping)
        if save_mapping_to is not None:
            save_mapping(save_mapping_to, form, adoption.mapping())
        if not dry_run:
            rep = adoption_rep(control, rep_id, path, control_path)
            write_adoption(adoption, rep, control, locale or control.locale, out_dir)
        results.append(adoption)
    return results


def adoption_rep(control: ControlData, rep_id: str | None, path: Path, control_path: Path | None) -> Rep:
    """The rep an adopted workbook is for: from the roster with a control workbook, else the ID (or file name)."""
    if rep_id and control_path:
        rep = control.rep(rep_id)
        if rep is None:
            raise InputFileError(f"has no rep with ID '{rep_id}' on its roster.", file=str(control_path))
        return rep
    fallback = rep_id or path.stem
    return Rep(fallback, fallback)
