"""Consolidation speed: N filled work logs x R rows, end to end, beside the naive pandas way.

    python -m benchmarks.bench_consolidate [--files 100] [--rows 1000] [--jobs 2]

Measured in one run on the same files:
- repbook consolidate: guard + read + validate + account + write the master with summaries;
- naive: pandas.read_excel (openpyxl) per file, concat, to_excel (openpyxl);
- the read phase alone, beside merely unzipping every file's sheet XML (the floor);
- peak memory of the whole run (this process and its workers).
Targets (issue 5): >= 8x naive end to end; read within 10x of unzipping; < 2 GB at 1,000 files.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import tempfile
import time
import zipfile
from datetime import timedelta
from pathlib import Path

import pandas as pd

from repbook.commands.consolidate import consolidate
from repbook.consolidation.run import gather
from repbook.forms.work_log import METHOD_WEIGHTS, OUTCOME_WEIGHTS
from repbook.generators.context import FormContext, RepInfo
from repbook.generators.workbook import build_workbook
from repbook.periods import parse_period
from repbook.spec import load_spec
from repbook.workdays import build_calendar

PERIOD = parse_period("2026-11")


def make_logs(folder: Path, files: int, rows: int) -> list[Path]:
    spec = load_spec("work-log")
    calendar = build_calendar(PERIOD.start, PERIOD.end)
    days = calendar.working_dates(PERIOD.start, PERIOD.end)
    made = []
    for n in range(files):
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
        ctx = FormContext(spec, PERIOD, rep, calendar, rows={"log": entries})
        made.append(build_workbook(ctx, folder / f"{rep.rep_id}.xlsx"))
    return made


def naive(files: list[Path], out: Path) -> None:
    frames = [pd.read_excel(f, sheet_name="日志", header=6, engine="openpyxl") for f in files]
    pd.concat(frames, ignore_index=True).to_excel(out, engine="openpyxl", index=False)


def unzip_sheets(files: list[Path]) -> int:
    total = 0
    for path in files:
        with zipfile.ZipFile(path) as package:
            for name in package.namelist():
                if name.startswith("xl/worksheets/") or name == "xl/sharedStrings.xml":
                    total += len(package.read(name))
    return total


def timed(action: object) -> float:
    start = time.perf_counter()
    action()  # type: ignore[operator]
    return time.perf_counter() - start


def peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + children) / 1024


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
        made_s = timed(lambda: make_logs(returns, args.files, args.rows))
        files = sorted(returns.glob("*.xlsx"))
        unzip_s = timed(lambda: unzip_sheets(files))
        read_s = timed(lambda: gather([returns], root / "read-only.xlsx", "zh-CN", args.jobs))
        full_s = timed(lambda: consolidate([returns], root / "master.xlsx", jobs=args.jobs))
        (root / "master.xlsx.manifest.json").unlink()
        rerun_s = timed(lambda: consolidate([returns], root / "master.xlsx", jobs=args.jobs))
        sample = files[: args.naive_sample or len(files)]
        naive_s = timed(lambda: naive(sample, root / "naive.xlsx")) * len(files) / len(sample)
    rows = args.files * args.rows
    print(f"{args.files} work logs x {args.rows:,} rows = {rows:,} rows ({made_s:.1f} s to make them); jobs={args.jobs}")
    print(f"{'what':<52}{'seconds':>9}{'ratio':>10}")
    print(f"{'repbook consolidate, end to end (no manifest)':<52}{rerun_s:>9.2f}{1:>9.1f}x")
    print(f"{'naive pandas read_excel + concat + to_excel' + (' (scaled)' if sample != files else ''):<52}"
          f"{naive_s:>9.2f}{naive_s / rerun_s:>9.1f}x faster")
    print(f"{'read phase (guard + read + validate + account)':<52}{read_s:>9.2f}{read_s / unzip_s:>9.1f}x unzip")
    print(f"{'unzip every sheet XML (the floor)':<52}{unzip_s:>9.2f}")
    print(f"{'repbook consolidate, first run incl. manifest':<52}{full_s:>9.2f}")
    print(f"peak memory: {peak_mb():,.0f} MB")
    print(f"targets: >= 8x naive {'met' if naive_s / rerun_s >= 8 else 'NOT met'}; "
          f"read within 10x of unzip {'met' if read_s / unzip_s <= 10 else 'NOT met'}")


if __name__ == "__main__":
    main()
