"""The kinds of rule, in a registry: one small function per kind, with its parameters' model.

A kind turns one program (its parameters) and one family into entitlements. A new city with the
same kinds of rules is a fixture; a new *kind* of rule is a function in one of these modules
(one-off payments, allowances, leave at a birth, 育儿假), its `Params` model, which the loader
and the admin check policy files with, and its tests.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from apps.benefits.engine.kinds.context import Context
from apps.benefits.engine.kinds.leave import (
    BreastfeedingTime,
    PerBirth,
    breastfeeding_time,
    leave_per_birth,
    leave_until_age,
)
from apps.benefits.engine.kinds.leave import UntilAge as LeaveUntilAge
from apps.benefits.engine.kinds.one_off import (
    BenefitMultiple,
    ByBirthOrder,
    one_off_benefit_multiple,
    one_off_by_birth_order,
)
from apps.benefits.engine.kinds.params import Params
from apps.benefits.engine.kinds.parental import ParentalLeave, parental_leave
from apps.benefits.engine.kinds.recurring import UntilAge, recurring_until_age
from apps.benefits.engine.results import Entitlement
from apps.benefits.engine.rules import Category, Rule

Problems = list[tuple[str, str]]  # (field, message), the field as "params.amounts.2"


@dataclass(frozen=True)
class Kind:
    name: str
    category: Category
    evaluate: Callable[[Context, Rule], Iterator[Entitlement]]
    params: type[Params]

    def parse(self, raw: Mapping[str, Any]) -> Params:
        """The parameters as this kind reads them; ValidationError when they are not right."""
        return self.params.model_validate(raw)

    def problems(self, raw: object) -> Problems:
        """Every problem with a program's raw parameters, each named by its field."""
        try:
            self.params.model_validate(raw)
        except ValidationError as invalid:
            return [
                (".".join(["params", *(str(p) for p in e["loc"] if p != "[key]")]), e["msg"])
                for e in invalid.errors()
            ]
        return []


REGISTRY: dict[str, Kind] = {
    kind.name: kind
    for kind in [
        Kind("one_off_by_birth_order", "one_off", one_off_by_birth_order, ByBirthOrder),
        Kind("one_off_benefit_multiple", "one_off", one_off_benefit_multiple, BenefitMultiple),
        Kind("recurring_until_age", "recurring", recurring_until_age, UntilAge),
        Kind("leave_per_birth", "leave", leave_per_birth, PerBirth),
        Kind("parental_leave", "leave", parental_leave, ParentalLeave),
        Kind("breastfeeding_time", "leave", breastfeeding_time, BreastfeedingTime),
        Kind("leave_until_age", "leave", leave_until_age, LeaveUntilAge),
    ]
}

__all__ = ["REGISTRY", "Context", "Kind", "Problems"]
