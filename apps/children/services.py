"""Writes of a household's children: the children page saves through `household_children_update`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from django.db import transaction

from apps.children.models import HouseholdChild

if TYPE_CHECKING:
    from apps.households.models import Household


@dataclass(frozen=True)
class ChildAnswer:
    born: bool
    date: date
    babies: int
    hukou: str | None
    of_this_couple: bool
    difficult_birth: bool


@transaction.atomic
def household_children_update(*, household: Household, children: list[ChildAnswer]) -> None:
    """The household's children become `children`, in that order (the rows of the page)."""
    household.children.all().delete()
    HouseholdChild.objects.bulk_create(
        HouseholdChild(
            household=household,
            position=position,
            born=answer.born,
            date=answer.date,
            babies=answer.babies,
            hukou_id=answer.hukou,
            of_this_couple=answer.of_this_couple,
            difficult_birth=answer.difficult_birth,
        )
        for position, answer in enumerate(children)
    )
    household.save(update_fields=["updated_at"])
