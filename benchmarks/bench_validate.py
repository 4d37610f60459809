"""Validation speed: a 20,000-row work log, beside merely loading it with openpyxl.

    python -m benchmarks.bench_validate [--rows 20000]

Target (issue 4): validated in at most 2 s. Both numbers are measured in the same run on
the same file; no test asserts on them.
"""

from __future__ import annotations

import argparse
import random
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import openpyxl

from repbook.forms.work_log import METHOD_WEIGHTS, OUTCOME_WEIGHTS
from repbook.generators.context import FormContext, RepInfo
from repbook.generators.workbook import build_workbook
from repbook.periods import parse_period
from repbook.spec import load_spec
from repbook.validation.validate import validate_paths
from repbook.workdays import build_calendar


def big_log(folder: Path, rows: int) -> Path:
    period = parse_period("2026-11")
    rng = random.Random(4)
    days = period.days()
    entries = []
    for n in range(rows):
        outcome = rng.choices(list(OUTCOME_WEIGHTS), weights=list(OUTCOME_WEIGHTS.values()))[0]
        day = rng.choice(days)
        entries.append({
            "date": day, "customer": f"客户{n % 400:03d}", "contact_person": "李经理",
            "method": rng.choices(list(METHOD_WEIGHTS), weights=list(METHOD_WEIGHTS.values()))[0],
            "purpose": "service", "result": "确认下月订货量", "outcome": outcome,
            "order_amount": 1000 + n % 5000 if outcome == "closed" else None,
            "next_contact": day + timedelta(days=7),
        })
    ctx = FormContext(load_spec("work-log"), period, RepInfo("R01", "张伟", "华东区"),
                      build_calendar(period.start, period.end), rows={"log": entries})
    return build_workbook(ctx, folder / "big-log.xlsx")


def best_of(runs: int, action: object) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = big_log(Path(folder), args.rows)
        issues = validate_paths([path])
        validate_s = best_of(args.runs, lambda: validate_paths([path]))
        load_s = best_of(args.runs, lambda: openpyxl.load_workbook(path))
        load_ro_s = best_of(args.runs, lambda: [list(ws.iter_rows(values_only=True))
                                                for ws in openpyxl.load_workbook(path, read_only=True).worksheets])
    print(f"work log with {args.rows:,} rows ({issues.files[0].rows:,} read, {len(list(issues.issues()))} issues)")
    print(f"{'what':<44}{'seconds':>9}{'vs validate':>13}")
    print(f"{'repbook validate (guard + read + all rules)':<44}{validate_s:>9.2f}{1:>12.1f}x")
    print(f"{'openpyxl load_workbook (no checks)':<44}{load_s:>9.2f}{load_s / validate_s:>12.1f}x")
    print(f"{'openpyxl read-only, every row (no checks)':<44}{load_ro_s:>9.2f}{load_ro_s / validate_s:>12.1f}x")
    print(f"target: validate <= 2.00 s: {'met' if validate_s <= 2 else 'NOT met'}")


if __name__ == "__main__":
    main()
