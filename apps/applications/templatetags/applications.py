"""The applications side of the results page: what a family may still apply for here, what it
has applied for already, and money as every page writes it. The results page belongs to the
households app, which never imports this one: it loads these tags."""

from __future__ import annotations

import hashlib
from decimal import Decimal
from typing import Any, cast

from django import template
from django.conf import settings

from apps.applications.models import Application
from apps.applications.selectors import (
    ClaimKey,
    cash_entitlements,
    claims_applied,
    entitlement_claim,
    family_child_dates,
)
from apps.benefits.engine import Entitlement, Evaluation
from apps.benefits.engine.text import fmt_money
from apps.households.models import Household
from apps.households.selectors import household_family

register = template.Library()


@register.filter
def yuan(amount: Decimal | int | str | None) -> str:
    """An amount as every page writes it: 13,100 (and 13,100.50), never 13100.00."""
    if amount is None or amount == "":
        return ""
    return fmt_money(Decimal(str(amount)))


def page_key(entitlement: Entitlement) -> str:
    """An entitlement as the results page names it (`Item.key`): program, child, parent."""
    child = "" if entitlement.child is None else entitlement.child
    return f"{entitlement.program}|{child}|{entitlement.parent or ''}"


def _applied(household: Household) -> dict[ClaimKey, Application]:
    """`claims_applied` of the household, read once per request: the page asks twice (its
    cache key, and the entitlements it marks applied for), on the household of that request."""
    found = household.__dict__.get("_claims_applied")
    if found is None:
        found = household.__dict__["_claims_applied"] = claims_applied(household_id=household.pk)
    return cast(dict[ClaimKey, Application], found)


@register.simple_tag
def applied_key(household: Household | None) -> str:
    """What the household has applied for (each claim not refused, with its application's
    reference and status), as a short digest: the results page's cached copy varies on it."""
    if household is None or household.pk is None:
        return ""
    applied = _applied(household)
    listed = sorted(f"{key}={app.reference}:{app.status}" for key, app in applied.items())
    return hashlib.sha1("|".join(listed).encode(), usedforsecurity=False).hexdigest()[:12]


@register.simple_tag
def applied_on_page(
    evaluation: Evaluation | None, household: Household | None
) -> dict[str, Application]:
    """The page's entitlements this household has applied for (a claim not refused), by their
    key on the page, with the application."""
    if evaluation is None or household is None or household.pk is None:
        return {}
    applied = _applied(household)
    if not applied:
        return {}
    children = family_child_dates(household_family(household=household))
    found = {}
    for entitlement in evaluation.entitlements:
        application = applied.get(entitlement_claim(entitlement, children))
        if application is not None:
            found[page_key(entitlement)] = application
    return found


def _still_to_apply(
    evaluation: Evaluation, applied: dict[str, Application] | None
) -> list[Entitlement]:
    applied = applied or {}
    return [e for e in cash_entitlements(evaluation=evaluation) if page_key(e) not in applied]


@register.simple_tag
def apply_offer(
    evaluation: Evaluation | None, applied: dict[str, Application] | None = None
) -> dict[str, object]:
    """What the results page offers to apply for: the cash that can be claimed here and has not
    been applied for yet, and its sum; and how many were applied for already."""
    if evaluation is None:
        return {"entitlements": [], "total": 0, "applied": 0}
    offered = _still_to_apply(evaluation, applied)
    return {
        "entitlements": offered,
        "total": sum((e.amount or Decimal(0) for e in offered), Decimal(0)),
        "applied": len(applied or {}),
    }


@register.filter
def application_of(applied: dict[str, Application] | None, key: str) -> Application | None:
    """The application an entitlement of the page (by its key) was applied for in, if any."""
    return (applied or {}).get(key)


@register.inclusion_tag("applications/_claim_action.html")
def claim_action(
    items: list[Any], evaluation: Evaluation | None, applied: dict[str, Application] | None = None
) -> dict[str, object]:
    """Under a benefit's "how to claim": a link to apply here when one of its items is cash that
    can be claimed now and has not been applied for, with the office's target for deciding."""
    offered = [] if evaluation is None else _still_to_apply(evaluation, applied)
    return {
        "offered": any(any(e is item.first for e in offered) for item in items),
        "title": items[0].title if items else "",
        "review_days": settings.REVIEW_DAYS,
    }
