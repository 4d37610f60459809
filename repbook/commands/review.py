"""`repbook review`: each rep's review form pre-filled from the consolidated master."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

from repbook.commands.context import form_context
from repbook.commands.generate_pack import form_filename, rep_folder
from repbook.consolidation.extract import FileExtract, peek_metadata
from repbook.consolidation.master_reader import extract_master
from repbook.core import review_data
from repbook.errors import InputFileError
from repbook.forms import FIELDS, Rows
from repbook.generators.workbook import build_workbook
from repbook.io.control import read_control
from repbook.locale import Locale, catalogue
from repbook.model import ControlData, Rep
from repbook.periods import Period, month_period


@dataclass(frozen=True)
class ReviewFile:
    rep_id: str
    rep_name: str
    path: Path
    rows: Rows


def months_of(period: Period) -> list[str]:
    """The month codes a period covers: one for a month, three for a quarter."""
    codes = []
    day = period.start
    while day <= period.end:
        month = month_period(day.year, day.month)
        codes.append(month.code)
        day = month.end + timedelta(days=1)
    return codes


def read_master(path: Path) -> dict[str, list[dict[str, Any]]]:
    if not path.exists() or peek_metadata(path).get("form") != "master":
        raise InputFileError("is not a master workbook.", file=str(path),
                             hint="Make one with: repbook consolidate RETURNED_FOLDER -o MASTER.xlsx")
    extract = extract_master(path, FileExtract(str(path), "", 0, 0), "zh-CN")
    return extract.rows


def review_rows(master: dict[str, list[dict[str, Any]]], control: ControlData, rep: Rep, period: Period) -> Rows:
    months = months_of(period)
    last = [months[-1]]

    def rows(key: str, chosen: list[str] = months) -> list[dict[str, Any]]:
        return review_data.mine(master.get(key, []), rep.rep_id, chosen)

    log = rows("work-log/log")
    start = [c.row() for c in control.customers_of(rep.rep_id)]
    return {
        "plan_progress": review_data.plan_progress(rows("monthly-plan/targets")),
        "customer_base": review_data.customer_base(start, rows("customer-archive/customers", last), log),
        "by_method": review_data.by_method(log, [c.code for c in catalogue().choice_list("contact_method")]),
        "problems": review_data.problems(log),
        FIELDS: [review_data.chain(rows("weekly-plan/visits"), log)],
    }


def write_reviews(control_path: Path, master_path: Path, period: Period, out_dir: Path, *,
                  rep_id: str | None = None, locale: Locale | None = None) -> list[ReviewFile]:
    control = read_control(control_path)
    master = read_master(master_path)
    reps = [r for r in control.reps if r.active and (rep_id is None or r.rep_id == rep_id)]
    if rep_id and not reps:
        raise InputFileError(f"has no active rep with ID '{rep_id}'.", file=str(control_path))
    loc = locale or control.locale
    made = []
    for rep in reps:
        rows = review_rows(master, control, rep, period)
        ctx = form_context("review", rep, period, control, loc, rows=rows)
        path = build_workbook(ctx, rep_folder(out_dir, rep) / form_filename("review", rep, period, loc))
        made.append(ReviewFile(rep.rep_id, rep.name, path, rows))
    return made
