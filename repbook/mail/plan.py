"""Who gets what: each rep on the roster matched to their folder of the pack, by rep ID.

A folder is matched by its name first: `generate` names it `<region>_<rep_id>_<name>`, and a
folder renamed by hand still matches while the rep ID stays one of its `_`-separated parts.
A folder whose name names no rep (or two) is matched by the `_repbook` metadata its
workbooks carry, never by guessing from a name. Every workbook is then checked against that
metadata: a file made for another rep is never attached; the rep is held back and told why.
Folders that match no one are reported, not ignored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import python_calamine

from repbook.commands.generate_pack import rep_folder
from repbook.io.filenames import safe_filename
from repbook.model import ControlData, Rep

from .compose import is_address

WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")
METADATA_SHEET = "_repbook"


@dataclass
class Delivery:
    rep: Rep
    files: list[Path] = field(default_factory=list)
    problem: str = ""  # a catalogue message key when this rep cannot be sent to
    problem_values: dict[str, str] = field(default_factory=dict)  # fills the message's {placeholders}

    @property
    def size(self) -> int:
        return sum(f.stat().st_size for f in self.files)


@dataclass(frozen=True)
class StrayFolder:
    """A folder of the pack that goes to no one, with the catalogue key saying why."""

    folder: Path
    reason: str


@dataclass
class PackPlan:
    deliveries: list[Delivery]
    strays: list[StrayFolder]


def workbooks(folder: Path) -> list[Path]:
    return sorted(f for f in folder.iterdir() if f.is_file() and f.suffix.lower() in WORKBOOK_SUFFIXES
                  and not f.name.startswith(("~$", ".")))


def metadata_rep_id(path: Path) -> str:
    """The rep ID in the workbook's `_repbook` sheet; blank for a workbook without one."""
    try:
        book = python_calamine.CalamineWorkbook.from_path(str(path))
    except Exception:  # not readable as a workbook: it has no metadata to speak for it
        return ""
    try:
        if METADATA_SHEET not in book.sheet_names:
            return ""
        rows = book.get_sheet_by_name(METADATA_SHEET).to_python(nrows=64)
        found = {str(r[0]): r[1] for r in rows if len(r) > 1 and r[0] not in (None, "")}
        value = found.get("rep_id")
        return "" if value in (None, "") else str(value)
    finally:
        book.close()


def plan_pack(control: ControlData, pack: Path, only: Sequence[str] = ()) -> PackPlan:
    """One delivery per active rep (or those in ``only``); problems are recorded, never skipped silently."""
    roster = {r.rep_id: r for r in control.reps}
    wanted = [r for r in control.reps if r.active and (not only or r.rep_id in only)]
    exact = {rep_folder(pack, r).name: r.rep_id for r in control.reps}
    folders: dict[str, list[Path]] = {}
    metadata: dict[Path, str] = {}
    strays: list[StrayFolder] = []
    for folder in sorted(p for p in pack.iterdir() if p.is_dir() and not p.name.startswith(".")):
        files = workbooks(folder)
        if not files:
            continue  # not a rep's folder (e.g. the drafts)
        metadata.update((f, metadata_rep_id(f)) for f in files)
        owner, reason = _owner(folder, exact, roster, {metadata[f] for f in files} - {""})
        if owner is not None and roster[owner].active:
            folders.setdefault(owner, []).append(folder)
        elif not only:  # with --only the manager asked about those reps alone
            strays.append(StrayFolder(folder, reason if owner is None else "mail_folder_inactive"))
    deliveries = [_delivery(rep, folders.get(rep.rep_id, []), metadata, roster) for rep in wanted]
    return PackPlan(deliveries, strays)


def plan_deliveries(control: ControlData, pack: Path, only: Sequence[str] = ()) -> list[Delivery]:
    return plan_pack(control, pack, only).deliveries


def _owner(folder: Path, exact: dict[str, str], roster: dict[str, Rep], stamped: set[str]) -> tuple[str | None, str]:
    if folder.name in exact:
        return exact[folder.name], ""
    padded = f"_{folder.name}_"
    named = {rep_id for rep_id in roster if f"_{safe_filename(rep_id)}_" in padded}
    if len(named) == 1:
        return named.pop(), ""
    # The name says no one, or two people: the workbooks' own metadata decides, if it is one rep's.
    if len(stamped) == 1 and (not named or stamped <= named) and next(iter(stamped)) in roster:
        return stamped.pop(), ""
    return None, "mail_folder_ambiguous" if named else "mail_folder_unmatched"


def _delivery(rep: Rep, folders: list[Path], metadata: dict[Path, str], roster: dict[str, Rep]) -> Delivery:
    files = [f for folder in folders for f in workbooks(folder)]
    delivery = Delivery(rep, files)
    if not is_address(rep.email):
        delivery.problem = "mail_no_address" if not rep.email.strip() else "mail_bad_address"
        delivery.problem_values = {"email": rep.email.strip()}
    elif len(folders) > 1:
        delivery.problem = "mail_two_folders"
        delivery.problem_values = {"folders": ", ".join(f.name for f in folders)}
    elif not files:
        delivery.problem = "mail_no_files"
    else:
        foreign = [f for f in files if metadata.get(f) not in ("", rep.rep_id)]
        if foreign:
            other = roster.get(metadata[foreign[0]])
            delivery.problem = "mail_foreign_file"
            delivery.problem_values = {"file": foreign[0].name, "owner": metadata[foreign[0]] +
                                       (f" {other.name}" if other else "")}
    return delivery
