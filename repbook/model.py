"""The domain's records as plain data: reps, customers, targets, the control settings."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from repbook.core.discipline import DEFAULT_RULES, DueRule
from repbook.locale import DEFAULT_LOCALE, Locale
from repbook.periods import SplitMode
from repbook.settings import STAR_RULES
from repbook.workdays import CalendarDay


@dataclass(frozen=True)
class RepInfo:
    """What a workbook's header says about its rep."""

    rep_id: str
    name: str
    region: str = ""
    email: str = ""


@dataclass(frozen=True)
class Rep:
    rep_id: str
    name: str
    email: str = ""
    region: str = ""
    ability: int | None = None
    hire_date: date | None = None
    active: bool = True

    def info(self) -> RepInfo:
        return RepInfo(self.rep_id, self.name, self.region, self.email)


@dataclass(frozen=True)
class Customer:
    """A customer as the archive keeps it; choice fields hold codes."""

    customer_id: str
    name: str
    rep_id: str
    industry: str = ""
    area: str = ""
    address: str = ""
    contact_name: str = ""
    contact_role: str | None = None
    contact_phone: str = ""
    status: str = "open"
    star: int = 3
    contribution: str | None = None
    potential: str | None = None
    loss_making: str | None = None
    first_contact: date | None = None
    last_contact: date | None = None
    last_method: str | None = None
    next_contact: date | None = None
    cumulative_amount: float | None = None
    close_probability: float | None = None
    expected_close: str | None = None
    expected_amount: float | None = None
    notes: str = ""

    def row(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class Indicator:
    """One target line of the team: what the superior asked for and how to split it."""

    indicator_id: str
    category: str
    name: str
    unit: str
    direction: str = "higher"
    superior_target: float | None = None
    stretch: float = 1.1
    challenge_rate: float = 0.2


@dataclass(frozen=True)
class ControlData:
    """What the manager's control workbook holds, read into plain data."""

    settings: dict[str, Any]
    reps: tuple[Rep, ...]
    customers: tuple[Customer, ...] = ()
    indicators: tuple[Indicator, ...] = ()
    history: tuple[dict[str, Any], ...] = ()
    manager_days: tuple[CalendarDay, ...] = ()
    rep_targets: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    reporting_rules: tuple[DueRule, ...] = DEFAULT_RULES
    visit_cycles: dict[int, int] = field(default_factory=lambda: {s: r["visit_cycle_days"] for s, r in STAR_RULES.items()})

    @property
    def locale(self) -> Locale:
        value = self.settings.get("locale")
        return value if value in ("zh-CN", "zh-TW", "en") else DEFAULT_LOCALE

    @property
    def split_mode(self) -> SplitMode:
        return "dekad" if self.settings.get("split_mode") == "dekad" else "week"

    def rep(self, rep_id: str) -> Rep | None:
        return next((r for r in self.reps if r.rep_id == rep_id), None)

    def customers_of(self, rep_id: str) -> list[Customer]:
        return [c for c in self.customers if c.rep_id == rep_id]
