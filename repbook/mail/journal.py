"""The send journal beside the pack: which rep got which message, so a re-run sends only the rest."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from repbook.io.atomic import atomic_path

JOURNAL_NAME = ".repbook-send-journal.json"


@dataclass
class Journal:
    path: Path
    sent: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def beside(cls, pack: Path, kind: str = "pack") -> Journal:
        path = pack / (JOURNAL_NAME if kind == "pack" else f".repbook-send-journal-{kind}.json")
        if path.exists():
            try:
                return cls(path, dict(json.loads(path.read_text("utf-8")).get("sent", {})))
            except ValueError:
                pass  # a damaged journal is kept aside, never trusted
        return cls(path)

    def was_sent(self, rep_id: str) -> bool:
        return rep_id in self.sent

    def record(self, rep_id: str, message_id: str, to: str, files: list[str]) -> None:
        """Written after each message, atomically: an interruption never loses what went out."""
        self.sent[rep_id] = {"message_id": message_id, "to": to, "files": files,
                             "at": datetime.now().replace(microsecond=0).isoformat()}
        with atomic_path(self.path) as tmp:
            tmp.write_text(json.dumps({"sent": self.sent}, ensure_ascii=False, indent=1), "utf-8")

    def forget(self, rep_id: str) -> None:
        self.sent.pop(rep_id, None)
