"""The facts the engine reasons about: a family, its children and the places of China.

Frozen dataclasses only: no ORM, no request, no settings. Birth order and births (deliveries)
are derived here from the children's dates, never asked of the parent (reading 1 of the policy
README: each baby of a multiple birth has its own order).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import cached_property
from typing import Literal

Role = Literal["mother", "father"]
ROLES: tuple[Role, Role] = ("mother", "father")


@dataclass(frozen=True)
class Parent:
    role: Role
    hukou: str | None = None
    employed: bool = True
    unemployment_benefit: Decimal | None = None  # yuan a month while receiving it
    works_in: str | None = None  # the employer's place; None: where the family lives


@dataclass(frozen=True)
class Child:
    index: int
    birth_date: date | None = None
    expected_date: date | None = None
    hukou: str | None = None
    of_this_couple: bool = True
    difficult_birth: bool = False

    @property
    def born(self) -> bool:
        return self.birth_date is not None

    @property
    def date(self) -> date:
        """The day of birth, or the expected day of a pregnancy."""
        day = self.birth_date or self.expected_date
        assert day is not None, "a child has a birth date or an expected date"
        return day


@dataclass(frozen=True)
class Birth:
    """One delivery: the couple's children born (or expected) on the same day."""

    date: date
    children: tuple[Child, ...]
    first_order: int

    @property
    def babies(self) -> int:
        return len(self.children)

    @property
    def first(self) -> Child:
        return self.children[0]

    @property
    def expected(self) -> bool:
        return not self.first.born

    @property
    def difficult(self) -> bool:
        return any(child.difficult_birth for child in self.children)


@dataclass(frozen=True)
class Family:
    parents: tuple[Parent, ...]
    children: tuple[Child, ...] = ()

    def parent(self, role: str) -> Parent | None:
        return next((p for p in self.parents if p.role == role), None)

    @cached_property
    def couple_children(self) -> tuple[Child, ...]:
        """The couple's children in birth order: by date, then as the parent listed them."""
        return tuple(
            sorted((c for c in self.children if c.of_this_couple), key=lambda c: (c.date, c.index))
        )

    @cached_property
    def birth_orders(self) -> Mapping[int, int]:
        """Child index -> birth order (孩次) among the couple's children, twins counted apart."""
        return {child.index: order for order, child in enumerate(self.couple_children, start=1)}

    @cached_property
    def births(self) -> tuple[Birth, ...]:
        """The couple's deliveries; children sharing a date form one multiple birth."""
        births: list[Birth] = []
        for child in self.couple_children:
            if births and births[-1].date == child.date:
                last = births[-1]
                births[-1] = Birth(last.date, (*last.children, child), last.first_order)
            else:
                births.append(Birth(child.date, (child,), self.birth_orders[child.index]))
        return tuple(births)


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    name_en: str
    parent: str | None


@dataclass(frozen=True)
class Places:
    """The GB/T 2260 tree as plain data: enough to say whether one place lies inside another."""

    by_code: Mapping[str, Place] = field(default_factory=dict)
    _paths: dict[str, tuple[Place, ...]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    _ancestors: dict[str, frozenset[str]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __contains__(self, code: object) -> bool:
        return code in self.by_code

    def path(self, code: str) -> tuple[Place, ...]:
        """The places from the country down to `code`, inclusive."""
        cached = self._paths.get(code)
        if cached is not None:
            return cached
        chain: list[Place] = []
        current: str | None = code
        while current is not None and current in self.by_code:
            place = self.by_code[current]
            chain.append(place)
            current = place.parent
        self._paths[code] = path = tuple(reversed(chain))
        return path

    def within(self, code: str | None, outer: str) -> bool:
        """True when `code` is `outer` or lies under it."""
        if code is None:
            return False
        ancestors = self._ancestors.get(code)
        if ancestors is None:
            ancestors = self._ancestors[code] = frozenset(p.code for p in self.path(code))
        return outer in ancestors

    def depth(self, code: str) -> int:
        return len(self.path(code))

    def name(self, code: str, lang: str = "zh-hans") -> str:
        place = self.by_code.get(code)
        if place is None:
            return code
        return place.name_en if lang == "en" and place.name_en else place.name
