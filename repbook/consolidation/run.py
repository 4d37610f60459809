"""Consolidation: find, read (in parallel, incrementally), de-duplicate, account for every row."""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from repbook.locale import Locale, catalogue
from repbook.spec import CONTROL, FORMS, load_spec
from repbook.validation.issues import Issue, make_issue
from repbook.validation.validate import workbook_files

from .cache import entry_text, load_manifest, manifest_path, manifest_writer
from .extract import FileExtract, RejectedRow, extract_file, file_digest, is_master

Status = Literal["consolidated", "duplicate", "superseded", "refused"]


@dataclass
class FileOutcome:
    path: str
    form: str | None
    rep_id: str
    rep_name: str
    region: str
    period: str
    status: Status
    reason: str
    input_rows: int
    consolidated: int
    rejected: int
    from_cache: bool
    saved_at: str = ""
    completeness: float | None = None


@dataclass
class Consolidation:
    """The rows of every table, every rejected row with its reason, every file's fate."""

    rows: dict[str, list[dict[str, Any]]] = field(default_factory=lambda: defaultdict(list))
    rejected: list[tuple[FileExtract, RejectedRow]] = field(default_factory=list)
    files: list[FileOutcome] = field(default_factory=list)
    issues: list[Issue] = field(default_factory=list)
    read: int = 0
    cached: int = 0

    @property
    def input_rows(self) -> int:
        return sum(f.input_rows for f in self.files)

    @property
    def consolidated_rows(self) -> int:
        return sum(f.consolidated for f in self.files)

    @property
    def rejected_rows(self) -> int:
        return sum(f.rejected for f in self.files)


def gather(paths: Sequence[Path], output: Path, locale: Locale, jobs: int | None = None,
           progress: Callable[[int, int], None] | None = None) -> Consolidation:
    skip = {output.resolve(), manifest_path(output).resolve()}
    files = [p for p in workbook_files(paths) if p.resolve() not in skip]
    known = load_manifest(output)
    extracts: dict[str, FileExtract] = {}
    to_read: list[Path] = []
    with manifest_writer(output) as remember:
        for path in files:
            cached, line = known.pop(str(path), (None, b""))
            stat = path.stat()
            if cached and cached.size == stat.st_size and cached.mtime_ns == stat.st_mtime_ns:
                extracts[str(path)] = cached
                remember(line)
            elif cached and cached.size == stat.st_size and file_digest(path) == cached.sha256:
                cached.mtime_ns = stat.st_mtime_ns
                extracts[str(path)] = cached
                remember(entry_text(cached))
            else:
                to_read.append(path)
        known.clear()
        result = Consolidation(cached=len(extracts), read=len(to_read))
        for done, (extract, line) in enumerate(_read_all(to_read, locale, jobs), start=1):
            extracts[extract.path] = extract
            remember(line)
            if progress:
                progress(done, len(to_read))
    ordered = [extracts[str(p)] for p in files]
    _account(result, ordered, {str(p) for p in to_read}, locale)
    return result


def extract_with_entry(path: Path, locale: Locale) -> tuple[FileExtract, bytes]:
    """A worker's job: the file's extract and its manifest line, encoded where it was read."""
    extract = extract_file(path, locale)
    return extract, entry_text(extract)


def _read_all(paths: list[Path], locale: Locale, jobs: int | None) -> Iterator[tuple[FileExtract, bytes]]:
    workers = max(1, min(jobs or os.cpu_count() or 1, len(paths)))
    if workers == 1:
        yield from (extract_with_entry(p, locale) for p in paths)
        return
    _load_specs()  # before the workers start: where processes fork, they inherit the parsed specs
    with ProcessPoolExecutor(max_workers=workers) as pool:
        yield from pool.map(extract_with_entry, paths, [locale] * len(paths),
                            chunksize=max(1, min(8, len(paths) // (4 * workers))))


def _load_specs() -> None:
    catalogue()
    for form in (*FORMS, CONTROL):
        load_spec(form)


def _account(result: Consolidation, extracts: list[FileExtract], fresh: set[str], locale: Locale) -> None:
    """Decide each file's fate; every row lands in the master or among the rejected."""
    cat = catalogue()
    first_by_hash: dict[str, FileExtract] = {}
    newest: dict[tuple[str, str, str], FileExtract] = {}
    for extract in extracts:
        if extract.refused or is_master(extract) or not extract.form:
            continue
        key = (extract.form, extract.rep_id, extract.period)
        if extract.sha256 in first_by_hash:
            continue
        first_by_hash[extract.sha256] = extract
        current = newest.get(key)
        if current is None or (extract.saved_at, extract.path) > (current.saved_at, current.path):
            newest[key] = extract
    for extract in extracts:
        meta = extract.metadata
        status: Status = "consolidated"
        reason = ""
        if extract.refused:
            status, reason = "refused", extract.refused
        elif not is_master(extract) and first_by_hash.get(extract.sha256) is not extract:
            status = "duplicate"
            reason = cat.message("dup_same_file", locale, other=Path(first_by_hash[extract.sha256].path).name)
        elif not is_master(extract) and newest.get((extract.form or "", extract.rep_id, extract.period)) is not extract:
            winner = newest[(extract.form or "", extract.rep_id, extract.period)]
            status = "superseded"
            reason = cat.message("dup_older_version", locale, other=Path(winner.path).name)
        consolidated = 0
        if status == "consolidated":
            for table_key, rows in extract.rows.items():
                result.rows[table_key].extend(_with_source(rows, extract))
                consolidated += len(rows)
            result.rejected.extend((extract, r) for r in extract.rejected)
            result.issues.extend(extract.issues)
        elif status in ("duplicate", "superseded"):
            for table_key, rows in extract.rows.items():
                for row in rows:
                    result.rejected.append((extract, RejectedRow(table_key, str(row.get("_sheet", "")),
                                                                 int(row.get("_row") or 0), reason, row)))
            result.rejected.extend((extract, RejectedRow(r.table, r.sheet, r.row, reason, r.values))
                                   for r in extract.rejected)
        else:
            result.issues.extend(extract.issues)
        result.files.append(FileOutcome(
            extract.path, extract.form, extract.rep_id, meta.get("rep_name", ""), meta.get("region", ""),
            extract.period, status, reason, extract.input_rows, consolidated,
            extract.input_rows - consolidated, extract.path not in fresh, extract.saved_at, extract.completeness))
    result.issues.extend(_customers_in_two_archives(result, locale))


def _with_source(rows: list[dict[str, Any]], extract: FileExtract) -> list[dict[str, Any]]:
    """The rows with where they came from, added in place: a million-row folder must not
    hold every row twice."""
    name = Path(extract.path).name
    if is_master(extract):
        region = extract.metadata.get("region", "")
        for row in rows:
            row["_region"], row["_file"] = row.get("_region") or region, row.get("_file") or name
        return rows
    meta = extract.metadata
    source = {"_region": meta.get("region", ""), "_rep_id": meta.get("rep_id", ""),
              "_rep_name": meta.get("rep_name", ""), "_period": meta.get("period", ""), "_file": name}
    for row in rows:
        row.update(source)
    return rows


def _customers_in_two_archives(result: Consolidation, locale: Locale) -> list[Issue]:
    owners: dict[str, set[str]] = defaultdict(set)
    first_file: dict[str, str] = {}
    for row in result.rows.get("customer-archive/customers", []):
        name = str(row.get("name") or "").strip()
        if name:
            owners[name].add(str(row.get("_rep_name") or row.get("_rep_id")))
            first_file.setdefault(name, str(row.get("_file")))
    return [make_issue("customer-in-two-archives", locale, file=first_file[name], value=name,
                       reps="、".join(sorted(reps)))
            for name, reps in sorted(owners.items()) if len(reps) > 1]
