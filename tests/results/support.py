"""A family as saved answers, made straight in the database and held by a test client's session
(the questionnaire's own pages are tested in tests/questionnaire): the results page reads
these rows, whatever the question pages look like."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.test import Client

from apps.children.models import HouseholdChild
from apps.households.models import Household, HouseholdParent
from apps.households.selectors import SESSION_KEY


@dataclass
class Birth:
    day: str
    born: bool = True
    babies: int = 1
    hukou: str | None = "same"  # "same": where the family lives


@dataclass
class Answers:
    home: str
    births: list[Birth]
    parents: tuple[str, ...] = ("mother", "father")
    hukou: str | None = None  # the parents' hukou; None: where the family lives
    unemployment_benefit: Decimal | None = None  # the mother's
    works_in: dict[str, str] = field(default_factory=dict)


def household_make(answers: Answers) -> Household:
    household = Household.objects.create(jurisdiction_id=answers.home)
    for role in answers.parents:
        HouseholdParent.objects.create(
            household=household,
            role=role,
            hukou_id=answers.hukou or answers.home,
            works_in_id=answers.works_in.get(role),
            unemployment_benefit=answers.unemployment_benefit if role == "mother" else None,
        )
    for position, birth in enumerate(answers.births):
        HouseholdChild.objects.create(
            household=household,
            position=position,
            born=birth.born,
            date=date.fromisoformat(birth.day),
            babies=birth.babies,
            hukou_id=answers.home if birth.hukou == "same" else birth.hukou,
        )
    return household


def hold(client: Client, household: Household) -> Household:
    """The client's session works on this household, as after answering or resuming."""
    session = client.session
    session[SESSION_KEY] = household.token
    session.save()
    return household


def text_of(html: str) -> str:
    """A page's words, tags taken out and spaces folded."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#x27;", "'")


def english(client: Client) -> Client:
    client.cookies["django_language"] = "en"
    return client
