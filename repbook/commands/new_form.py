"""`repbook new`: one form for one rep and period."""

from __future__ import annotations

from pathlib import Path

from repbook.commands.context import form_context
from repbook.errors import InputFileError
from repbook.generators.workbook import build_workbook
from repbook.io.control import read_control
from repbook.locale import Locale
from repbook.model import ControlData, Rep
from repbook.periods import Period


def new_form(
    form: str, rep_id: str, period: Period, locale: Locale | None, output: Path, control_path: Path | None = None
) -> Path:
    """Generate ``form`` for ``rep_id``; with a control workbook, pre-filled from it."""
    if control_path is not None:
        control = read_control(control_path)
        rep = control.rep(rep_id)
        if rep is None:
            raise InputFileError(f"has no rep with ID '{rep_id}' on its roster.", file=str(control_path),
                                 hint="Check the ID, or add the rep to the roster.")
    else:
        control = ControlData(settings={}, reps=())
        rep = Rep(rep_id, rep_id)
    context = form_context(form, rep, period, control, locale or control.locale)
    return build_workbook(context, output)
