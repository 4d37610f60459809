"""Errors a user sees. Each one says what went wrong and what to do about it."""

from __future__ import annotations


class RepbookError(Exception):
    """A problem the user can fix; the CLI prints it without a traceback.

    ``exit_code`` follows the CLI convention: 2 for bad usage or unreadable input.
    """

    exit_code = 2

    def __init__(self, message: str, *, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.hint = hint

    def __str__(self) -> str:
        return f"{self.message} {self.hint}" if self.hint else self.message


class Cancelled(Exception):
    """The user closed a dialog or answered "cancel": nothing was done, and that is no problem.

    Not a RepbookError: a cancelled command did not fail. The add-in says so in one line.
    """


class SpecError(RepbookError):
    """A form spec in templates/ is inconsistent (a developer's mistake, caught at load)."""


class UsageError(RepbookError):
    """The command was called with arguments that cannot work."""


class InputFileError(RepbookError):
    """A workbook or file given to repbook cannot be read as expected."""

    def __init__(
        self,
        message: str,
        *,
        file: str,
        sheet: str | None = None,
        cell: str | None = None,
        hint: str | None = None,
    ) -> None:
        where = file + (f" [{sheet}]" if sheet else "") + (f" {cell}" if cell else "")
        super().__init__(f"{where}: {message}", hint=hint)
        self.file = file
        self.sheet = sheet
        self.cell = cell
