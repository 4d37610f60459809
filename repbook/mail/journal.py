"""The send journal beside the pack: which rep got which message, so a re-run sends only the rest."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from repbook.errors import InputFileError
from repbook.io.atomic import atomic_path

JOURNAL_NAME = ".repbook-send-journal.json"


@dataclass
class Journal:
    path: Path
    sent: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def beside(cls, pack: Path, kind: str = "pack") -> Journal:
        path = pack / (JOURNAL_NAME if kind == "pack" else f".repbook-send-journal-{kind}.json")
        if not path.exists():
            return cls(path)
        try:
            sent = json.loads(path.read_text("utf-8")).get("sent", {})
            if not isinstance(sent, dict) or not all(isinstance(v, dict) for v in sent.values()):
                raise ValueError("unexpected shape")
        except (ValueError, AttributeError, UnicodeDecodeError) as exc:
            # Never guessed around: sending to everyone again could duplicate, sending to no one could miss.
            raise InputFileError("the send journal cannot be read, so it is unknown who already got their pack.",
                                 file=str(path), hint="Look at it (it is JSON); delete it to send to everyone "
                                 "again, or fix it and run again.") from exc
        return cls(path, dict(sent))

    def was_sent(self, rep_id: str) -> bool:
        return rep_id in self.sent

    def record(self, rep_id: str, message_id: str, to: str, files: Sequence[Path]) -> None:
        """Written after each message, atomically: an interruption never loses what went out."""
        self.sent[rep_id] = {"message_id": message_id, "to": to, "files": [f.name for f in files],
                             "sha256": fingerprints(files), "at": datetime.now().replace(microsecond=0).isoformat()}
        with atomic_path(self.path) as tmp:
            tmp.write_text(json.dumps({"sent": self.sent}, ensure_ascii=False, indent=1), "utf-8")

    def forget(self, rep_id: str) -> None:
        self.sent.pop(rep_id, None)

    def changed_since(self, rep_id: str, files: Sequence[Path]) -> bool:
        """The rep's files differ from those that went out (the pack was made again after sending)."""
        before = self.sent.get(rep_id, {}).get("sha256")
        return isinstance(before, dict) and before != fingerprints(files)


def fingerprints(files: Sequence[Path]) -> dict[str, str]:
    return {f.name: hashlib.sha256(f.read_bytes()).hexdigest() for f in files}
