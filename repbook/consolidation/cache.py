"""The manifest beside a master: which inputs were read, and what was read from them.

A re-run re-reads only files whose size or modification time changed (and whose content
hash is new); everything else comes from the cache. The cache is repbook's own JSON,
never pickle, so a tampered folder cannot run code: a header line, then one line per
input file, which the worker that read the file writes (``entry_text``, with orjson: the
standard encoder took a quarter of a worker's time) so the parent only joins lines.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, time, timedelta
from pathlib import Path
from typing import Any

import orjson

from repbook.io.atomic import atomic_path
from repbook.validation.issues import Issue

from .extract import FileExtract, RejectedRow

CACHE_VERSION = 3


def manifest_path(master: Path) -> Path:
    return master.with_name(master.name + ".manifest.json")


def _encode(value: Any) -> Any:
    """What JSON cannot hold; called only for those values, so rows are dumped as they are."""
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, time):
        return {"$time": value.isoformat()}
    if isinstance(value, timedelta):
        return value.total_seconds()
    raise TypeError(f"{type(value).__name__} in a consolidated row")


def _decode(value: dict[str, Any]) -> Any:
    if len(value) == 1:
        if "$date" in value:
            return date.fromisoformat(value["$date"])
        if "$time" in value:
            return time.fromisoformat(value["$time"])
    return value


def to_json(extract: FileExtract) -> dict[str, Any]:
    # Built by hand: dataclasses.asdict deep-copies every value of every row, which cost
    # more than reading the files.
    data = {k: v for k, v in extract.__dict__.items() if k not in ("issues", "rejected")}
    data["issues"] = [i.__dict__ for i in extract.issues]
    data["rejected"] = [r.__dict__ for r in extract.rejected]
    return data


def from_json(data: dict[str, Any]) -> FileExtract:
    extract = FileExtract(**{k: v for k, v in data.items() if k not in ("issues", "rejected")})
    extract.issues = [Issue(**i) for i in data["issues"]]
    extract.rejected = [RejectedRow(**r) for r in data["rejected"]]
    return extract


def entry_text(extract: FileExtract) -> bytes:
    """One file's manifest line (UTF-8, without the line break)."""
    data = to_json(extract)
    try:
        return orjson.dumps(data, default=_encode, option=orjson.OPT_PASSTHROUGH_DATETIME)
    except TypeError:  # an integer beyond 64 bits: the standard encoder takes any integer
        return json.dumps(data, default=_encode, ensure_ascii=False).encode("utf-8")


def load_manifest(master: Path) -> dict[str, tuple[FileExtract, bytes]]:
    """Each cached file's extract and its manifest line, by path."""
    path = manifest_path(master)
    if not path.exists():
        return {}
    try:
        with path.open("rb") as handle:
            if json.loads(handle.readline()).get("version") != CACHE_VERSION:
                return {}
            found = {}
            for line in handle:
                line = line.rstrip(b"\n")
                extract = from_json(json.loads(line, object_hook=_decode))
                found[extract.path] = (extract, line)
        return found
    except (ValueError, KeyError, TypeError, AttributeError):
        return {}  # a damaged manifest only costs a full re-read


@contextmanager
def manifest_writer(master: Path) -> Iterator[Callable[[bytes], None]]:
    """Add lines as files are read; the manifest replaces the old one when the block ends.

    Streamed, because a thousand files' rows are hundreds of megabytes of JSON.
    """
    header = json.dumps({"version": CACHE_VERSION, "master": master.name}, ensure_ascii=False).encode("utf-8")
    with atomic_path(manifest_path(master)) as tmp, tmp.open("wb") as handle:
        handle.write(header + b"\n")

        def add(line: bytes) -> None:
            handle.write(line)
            handle.write(b"\n")

        yield add
