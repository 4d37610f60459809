"""`repbook demo`: a sample team's whole month, made with the same commands a manager runs."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from repbook.commands.consolidate import consolidate
from repbook.commands.generate_pack import PackFile, generate_pack
from repbook.commands.review import write_reviews
from repbook.commands.send import SendOutcome, write_drafts
from repbook.consolidation.run import Consolidation
from repbook.demo.mistakes import Mistake, plant_typical_mistakes
from repbook.demo.returns import stamp_returns
from repbook.demo.team import make_team
from repbook.forms import Rows, SampleInput, sample_rows
from repbook.io.control import read_control, write_control
from repbook.locale import Locale
from repbook.model import Rep
from repbook.periods import Period
from repbook.spec import FORMS
from repbook.validation.issues import Report
from repbook.validation.validate import validate_paths
from repbook.workdays import build_calendar


@dataclass(frozen=True)
class DemoResult:
    control: Path
    pack: list[PackFile]
    returned: list[PackFile]
    reps: int
    customers: int
    rows_filled: dict[str, int]
    as_of: date
    uncovered_years: tuple[int, ...]
    mistakes: list[Mistake]
    validation: Report
    consolidation: Consolidation
    master: Path
    drafts: list[SendOutcome]
    reviews: list[Path]


def demo_as_of(period: Period, today: date | None = None) -> date:
    """Reps have filled their books up to today, or to the period's end if it is over."""
    today = today or date.today()
    return min(max(today, period.start), period.end)


def run_demo(out_dir: Path, period: Period, locale: Locale, *, seed: int = 2026, jobs: int | None = None) -> DemoResult:
    team = make_team(period, seed)
    control_path = out_dir / "control.xlsx"
    calendar = write_control(control_path, team, period, locale)
    control = read_control(control_path)
    pack = generate_pack(control, out_dir / "pack", period, locale=locale, jobs=jobs)
    drafts = write_drafts(control_path, out_dir / "pack", out_dir / "outbox", locale)

    as_of = demo_as_of(period)
    month = build_calendar(period.start, period.end, control.manager_days)
    counts: dict[str, int] = dict.fromkeys(FORMS, 0)

    def filled(rep: Rep, form: str) -> Rows:
        s = SampleInput(
            rep=rep, period=period, calendar=month, customers=control.customers_of(rep.rep_id), as_of=as_of,
            rng=random.Random(f"{seed}-{rep.rep_id}-{form}"), split_mode=control.split_mode,
            indicators=control.indicators, rep_targets=control.rep_targets.get(rep.rep_id, []), team=control.reps,
        )
        rows = sample_rows(form, s)
        counts[form] += sum(len(r) for r in rows.values())
        return rows

    returned = generate_pack(control, out_dir / "returned", period, locale=locale, filled=filled, jobs=jobs)
    mistakes = plant_typical_mistakes([f.path for f in returned if f.form == "work-log"])
    stamp_returns([(f.form, f.path) for f in returned], period,
                  build_calendar(period.start, period.end + timedelta(days=31), control.manager_days), seed)
    validation = validate_paths([out_dir / "returned"], locale)
    consolidation = consolidate([out_dir / "returned"], out_dir / "master.xlsx", locale, jobs=jobs,
                                control_path=control_path)
    reviews = write_reviews(control_path, out_dir / "master.xlsx", period, out_dir / "reviews", locale=locale)
    return DemoResult(control_path, pack, returned, len(control.reps), len(control.customers), counts, as_of,
                      calendar.uncovered_years, mistakes, validation, consolidation, out_dir / "master.xlsx",
                      [o for o in drafts.outcomes if o.status == "draft"], [r.path for r in reviews])
