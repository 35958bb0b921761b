"""What the engine answers: entitlements with amounts, schedules, reasons and citations."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Literal, NamedTuple

from apps.benefits.engine.dates import add_months
from apps.benefits.engine.rules import Basis, Category, Citation, HowToClaim

Status = Literal["past", "current", "future"]


class Payment(NamedTuple):
    """One period of a recurring allowance: [start, end) and what it pays."""

    start: date
    end: date
    amount: Decimal


@dataclass(frozen=True, slots=True)
class Schedule:
    """The payment periods of an allowance: `count` periods of `amount` from `first`.

    Month periods run from the first of a month to the first of the next; year periods from a
    day of the year to the same day a year later. The periods are derived when read, so the
    engine's answer stays small and quick to compute.
    """

    first: date
    period: Literal["month", "year"]
    count: int
    amount: Decimal

    def _start(self, k: int) -> date:
        months = k if self.period == "month" else 12 * k
        return add_months(self.first, months)

    def __len__(self) -> int:
        return self.count

    def __getitem__(self, k: int) -> Payment:
        if k < 0:
            k += self.count
        if not 0 <= k < self.count:
            raise IndexError(k)
        return Payment(self._start(k), self._start(k + 1), self.amount)

    def __iter__(self) -> Iterator[Payment]:
        return (self[k] for k in range(self.count))

    @property
    def total(self) -> Decimal:
        return self.amount * self.count

    @property
    def start(self) -> date:
        return self.first

    @property
    def end(self) -> date:
        return self._start(self.count)


CASH_CATEGORIES: tuple[Category, ...] = ("one_off", "recurring")


def counts_as_cash(*, eligible: bool, category: str, amount: Decimal | None, basis: str) -> bool:
    """The one test of money a family is due: eligible, paid in cash, a positive amount, and
    owed (`basis` "entitlement"): what an employer may pay, and support paid to an insurer or a
    provider for the family, are shown, never counted. Totals, what a parent may apply for and
    the impact of a policy change all use it."""
    return (
        eligible
        and category in CASH_CATEGORIES
        and amount is not None
        and amount > 0
        and basis == "entitlement"
    )


ChangeSubject = Literal["family", "mother", "father", "child"]
ChangeAnswer = Literal["jurisdiction", "hukou", "works_in", "employed", "unemployment_benefit"]


@dataclass(frozen=True)
class Change:
    """An answer that, if different, would change the result: whose (`subject`, with its
    `index` among the request's parents or children), which answer, and the place that would do
    it where a place would. The caller says it in words."""

    subject: ChangeSubject
    answer: ChangeAnswer
    index: int | None = None
    place: str | None = None

    @property
    def field(self) -> str:
        """The request's field: "children[0].hukou", "parents[1].works_in", "jurisdiction"."""
        if self.subject == "family":
            return self.answer
        group = "children" if self.subject == "child" else "parents"
        return f"{group}[{self.index}].{self.answer}" if self.index is not None else group


@dataclass(slots=True)
class Entitlement:
    program: str
    name: str
    jurisdiction: str
    category: Category
    kind: str
    eligible: bool
    reason: str
    citation: Citation
    child: int | None = None
    parent: str | None = None
    amount: Decimal | None = None
    period: Literal["month", "year"] | None = None
    period_amount: Decimal | None = None
    periods: int | None = None
    payments: Schedule | tuple[()] = ()
    leave_type: str | None = None
    days: int | None = None
    hours_per_day: int | None = None
    start: date | None = None
    end: date | None = None  # exclusive
    estimate: bool = False  # for an expected child: what the family will have once born
    basis: Basis = "entitlement"  # owed, or what an employer may grant, or support in kind
    apply_by: date | None = None  # the last day to claim it, where the program sets one
    deadline_passed: bool = False  # apply_by is before the day asked: it can no longer be claimed
    notes: list[str] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)  # what a claim usually needs to show
    claim: HowToClaim | None = None  # how to claim it: where, what to do, who pays
    changes: list[Change] = field(default_factory=list)

    @property
    def counted_cash(self) -> bool:
        """Money the family is due and the totals count (see `counts_as_cash`)."""
        return counts_as_cash(
            eligible=self.eligible, category=self.category, amount=self.amount, basis=self.basis
        )

    def status(self, as_of: date) -> Status | None:
        if self.start is None:
            return None
        if as_of < self.start:
            return "future"
        if self.end is not None and self.end <= as_of:
            return "past"
        return "current"


Level = Literal["national", "province", "city", "county"]
LEVELS: tuple[Level, ...] = ("national", "province", "city", "county")


@dataclass(frozen=True)
class Coverage:
    """One place of the family's, at one level: whether any of its rules are modelled, and
    from which documents. A province with none means its leave and subsidies are not covered:
    the leave shown is the national minimum."""

    code: str
    level: Level
    modelled: bool
    documents: tuple[str, ...] = ()  # the titles of the documents its rules come from


@dataclass(frozen=True)
class Evaluation:
    as_of: date
    rules_version: str
    lang: str
    birth_orders: dict[int, int | None]  # every child's index; None when not the couple's
    entitlements: tuple[Entitlement, ...]
    places: tuple[str, ...] = ()  # the family's places whose programs were considered
    coverage: tuple[Coverage, ...] = ()  # every level of those places: modelled or not

    @property
    def uncovered_provinces(self) -> tuple[str, ...]:
        """The family's provinces whose own regulation is not modelled."""
        return tuple(c.code for c in self.coverage if c.level == "province" and not c.modelled)

    def total(self, category: Category) -> Decimal:
        """The money of one category that counts: see `counts_as_cash`."""
        return sum(
            (
                e.amount
                for e in self.entitlements
                if e.amount is not None and e.category == category and e.counted_cash
            ),
            Decimal("0.00"),
        )

    def cash_total(self) -> Decimal:
        return sum((self.total(category) for category in CASH_CATEGORIES), Decimal("0.00"))
