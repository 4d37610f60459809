"""`repbook generate`: every form for every active rep, one folder per rep."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from repbook.commands.context import form_context
from repbook.forms import Rows
from repbook.generators.workbook import build_workbook
from repbook.io.filenames import safe_filename
from repbook.locale import Locale
from repbook.model import ControlData, Rep
from repbook.periods import Period
from repbook.spec import FORMS, load_spec


@dataclass(frozen=True)
class PackFile:
    rep_id: str
    rep_name: str
    form: str
    path: Path


@dataclass(frozen=True)
class RepJob:
    rep: Rep
    folder: Path
    forms: tuple[str, ...]
    rows: dict[str, Rows] | None = None


def rep_folder(out_dir: Path, rep: Rep) -> Path:
    return out_dir / safe_filename(f"{rep.region}_{rep.rep_id}_{rep.name}".strip("_"))


def form_filename(form: str, rep: Rep, period: Period, locale: Locale) -> str:
    title = load_spec(form).title(locale)
    return safe_filename(f"{title}_{rep.name}_{period.code}") + ".xlsx"


def generate_pack(
    control: ControlData,
    out_dir: Path,
    period: Period,
    *,
    locale: Locale | None = None,
    forms: Sequence[str] = FORMS,
    reps: Sequence[Rep] | None = None,
    filled: Callable[[Rep, str], Rows] | None = None,
    jobs: int | None = None,
) -> list[PackFile]:
    """Write the pack; ``filled`` supplies the rows a rep typed (the demo), else pre-fill.

    Reps are spread over ``jobs`` processes (default: every core).
    """
    chosen = [r for r in (reps if reps is not None else control.reps) if r.active]
    loc = locale or control.locale
    work = [RepJob(rep, rep_folder(out_dir, rep), tuple(forms),
                   {f: filled(rep, f) for f in forms} if filled else None) for rep in chosen]
    workers = max(1, min(jobs or os.cpu_count() or 1, len(work)))
    if workers == 1:
        results = [_generate_rep(job, control, period, loc) for job in work]
    else:
        # The control data goes to each worker once, not once per rep.
        with ProcessPoolExecutor(max_workers=workers, initializer=_start_worker,
                                 initargs=(control, period, loc)) as pool:
            results = list(pool.map(_generate_in_worker, work))
    return [item for batch in results for item in batch]


_WORKER: dict[str, object] = {}


def _start_worker(control: ControlData, period: Period, locale: Locale) -> None:
    _WORKER.update(control=control, period=period, locale=locale)


def _generate_in_worker(job: RepJob) -> list[PackFile]:
    return _generate_rep(job, _WORKER["control"], _WORKER["period"], _WORKER["locale"])  # type: ignore[arg-type]


def _generate_rep(job: RepJob, control: ControlData, period: Period, locale: Locale) -> list[PackFile]:
    made = []
    for form in job.forms:
        rows = job.rows.get(form) if job.rows else None
        context = form_context(form, job.rep, period, control, locale, rows=rows)
        path = build_workbook(context, job.folder / form_filename(form, job.rep, period, locale))
        made.append(PackFile(job.rep.rep_id, job.rep.name, form, path))
    return made
