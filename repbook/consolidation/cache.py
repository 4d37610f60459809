"""The manifest beside a master: which inputs were read, and what was read from them.

A re-run re-reads only files whose size or modification time changed (and whose content
hash is new); everything else comes from the cache. The cache is repbook's own JSON,
never pickle, so a tampered folder cannot run code.
"""

from __future__ import annotations

import json
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any

from repbook.io.atomic import atomic_path
from repbook.validation.issues import Issue

from .extract import FileExtract, RejectedRow

CACHE_VERSION = 2


def manifest_path(master: Path) -> Path:
    return master.with_name(master.name + ".manifest.json")


def _encode(value: Any) -> Any:
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, time):
        return {"$time": value.isoformat()}
    if isinstance(value, timedelta):
        return value.total_seconds()
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and set(value) == {"$date"}:
        return date.fromisoformat(value["$date"])
    if isinstance(value, dict) and set(value) == {"$time"}:
        return time.fromisoformat(value["$time"])
    return value


def _rows_out(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: _encode(v) for k, v in row.items()} for row in rows]


def _rows_in(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: _decode(v) for k, v in row.items()} for row in rows]


def to_json(extract: FileExtract) -> dict[str, Any]:
    # Built by hand: dataclasses.asdict deep-copies every value of every row, which cost
    # more than reading the files.
    data = {k: v for k, v in extract.__dict__.items() if k not in ("issues", "rows", "rejected")}
    data["issues"] = [dict(i.__dict__) for i in extract.issues]
    data["rows"] = {k: _rows_out(v) for k, v in extract.rows.items()}
    data["rejected"] = [{**r.__dict__, "values": {k: _encode(v) for k, v in r.values.items()}} for r in extract.rejected]
    return data


def from_json(data: dict[str, Any]) -> FileExtract:
    extract = FileExtract(**{k: v for k, v in data.items() if k not in ("issues", "rows", "rejected")})
    extract.issues = [Issue(**i) for i in data["issues"]]
    extract.rows = {k: _rows_in(v) for k, v in data["rows"].items()}
    extract.rejected = [RejectedRow(**{**r, "values": {k: _decode(v) for k, v in r["values"].items()}})
                        for r in data["rejected"]]
    return extract


def load_manifest(master: Path) -> dict[str, FileExtract]:
    path = manifest_path(master)
    if not path.exists():
        return {}
    try:
        data = json.loads(path.read_text("utf-8"))
        if data.get("version") != CACHE_VERSION:
            return {}
        return {p: from_json(e) for p, e in data["files"].items()}
    except (ValueError, KeyError, TypeError):
        return {}  # a damaged manifest only costs a full re-read


def save_manifest(master: Path, extracts: list[FileExtract]) -> None:
    payload = {"version": CACHE_VERSION, "master": master.name, "files": {e.path: to_json(e) for e in extracts}}
    with atomic_path(manifest_path(master)) as tmp:
        tmp.write_text(json.dumps(payload, ensure_ascii=False), "utf-8")
