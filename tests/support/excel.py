"""Excel as a ribbon button sees it, over files on disk: the ExcelSession the tests click with.

The manager's answers to prompts and dialogs are given in advance, each kind in order; a
question nobody prepared an answer for fails the test with its text. Excel holds the files
of open workbooks (on Windows they are locked): the session remembers what each open book's
file held when it was opened, and ``written_while_open`` names any that changed meanwhile.
"""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TypeVar

from repbook.errors import RepbookError
from repbook.io.workbook_port import FilePort

T = TypeVar("T")


class Unprepared(AssertionError):
    """A dialog or prompt the test did not expect."""


def _digest(path: Path) -> str | None:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() else None


class FileSession:
    def __init__(self, path: Path | None, *, open_books: Iterable[Path] = (), answers: Iterable[str | None] = (),
                 folders: Iterable[Path | None] = (), files: Iterable[Path | None] = (),
                 new_files: Iterable[Path | None] = (), yes_no: Iterable[bool | None] = (),
                 secrets: Iterable[str | None] = (), selected: str = "") -> None:
        self.path = path
        self.books: dict[Path, str | None] = {}  # open workbook -> its file's digest when opened
        for book in ([path] if path else []) + list(open_books):
            self.books[book] = _digest(book)
        self.answers, self.folders, self.files = deque(answers), deque(folders), deque(files)
        self.new_files, self.yes_no, self.secrets = deque(new_files), deque(yes_no), deque(secrets)
        self.selected = selected
        self.asked: list[str] = []  # every prompt and dialog title, in order
        self.alerts: list[tuple[str, str]] = []
        self.opened: list[Path] = []
        self.closed: list[Path] = []
        self.reopened: list[Path] = []
        self.saved: list[Path] = []
        self.statuses: list[str | None] = []

    # -- what the manager sees and answers

    def _answer(self, queue: deque[T], question: str) -> T:
        self.asked.append(question)
        if not queue:
            raise Unprepared(f"unexpected question: {question}")
        return queue.popleft()

    def ask(self, title: str, prompt: str, default: str = "") -> str | None:
        answer = self._answer(self.answers, prompt)
        return default if answer == "" else answer  # "" stands for pressing Enter on the default

    def ask_secret(self, title: str, prompt: str) -> str | None:
        return self._answer(self.secrets, prompt)

    def ask_yes_no(self, title: str, message: str, *, cancel: bool = False) -> bool | None:
        return self._answer(self.yes_no, message)

    def choose_folder(self, title: str, start: Path | None = None) -> Path | None:
        return self._answer(self.folders, title)

    def choose_file(self, title: str, start: Path | None = None) -> Path | None:
        return self._answer(self.files, title)

    def choose_new_file(self, title: str, suggested: Path) -> Path | None:
        return self._answer(self.new_files, f"{title}: {suggested}")

    def alert(self, title: str, message: str) -> None:
        self.alerts.append((title, message))

    def status(self, text: str | None) -> None:
        self.statuses.append(text)

    def selected_text(self) -> str:
        return self.selected

    # -- workbooks

    def active_book_name(self) -> str:
        return self.path.name if self.path else ""

    def active_book_file(self) -> Path | None:
        return self.path if self.path is not None and self.path.is_file() else None

    def active_book_path(self) -> Path:
        if self.path is None:
            raise RepbookError("no book")
        self.saved.append(self.path)
        return self.path

    def open_books(self) -> list[Path]:
        active = [self.path] if self.path is not None else []
        return active + [p for p in self.books if p != self.path]

    def save_book(self, path: Path) -> None:
        if path in self.books:
            self.saved.append(path)

    def close_book(self, path: Path) -> None:
        if path in self.books:
            del self.books[path]
            self.closed.append(path)
            if path == self.path:
                self.path = next(iter(self.books), None)

    @contextmanager
    def editing(self, path: Path) -> Iterator[None]:
        held = path in self.books
        self.books.pop(path, None)
        try:
            yield
        finally:
            if held:
                self.books[path] = _digest(path)
                self.reopened.append(path)

    def open_book(self, path: Path) -> None:
        assert path.is_file(), f"opened a file that does not exist: {path}"
        self.opened.append(path)
        self.books.setdefault(path, _digest(path))
        self.path = path

    def port(self) -> FilePort:
        assert self.path is not None
        return FilePort(self.path)

    @contextmanager
    def writing(self) -> Iterator[None]:
        yield

    def written_while_open(self) -> list[Path]:
        """Workbooks whose file changed while Excel held them open (a command must let go first)."""
        return [p for p, digest in self.books.items() if _digest(p) != digest]

    @property
    def message(self) -> str:
        """The one alert a click ends with."""
        (_, text), = self.alerts
        return text
