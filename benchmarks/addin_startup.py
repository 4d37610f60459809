"""What a ribbon click costs before its command runs: importing the add-in entry (and the
command registry) on top of ``import xlwings``, each in a fresh interpreter as on a click.

    python benchmarks/addin_startup.py [--runs 7]

Budget (issue 9): at most 0.1 s on top of xlwings. Prints the medians and exits 1 over budget.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys

BUDGET_S = 0.1
_TIMED = ("import time; t0 = time.perf_counter(); import xlwings; t1 = time.perf_counter(); "
          "import repbook.addin.entry, repbook.registry; t2 = time.perf_counter(); print(t1 - t0, t2 - t1)")


def one_click() -> tuple[float, float]:
    out = subprocess.run([sys.executable, "-c", _TIMED], capture_output=True, text=True, check=True).stdout
    xlwings_s, entry_s = map(float, out.split())
    return xlwings_s, entry_s


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    runs = [one_click() for _ in range(parser.parse_args().runs)]
    xlwings_s = statistics.median(r[0] for r in runs)
    entry_s = statistics.median(r[1] for r in runs)
    print(f"import xlwings: {xlwings_s * 1000:.0f} ms; entry + registry on top: {entry_s * 1000:.1f} ms "
          f"(budget {BUDGET_S * 1000:.0f} ms)")
    return 0 if entry_s <= BUDGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
