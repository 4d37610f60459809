"""Who gets what: each rep on the roster matched to their folder of the pack, by rep ID."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from repbook.model import ControlData, Rep


@dataclass
class Delivery:
    rep: Rep
    files: list[Path] = field(default_factory=list)
    problem: str = ""  # a catalogue message key when this rep cannot be sent to

    @property
    def size(self) -> int:
        return sum(f.stat().st_size for f in self.files)


def rep_folders(pack: Path, reps: Sequence[Rep]) -> dict[str, list[Path]]:
    """Folders named `<region>_<rep_id>_<name>` (as `generate` makes them), matched by the ID part."""
    ids = {r.rep_id for r in reps}
    found: dict[str, list[Path]] = {}
    for folder in sorted(p for p in pack.iterdir() if p.is_dir()):
        matches = [part for part in folder.name.split("_") if part in ids]
        if len(matches) == 1:
            found.setdefault(matches[0], []).append(folder)
    return found


def plan_deliveries(control: ControlData, pack: Path, only: Sequence[str] = ()) -> list[Delivery]:
    """One delivery per active rep (or those in ``only``); problems are recorded, never skipped silently."""
    reps = [r for r in control.reps if r.active and (not only or r.rep_id in only)]
    folders = rep_folders(pack, reps)
    deliveries = []
    for rep in reps:
        files = sorted(f for folder in folders.get(rep.rep_id, []) for f in folder.iterdir()
                       if f.is_file() and f.suffix.lower() in (".xlsx", ".xlsm") and not f.name.startswith(("~$", ".")))
        problem = "" if rep.email.strip() else "mail_no_address"
        if not problem and not files:
            problem = "mail_no_files"
        deliveries.append(Delivery(rep, files, problem))
    return deliveries
