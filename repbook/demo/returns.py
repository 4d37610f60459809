"""When the sample reps sent their workbooks back: mostly before the due time, some late."""

from __future__ import annotations

import random
from datetime import timedelta
from pathlib import Path

from repbook.core.discipline import DEFAULT_RULES, due_at
from repbook.io.stamps import set_saved_at
from repbook.periods import Period
from repbook.workdays import WorkdayCalendar

LATE_SHARE = 0.15


def stamp_returns(files: list[tuple[str, Path]], period: Period, calendar: WorkdayCalendar, seed: int) -> int:
    """Stamp each (form, file) as saved shortly before its due time, or a day or two after; returns how many late."""
    rng = random.Random(f"{seed}-returns")
    rules = {r.form: r for r in DEFAULT_RULES}
    late = 0
    for form, path in files:
        rule = rules.get(form)
        if rule is None:
            continue
        due = due_at(rule, period, calendar)
        if rng.random() < LATE_SHARE:
            late += 1
            when = due + timedelta(hours=rng.randint(2, 48))
        else:
            when = due - timedelta(hours=rng.randint(1, 30))
        set_saved_at(path, when)
    return late
