"""Which workbook a button works on, and what it asks the manager for.

A command that needs the control workbook (or a master) takes the active workbook when it is
one; else another workbook of that kind open in Excel; else the only one beside the active
workbook (its folder, then up to two folders above: a rep's folder sits in the pack or the
returned folder beside the control workbook); else it asks with a file dialog. Prompts come
with a default, so Enter is usually the answer. A cancelled dialog raises ``Cancelled``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from repbook.errors import Cancelled, RepbookError
from repbook.locale import Locale, catalogue
from repbook.periods import Period, PeriodKind, parse_period
from repbook.registry import command

from .session import ExcelSession

if TYPE_CHECKING:
    from repbook.model import ControlData, Rep

Kind = Literal["control", "master"]
FOLDERS_UP = 2  # folders above the active workbook's that are looked in
BOOKS_PER_FOLDER = 60  # workbooks looked at per folder, at most
PROMPT_LINES = 12  # choices listed in a prompt, at most


def say(key: str, locale: Locale, **values: object) -> str:
    return catalogue().message(key, locale, **values)


def title(command_id: str, locale: Locale) -> str:
    """The button's label: the title of every dialog it shows."""
    return command(command_id).label(locale)


def metadata_of(path: Path) -> dict[str, str]:
    """A repbook workbook's ``_repbook`` sheet; a click asks this of the same files several
    times, so it is read once per version of the file."""
    try:
        stat = path.stat()
    except OSError:
        return {}
    return dict(_metadata(path, stat.st_mtime_ns, stat.st_size))


@lru_cache(maxsize=256)
def _metadata(path: Path, mtime_ns: int, size: int) -> dict[str, str]:
    from repbook.consolidation.extract import peek_metadata

    return peek_metadata(path)


def form_of(path: Path) -> str | None:
    """The form a repbook workbook says it is."""
    return metadata_of(path).get("form") or None


def active_folder(session: ExcelSession) -> Path | None:
    active = session.active_book_file()
    return active.parent if active is not None else None


def find_book(session: ExcelSession, kind: Kind, locale: Locale, *, near: Sequence[Path] = ()) -> Path:
    """The ``kind`` workbook to use, saved so the command reads what the manager sees (see the module)."""
    found, start = find_quietly(session, kind, near)
    if found is not None:
        return found
    chosen = session.choose_file(say(f"addin_choose_{kind}", locale), start)
    if chosen is None:
        raise Cancelled
    if form_of(chosen) != kind:
        raise RepbookError(say(f"addin_not_{kind}", locale, book=chosen))
    session.save_book(chosen)
    return chosen


def find_quietly(session: ExcelSession, kind: Kind, near: Sequence[Path] = ()) -> tuple[Path | None, Path | None]:
    """The ``kind`` workbook found without asking, else None and the folder a file dialog should start in."""
    active = session.active_book_file()
    if active is not None and form_of(active) == kind:
        return session.active_book_path(), None
    for path in session.open_books():
        if path != active and form_of(path) == kind:
            session.save_book(path)
            return path, None
    anchors = [p for p in (*near, active) if p is not None]
    start: Path | None = anchors[0].parent if anchors else None
    for folder in _folders_around(anchors):
        found = [p for p in _workbooks(folder) if form_of(p) == kind]
        if len(found) == 1:
            return found[0], None
        if found:  # two candidates: the manager says which
            return None, folder
    return None, start


def _folders_around(anchors: Iterable[Path]) -> list[Path]:
    folders: list[Path] = []
    for anchor in anchors:
        folder = anchor.parent
        for _ in range(FOLDERS_UP + 1):
            if folder not in folders:
                folders.append(folder)
            if folder.parent == folder:
                break
            folder = folder.parent
    return folders


def _workbooks(folder: Path) -> list[Path]:
    try:
        names = sorted(p for p in folder.glob("*.xlsx") if not p.name.startswith("~$"))
    except OSError:
        return []
    return names[:BOOKS_PER_FOLDER]


def ask_text(session: ExcelSession, heading: str, prompt: str, default: str = "") -> str:
    answer = session.ask(heading, prompt, default)
    if answer is None:
        raise Cancelled
    return answer.strip() or default


def ask_period(session: ExcelSession, locale: Locale, heading: str, prompt: str, default: Period,
               kinds: Sequence[PeriodKind] = ("month",)) -> Period:
    typed = ask_text(session, heading, prompt, default.code)
    try:
        period = parse_period(typed)
    except RepbookError:
        period = None
    if period is None or period.kind not in kinds:
        raise RepbookError(say("addin_bad_period", locale, typed=typed, example=default.code))
    return period


def ask_form(session: ExcelSession, locale: Locale, heading: str, default: str) -> str:
    """A form, typed as its number in the list, its code or its title in any language."""
    from repbook.spec import FORMS

    cat = catalogue()
    titles = [cat.choice_label("form", f, locale) for f in FORMS]
    listing = "\n".join(f"{n}  {t}" for n, t in enumerate(titles, start=1))
    typed = ask_text(session, heading, say("addin_ask_form", locale, forms=listing),
                     str(FORMS.index(default) + 1) if default in FORMS else "1")
    if typed.isdigit() and 1 <= int(typed) <= len(FORMS):
        return FORMS[int(typed) - 1]
    code = cat.choice_code("form", typed)
    if code is None or code not in FORMS:
        raise RepbookError(say("addin_unknown_form", locale, typed=typed, forms=", ".join(titles)))
    return code


def rep_named(control: ControlData, text: str) -> Rep | None:
    """The active rep whose ID or name is ``text``."""
    wanted = text.strip()
    return next((r for r in control.reps if r.active and wanted and wanted in (r.rep_id, r.name)), None)


def ask_rep(session: ExcelSession, locale: Locale, heading: str, control: ControlData, control_path: Path,
            default: Rep | None) -> Rep:
    reps = [r for r in control.reps if r.active]
    if not reps:
        raise RepbookError(say("addin_no_reps", locale, control=control_path.name))
    listing = "\n".join(f"{r.rep_id}  {r.name}" for r in reps[:PROMPT_LINES])
    if len(reps) > PROMPT_LINES:
        listing += "\n" + say("addin_more", locale, count=len(reps) - PROMPT_LINES)
    typed = ask_text(session, heading, say("addin_ask_rep", locale, reps=listing), (default or reps[0]).rep_id)
    rep = rep_named(control, typed)
    if rep is None:
        raise RepbookError(say("addin_unknown_rep", locale, control=control_path.name, typed=typed))
    return rep


def confirm_replace(session: ExcelSession, locale: Locale, heading: str, paths: Sequence[Path]) -> None:
    """Existing outputs are replaced only when the manager says so; Excel lets go of them first."""
    existing = [p for p in paths if p.exists()]
    if existing and not session.ask_yes_no(heading, say("addin_confirm_replace", locale, count=len(existing),
                                                         path=existing[0])):
        raise Cancelled
    for path in existing:
        session.close_book(path)


def progress(session: ExcelSession, locale: Locale, heading: str, book: str) -> Callable[[int, int], None]:
    """A status-bar counter for a long command: "Consolidate folder: working on X (12/40) ..."."""
    def show(done: int, total: int) -> None:
        session.status(say("addin_progress", locale, command=heading, book=book, done=done, total=total))
    return show


def listed(lines: Sequence[str], locale: Locale) -> str:
    """At most PROMPT_LINES lines of an alert's list; the rest counted."""
    shown = list(lines[:PROMPT_LINES])
    if len(lines) > PROMPT_LINES:
        shown.append(say("addin_more", locale, count=len(lines) - PROMPT_LINES))
    return "\n".join(shown)


def uncovered(years: Sequence[int], locale: Locale) -> str:
    return say("addin_uncovered", locale, years=", ".join(map(str, years))) if years else ""
