"""Reads of a household's answers, and their translation into the engine's facts."""

from __future__ import annotations

from typing import Any

from django.contrib.sessions.backends.base import SessionBase

from apps.benefits.engine import Family
from apps.benefits.question import family_from_question
from apps.children.selectors import children_question
from apps.households.models import Household

# Where a browser session keeps the token of the household it is answering for.
SESSION_KEY = "household_token"


def household_question(*, household: Household) -> dict[str, Any]:
    """A household's answers as the API's request body (`apps.benefits.question`): each baby of
    a multiple birth is its own child. What an application keeps, and what the engine reads."""
    parents = [
        {
            "role": p.role,
            "hukou": p.hukou_id,
            "employed": p.employed,
            "works_in": p.works_in_id if p.employed else None,
            "unemployment_benefit": None
            if p.unemployment_benefit is None
            else str(p.unemployment_benefit),
        }
        for p in household.parents.all()
    ]
    return {
        "jurisdiction": household.jurisdiction_id,
        "parents": parents,
        "children": children_question(household=household),
    }


def household_family(*, household: Household) -> Family:
    """The engine's family for a household."""
    return family_from_question(household_question(household=household))


def household_from_session(*, session: SessionBase) -> Household | None:
    """The household whose token this browser session holds, if any."""
    token = session.get(SESSION_KEY)
    if not token:
        return None
    return (
        Household.objects.filter(token=token)
        .select_related("jurisdiction")
        .prefetch_related("parents", "children")
        .first()
    )


def household_by_token(*, token: str) -> Household | None:
    """The household a "save and come back later" link names, if it is still kept."""
    return Household.objects.filter(token=token).first()
