"""Target splitting to customers and to events: pure, no file I/O.

To customers (目标落到客户): the rep's target is laid over their named customers in
proportion to star level (the customer's weight); what each is expected to bring is
that slice x its close probability. The expected value of a customer is therefore
star weight x close probability, and the gap is the part of the target that known
customers are not expected to bring: target - the sum of expected amounts (new
customers must close it). A blank star counts 0, a blank probability 0.

To events (会议销售/事件销售): an event brings invitees x attendance rate x conversion
rate x average order; its share of the target is that over the team's must-achieve.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class CustomerInput:
    customer_id: str
    name: str
    star: float | None
    close_probability: float | None


@dataclass(frozen=True)
class CustomerShare:
    customer_id: str
    name: str
    allotted: float
    expected: float


@dataclass(frozen=True)
class CustomerSplit:
    target: float
    customers: tuple[CustomerShare, ...]

    @property
    def expected(self) -> float:
        return sum(c.expected for c in self.customers)

    @property
    def gap(self) -> float:
        """What known customers are not expected to bring (never below 0)."""
        return max(0.0, self.target - self.expected)


def expected_value(star: float | None, close_probability: float | None) -> float:
    return float(star or 0) * float(close_probability or 0)


def split_to_customers(target: float, customers: Sequence[CustomerInput]) -> CustomerSplit:
    stars = sum(float(c.star or 0) for c in customers)
    shares = []
    for c in customers:
        allotted = target * float(c.star or 0) / stars if stars > 0 else 0.0
        shares.append(CustomerShare(c.customer_id, c.name, allotted, allotted * float(c.close_probability or 0)))
    return CustomerSplit(target, tuple(shares))


@dataclass(frozen=True)
class EventInput:
    name: str
    invitees: float
    attendance_rate: float
    conversion_rate: float
    average_order: float


def event_amount(event: EventInput) -> float:
    """What an event is expected to sell: invitees x attendance x conversion x average order."""
    return event.invitees * event.attendance_rate * event.conversion_rate * event.average_order


def event_share(event: EventInput, team_target: float) -> float | None:
    """The event's share of the team's must-achieve (None without a target)."""
    return event_amount(event) / team_target if team_target else None
