"""The Python side of every ribbon button: ``on_action(button_id)``.

The VBA dispatcher calls it through xlwings' RunPython, a fresh Python per click (#329),
so this module imports only the registry; a command's own modules load when it runs.
It acts on Excel's active workbook, never ``Book.caller()`` (which is the add-in, #1746),
and names that workbook in every message. Expected problems (RepbookError) become a short
alert in the manager's language; a dialog the manager cancels ends the command with a
one-line "cancelled"; anything else is logged and the alert names the log (#242).
"""

from __future__ import annotations

import logging
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

from repbook.errors import Cancelled, RepbookError

from .ribbon import command_for_button

if TYPE_CHECKING:
    from repbook.locale import Locale

    from .session import ExcelSession

LOG_FILE = Path.home() / ".repbook" / "addin.log"


def on_action(button_id: str, locale: str = "zh-CN", session: ExcelSession | None = None) -> None:
    """Run the command behind ``button_id`` on the active workbook; never raises.

    ``locale`` is the ribbon's (each button's tag), so alerts speak the labels' language.
    """
    if session is None:
        from .xlwings_session import XlwingsSession

        session = XlwingsSession(locale=locale)
    command, book = button_id, ""
    try:
        from repbook.locale import catalogue, parse_locale

        loc = parse_locale(locale)
        cat = catalogue()
        info = command_for_button(button_id)
        command, book = info.label(loc), session.active_book_name() or cat.message("addin_no_active", loc)
        message = _run(info.id, session, loc, command, book)
        session.alert(cat.message("addin_title", loc), message)
    except Cancelled:
        loc = parse_locale(locale)
        session.alert(catalogue().message("addin_title", loc),
                      catalogue().message("addin_cancelled", loc, command=command, book=book))
    except RepbookError as problem:
        text = problem.message + (f"\n{problem.hint}" if problem.hint else "")
        loc = parse_locale(locale)
        session.alert(catalogue().message("addin_title", loc),
                      catalogue().message("addin_problem", loc, command=command, book=book, message=text))
    except Exception:
        log = _log_unexpected(button_id, book)
        session.alert("repbook", _unexpected_message(locale, command, book, log))
    finally:
        session.status(None)


def _run(command_id: str, session: ExcelSession, locale: Locale, command: str, book: str) -> str:
    from repbook.locale import catalogue

    from .actions import ACTIONS

    cat = catalogue()
    action = ACTIONS.get(command_id)
    if action is None:
        return cat.message("addin_use_terminal", locale, command=command, cli=command_id)
    session.status(cat.message("addin_working", locale, command=command, book=book))
    result = action(session, locale)
    return cat.message("addin_done", locale, command=command, book=book, result=result)


def _log_unexpected(button_id: str, book: str) -> Path:
    LOG_FILE.parent.mkdir(parents=True, exist_ok=True)
    logger = logging.getLogger("repbook.addin")
    if not logger.handlers:
        handler = logging.FileHandler(LOG_FILE, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(message)s"))
        logger.addHandler(handler)
    logger.error("button %s on workbook %r\n%s", button_id, book, traceback.format_exc())
    return LOG_FILE


def _unexpected_message(locale: str, command: str, book: str, log: Path) -> str:
    try:
        from repbook.locale import catalogue, parse_locale

        return catalogue().message("addin_unexpected", parse_locale(locale), command=command, book=book, log=log)
    except Exception:  # the catalogue itself may be what failed
        return f"repbook: {command} failed unexpectedly ({book}). The details are in the log: {log}"
