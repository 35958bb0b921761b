"""The question the engine answers, on the wire: the API's request body (shared/api.md).

One format for a family's answers wherever they travel: the JSON API reads it, the questionnaire
writes a household into it, and an application keeps it as the snapshot of what the parent
answered (`apps.households.selectors.household_question` writes one). `family_from_question` is
the one place it becomes the engine's `Family`; the API's schema (`apps.benefits.api`) is the one
place a body from outside is checked.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from apps.benefits.engine import Child, Family, Parent

# What a question may ask about, checked by the API and by the questionnaire's forms alike: a
# birth at most 30 years before the day asked, a due date at most 310 days (10 months) after.
EARLIEST_BIRTH = timedelta(days=366 * 30)
LATEST_EXPECTED = timedelta(days=310)
MAX_CHILDREN = 20
# The days a question may be asked on: well around the policies modelled (2012 on), and far
# enough from the calendar's ends that dates worked out from them always exist.
AS_OF_RANGE = (date(1950, 1, 1), date(2100, 12, 31))


def _day(value: date | str | None) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(value)


def _amount(value: Decimal | str | float | None) -> Decimal | None:
    return Decimal(str(value)) if value not in (None, "") else None


def family_from_question(question: Mapping[str, Any]) -> Family:
    """The engine's family from a question's parents and children. Dates may be ISO strings (a
    stored snapshot) or dates (a checked request); a fact left out takes the API's default."""
    parents = tuple(
        Parent(
            role=p["role"],
            hukou=p.get("hukou") or None,
            employed=p.get("employed") is not False,
            unemployment_benefit=_amount(p.get("unemployment_benefit")) or None,
            works_in=p.get("works_in") or None,
        )
        for p in question["parents"]
    )
    children = tuple(
        Child(
            index=index,
            birth_date=_day(c.get("birth_date")),
            expected_date=None if c.get("birth_date") else _day(c.get("expected_date")),
            hukou=c.get("hukou") or None,
            of_this_couple=c.get("of_this_couple") is not False,
            difficult_birth=c.get("difficult_birth") is True,
        )
        for index, c in enumerate(question.get("children") or ())
    )
    return Family(parents=parents, children=children)
