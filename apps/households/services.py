"""Writes of a household's answers. Each page of the questionnaire saves through one of these
(the children page through `apps.children.services.household_children_update`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.http import HttpRequest

from apps.households.models import Feedback, Household, HouseholdParent
from apps.households.selectors import SESSION_KEY, household_by_token

# Saved answers are deleted this many days after their last change (`manage.py purge_households`,
# run daily): what the save page and the privacy notice promise.
ANSWERS_KEPT_DAYS = 30


@dataclass(frozen=True)
class ParentAnswer:
    role: str
    hukou: str | None
    employed: bool
    unemployment_benefit: Decimal | None
    works_in: str | None = None  # None: where the family lives


def household_for_session(*, request: HttpRequest) -> Household:
    """The session's household, created on the first answer saved."""
    token = request.session.get(SESSION_KEY)
    household = Household.objects.filter(token=token).first() if token else None
    if household is None:
        if not request.session.session_key:
            request.session.save()
        household = Household.objects.create(session_key=request.session.session_key or "")
        request.session[SESSION_KEY] = household.token
    return household


def household_place_update(*, household: Household, jurisdiction: str) -> None:
    household.jurisdiction_id = jurisdiction
    household.save(update_fields=["jurisdiction", "updated_at"])


@transaction.atomic
def household_parents_update(*, household: Household, parents: list[ParentAnswer]) -> None:
    household.parents.exclude(role__in=[p.role for p in parents]).delete()
    for answer in parents:
        HouseholdParent.objects.update_or_create(
            household=household,
            role=answer.role,
            defaults={
                "hukou_id": answer.hukou,
                "employed": answer.employed,
                "works_in_id": answer.works_in,
                "unemployment_benefit": answer.unemployment_benefit,
            },
        )
    household.save(update_fields=["updated_at"])


def household_resume(*, request: HttpRequest, token: str) -> Household | None:
    """Tie a saved household to this browser's session (a new session: no answers are mixed)."""
    household = household_by_token(token=token)
    if household is None:
        return None
    request.session.cycle_key()
    request.session[SESSION_KEY] = household.token
    request.session.save()
    household.session_key = request.session.session_key or ""
    household.save(update_fields=["session_key", "updated_at"])
    return household


def household_delete(*, request: HttpRequest) -> None:
    token = request.session.pop(SESSION_KEY, None)
    if token:
        Household.objects.filter(token=token).delete()


def households_purge(*, updated_before: datetime, dry_run: bool = False) -> int:
    """Delete the answers no one has changed since `updated_before` (their parents and children
    go with them; an application keeps its own snapshot). Returns how many households."""
    stale = Household.objects.filter(updated_at__lt=updated_before)
    count = stale.count()
    if not dry_run:
        stale.delete()
    return count


def feedback_record(*, message: str, page: str, language: str) -> Feedback:
    """Keep a parent's feedback: the message, the page it came from, the page's language."""
    return Feedback.objects.create(message=message, page=page, language=language)
