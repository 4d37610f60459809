"""Consolidation speed: N filled work logs x R rows, end to end, beside the naive pandas way.

    python -m benchmarks.bench_consolidate [--files 100] [--rows 1000] [--jobs 2] [--naive-sample N]
    python -m benchmarks.bench_consolidate --files 1000 --naive-sample 50     # the 1,000-file variant

Measured in one run on the same files:
- repbook consolidate end to end (read + validate + account + write the master with its
  summaries and charts), in a fresh process as a manager would run it: wall time, the CPU
  time of it and its workers (how many cores it kept busy), the peak memory of the
  consolidating process and of its largest worker;
- the same after three files changed (the manifest re-reads only those);
- naive: pandas.read_excel (openpyxl) per file, concat, to_excel (openpyxl); with
  --naive-sample the naive way runs on that many files and its time is scaled;
- the read phase alone (open each file and read its tables into rows, on the same
  processes), beside merely unzipping every file's sheet XML on as many processes.
Targets (issue 5): >= 8x naive end to end; read within 10x of unzipping; both cores used;
< 2 GB peak at 1,000 files.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from datetime import timedelta
from pathlib import Path
from typing import Any

PERIOD_CODE = "2026-11"


def make_log(folder: Path, n: int, rows: int) -> Path:
    from repbook.forms.work_log import METHOD_WEIGHTS, OUTCOME_WEIGHTS
    from repbook.generators.context import FormContext, RepInfo
    from repbook.generators.workbook import build_workbook
    from repbook.periods import parse_period
    from repbook.spec import load_spec
    from repbook.workdays import build_calendar

    period = parse_period(PERIOD_CODE)
    calendar = build_calendar(period.start, period.end)
    days = calendar.working_dates(period.start, period.end)
    rng = random.Random(n)
    entries = []
    for i in range(rows):
        outcome = rng.choices(list(OUTCOME_WEIGHTS), weights=list(OUTCOME_WEIGHTS.values()))[0]
        day = rng.choice(days)
        entries.append({"date": day, "customer": f"客户{i % 300:03d}", "contact_person": "李经理",
                        "method": rng.choices(list(METHOD_WEIGHTS), weights=list(METHOD_WEIGHTS.values()))[0],
                        "purpose": "service", "result": "确认下月订货量", "outcome": outcome,
                        "order_amount": 1000 + i % 5000 if outcome == "closed" else None,
                        "next_contact": day + timedelta(days=7)})
    rep = RepInfo(f"R{n:04d}", f"经理{n:04d}", "华东区" if n % 2 else "华南区")
    ctx = FormContext(load_spec("work-log"), period, rep, calendar, rows={"log": entries})
    return build_workbook(ctx, folder / f"{rep.rep_id}.xlsx")


def make_logs(folder: Path, files: int, rows: int, jobs: int) -> list[Path]:
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        return list(pool.map(make_log, [folder] * files, range(files), [rows] * files, chunksize=8))


def naive(files: list[Path], out: Path) -> None:
    import pandas as pd

    frames = [pd.read_excel(f, sheet_name="日志", header=6, engine="openpyxl") for f in files]
    pd.concat(frames, ignore_index=True).to_excel(out, engine="openpyxl", index=False)


def unzip_sheets(path: Path) -> int:
    total = 0
    with zipfile.ZipFile(path) as package:
        for name in package.namelist():
            if name.startswith("xl/worksheets/") or name == "xl/sharedStrings.xml":
                total += len(package.read(name))
    return total


def read_tables(path: Path) -> int:
    """The read phase of one file: open it and read every table into rows, with positions."""
    from repbook.validation.reading import read_form

    return sum(len(t.rows) for t in read_form(path).tables.values())


def on_processes(job: Callable[[Path], int], files: list[Path], jobs: int) -> float:
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        sum(pool.map(job, files, chunksize=max(1, min(8, len(files) // (4 * jobs)))))
    return time.perf_counter() - start


def measure_consolidation(folder: Path, master: Path, jobs: int) -> dict[str, Any]:
    """Runs in its own process, so its memory is the consolidation's alone."""
    from repbook.commands.consolidate import consolidate

    before = resource.getrusage(resource.RUSAGE_SELF)
    start = time.perf_counter()
    result = consolidate([folder], master, jobs=jobs)
    wall = time.perf_counter() - start
    own, workers = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = own.ru_utime + own.ru_stime - before.ru_utime - before.ru_stime + workers.ru_utime + workers.ru_stime
    return {"wall": wall, "cpu": cpu,
            "peak_mb": own.ru_maxrss / 1024, "worker_peak_mb": workers.ru_maxrss / 1024,
            "rows": result.input_rows, "consolidated": result.consolidated_rows, "read": result.read}


def consolidation_run(folder: Path, master: Path, jobs: int) -> dict[str, Any]:
    code = ("import json, sys; from pathlib import Path; from benchmarks.bench_consolidate import "
            "measure_consolidation as m; print(json.dumps(m(Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3]))))")
    done = subprocess.run([sys.executable, "-c", code, str(folder), str(master), str(jobs)], capture_output=True,
                          text=True, check=True, cwd=Path(__file__).resolve().parents[1])
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--files", type=int, default=100)
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--naive-sample", type=int, default=0, help="run the naive way on this many files (0: all)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        returns = root / "returns"
        returns.mkdir()
        start = time.perf_counter()
        files = sorted(make_logs(returns, args.files, args.rows, args.jobs))
        made_s = time.perf_counter() - start
        unzip_s = on_processes(unzip_sheets, files, args.jobs)
        read_s = on_processes(read_tables, files, args.jobs)
        full = consolidation_run(returns, root / "master.xlsx", args.jobs)
        changed = random.Random(1).sample(files, 3)
        for path in changed:
            make_log(returns, int(path.stem[1:]), args.rows + 1)
        again = consolidation_run(returns, root / "master.xlsx", args.jobs)
        sample = files[: args.naive_sample or len(files)]
        start = time.perf_counter()
        naive(sample, root / "naive.xlsx")
        naive_s = (time.perf_counter() - start) * len(files) / len(sample)
    rows = args.files * args.rows
    ratio = naive_s / full["wall"]
    cores = full["cpu"] / full["wall"]
    print(f"{args.files:,} work logs x {args.rows:,} rows = {rows:,} rows ({made_s:.0f} s to make them); "
          f"jobs={args.jobs}")
    print(f"{'what':<58}{'seconds':>9}  ratio")
    print(f"{'repbook consolidate, end to end, first run':<58}{full['wall']:>9.2f}  1.0x")
    scaled = f" (scaled from {len(sample)} files)" if len(sample) != len(files) else ""
    print(f"{'naive: read_excel + concat + to_excel (openpyxl)' + scaled:<58}{naive_s:>9.2f}  "
          f"repbook {ratio:.1f}x faster")
    print(f"{'repbook consolidate again, 3 files changed':<58}{again['wall']:>9.2f}  "
          f"{full['wall'] / again['wall']:.1f}x faster than the first run (read {again['read']} files)")
    print(f"{'read phase: open + read every table into rows':<58}{read_s:>9.2f}  {read_s / unzip_s:.1f}x unzip")
    print(f"{'unzip every sheet XML (the floor)':<58}{unzip_s:>9.2f}")
    print(f"rows: {full['rows']:,} read, {full['consolidated']:,} consolidated; cores kept busy: {cores:.2f} "
          f"of {args.jobs}; peak memory {full['peak_mb']:,.0f} MB (+ largest worker {full['worker_peak_mb']:,.0f} MB)")
    print(f"targets: >= 8x naive {'met' if ratio >= 8 else 'NOT met'}; read within 10x of unzip "
          f"{'met' if read_s / unzip_s <= 10 else 'NOT met'}; both cores {'used' if cores > 1.3 else 'NOT used'}; "
          f"peak < 2 GB {'met' if full['peak_mb'] + args.jobs * full['worker_peak_mb'] < 2048 else 'NOT met'}")


if __name__ == "__main__":
    main()
