"""Reads of a household's children."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from apps.children.models import HouseholdChild

if TYPE_CHECKING:  # the household owns its children; this app reads them, never imports it
    from apps.households.models import Household


def children_question(*, household: Household) -> list[dict[str, Any]]:
    """A household's children as the question's (`apps.benefits.question`) `children`: each baby
    of a multiple birth is its own child, with the facts of its birth."""
    return [
        {
            "birth_date" if row.born else "expected_date": row.date.isoformat(),
            "hukou": row.hukou_id,
            "of_this_couple": row.of_this_couple,
            "difficult_birth": row.difficult_birth,
        }
        for row in _babies(household)
    ]


def children_rows(*, household: Household) -> list[int]:
    """For each of the question's children, the position of the page's row it came from."""
    rows = list(household.children.all())
    return [rows.index(row) for row in _babies(household)]


def _babies(household: Household) -> list[HouseholdChild]:
    """The rows of the children page, each repeated once per baby: the question's children."""
    return [row for row in household.children.all() for _ in range(row.babies)]
