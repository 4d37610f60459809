"""What each ribbon button does to the active workbook, by registry command id.

A command with a ribbon group but no action here still gets its button; clicking it says
which terminal command does the job (entry.py), so a new registry entry is never a dead
button. Each action imports its command's modules itself, when clicked.
"""

from __future__ import annotations

from collections.abc import Callable

from repbook.locale import Locale, catalogue

from .session import ExcelSession

Action = Callable[[ExcelSession, Locale], str]


def validate_active(session: ExcelSession, locale: Locale) -> str:
    """Check the active workbook as saved, write NAME.checked.xlsx beside it and open that."""
    from repbook.commands.validate import validate

    path = session.active_book_path()
    run = validate([path], locale, mark=True)
    counts = run.report.counts()
    for marked in run.marked:
        session.open_book(marked)
    return catalogue().message("addin_validated", locale, errors=counts.get("error", 0),
                               warnings=counts.get("warning", 0), marked=", ".join(p.name for p in run.marked))


def generate_from_active(session: ExcelSession, locale: Locale) -> str:
    """The active workbook is the control workbook: its pack goes to a folder beside it."""
    from repbook.commands.generate_pack import generate_pack
    from repbook.io.control import control_period, read_control

    path = session.active_book_path()
    control = read_control(path)
    folder = path.parent / f"{path.stem}_pack"
    # One process: a click's Python must not fork workers behind Excel's back.
    files = generate_pack(control, folder, control_period(control, path), locale=locale, jobs=1)
    return catalogue().message("addin_generated", locale, files=len(files), folder=folder)


ACTIONS: dict[str, Action] = {"validate": validate_active, "generate": generate_from_active}
