"""Generation speed: the 8-form pack for a 50-rep team, beside a naive baseline.

    python -m benchmarks.bench_generate [--reps 50] [--naive-sample 40]

The naive way is what a first script does: openpyxl, every cell written one by one with a
new Font/Fill/Border/Alignment object per cell, the same tables, rows, formulas and
validations. It runs on a sample of the same workbooks (it is slow); workbooks per second
are compared. Targets (issue 2): 400 workbooks in at most 3 s on 2 cores, at least 8x naive.
"""

from __future__ import annotations

import argparse
import os
import random
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import openpyxl
from openpyxl.formatting.rule import FormulaRule
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.worksheet.datavalidation import DataValidation

from repbook.commands.generate_pack import generate_pack
from repbook.demo.team import make_team
from repbook.locale import catalogue
from repbook.model import ControlData
from repbook.periods import parse_period
from repbook.spec import FORMS, load_spec

PERIOD = parse_period("2026-12")


def team_of(reps: int) -> ControlData:
    """A team of ``reps`` reps: sample teams stacked, rep IDs renumbered."""
    base = make_team(PERIOD)
    members, customers, targets = [], [], {}
    seed = 0
    while len(members) < reps:
        seed += 1
        team = make_team(PERIOD, seed=seed)
        for rep in team.reps:
            if len(members) == reps:
                break
            new_id = f"R{len(members) + 1:02d}"
            members.append(replace(rep, rep_id=new_id))
            customers += [replace(c, rep_id=new_id, customer_id=f"{new_id}-{c.customer_id}") for c in team.customers_of(rep.rep_id)]
            targets[new_id] = [{**t, "rep_id": new_id} for t in team.rep_targets[rep.rep_id]]
    return replace(base, reps=tuple(members), customers=tuple(customers), rep_targets=targets)


def naive_workbook(form: str, path: Path, rng: random.Random) -> None:
    """One form the naive way: openpyxl, cell by cell, new style objects per cell."""
    spec = load_spec(form)
    cat = catalogue()
    book = openpyxl.Workbook()
    book.remove(book.active)
    for sheet_spec in spec.sheets:
        sheet = book.create_sheet(sheet_spec.name("zh-CN")[:31])
        row = 1
        for table in sheet_spec.tables():
            for col, column in enumerate(table.columns, start=1):
                cell = sheet.cell(row, col, column.label("zh-CN"))
                cell.font = Font(bold=True, color="FFFFFF")
                cell.fill = PatternFill("solid", fgColor="1F4E79")
                cell.border = Border(*(Side(style="thin"),) * 4)
                cell.alignment = Alignment(horizontal="center", wrap_text=True)
            rows = max(table.rows, 5)
            for r in range(row + 1, row + 1 + rows):
                for col, column in enumerate(table.columns, start=1):
                    value = (f"=COUNTIFS(A{row + 1}:A{row + rows},A{r},B{row + 1}:B{row + rows},B{r})"
                             if column.computed else (rng.random() if r < row + rows // 3 else None))
                    cell = sheet.cell(r, col, value)
                    cell.font = Font(name="Microsoft YaHei", size=10)
                    cell.border = Border(*(Side(style="thin", color="BFBFBF"),) * 4)
                    cell.alignment = Alignment(vertical="top")
                    if column.computed:
                        cell.fill = PatternFill("solid", fgColor="F2F2F2")
            for col, column in enumerate(table.columns, start=1):
                if column.choices:
                    letter = openpyxl.utils.get_column_letter(col)
                    labels = ",".join(cat.choice_labels(column.choices, "zh-CN"))
                    validation = DataValidation(type="list", formula1=f'"{labels}"')
                    validation.add(f"{letter}{row + 1}:{letter}{row + rows}")
                    sheet.add_data_validation(validation)
            sheet.conditional_formatting.add(f"A{row + 1}:A{row + rows}", FormulaRule(
                formula=[f"A{row + 1}<>\"\""], fill=PatternFill("solid", fgColor="FFC7CE")))
            row += rows + 3
    book.save(path)


def timed(action: object) -> float:
    start = time.perf_counter()
    action()  # type: ignore[operator]
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reps", type=int, default=50)
    parser.add_argument("--naive-sample", type=int, default=40)
    args = parser.parse_args()
    team = team_of(args.reps)
    workbooks = args.reps * len(FORMS)
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        generate_pack(team, out / "warm", PERIOD, reps=team.reps[:1], jobs=1)  # imports and specs loaded once
        parallel = timed(lambda: generate_pack(team, out / "p", PERIOD, jobs=cores))
        single = timed(lambda: generate_pack(team, out / "s", PERIOD, jobs=1))
        rng = random.Random(1)
        sample = [FORMS[i % len(FORMS)] for i in range(args.naive_sample)]
        naive = timed(lambda: [naive_workbook(form, out / f"naive-{i}.xlsx", rng) for i, form in enumerate(sample)])
    naive_rate = args.naive_sample / naive
    rows = [
        (f"repbook generate, {cores} processes", workbooks, parallel),
        ("repbook generate, 1 process", workbooks, single),
        ("naive openpyxl, cell by cell (sample)", args.naive_sample, naive),
    ]
    print(f"{args.reps} reps x {len(FORMS)} forms = {workbooks} workbooks on {cores} cores")
    print(f"{'path':<40}{'workbooks':>10}{'seconds':>9}{'wb/s':>8}{'vs naive':>10}")
    for name, count, seconds in rows:
        rate = count / seconds
        print(f"{name:<40}{count:>10}{seconds:>9.2f}{rate:>8.1f}{rate / naive_rate:>9.1f}x")
    print(f"target 400 workbooks <= 3 s: {'met' if parallel * 400 / workbooks <= 3 else 'NOT met'} "
          f"({parallel * 400 / workbooks:.2f} s per 400); target >= 8x naive: "
          f"{'met' if workbooks / parallel / naive_rate >= 8 else 'NOT met'}")


if __name__ == "__main__":
    main()
