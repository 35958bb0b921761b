"""Recomputing after a policy change: every saved household and every open application evaluated
again under the rules of the day, in chunks, each chunk one transaction with the run's counts and
cursor, so a run is idempotent (a chunk is counted once) and resumable (from its cursors). The
task queue runs it (apps.applications.tasks: `recompute_start`, the task `recompute`).

What changed is counted against each household's result of the last run (`HouseholdResult`):
households that gain or lose a cash entitlement, whose total goes up or down, and the totals
before and after. An open application whose claims no longer hold, or whose amounts changed, is
marked (`Application.rules_changed`) for its caseworker.
"""

from __future__ import annotations

from decimal import Decimal
from time import monotonic

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from apps.applications.models import (
    OPEN_STATUSES,
    Application,
    HouseholdResult,
    RecomputeRun,
)
from apps.applications.selectors import application_review, entitlement_claim, family_child_dates
from apps.benefits.engine import Places, RuleSet
from apps.benefits.places import places_get
from apps.benefits.selectors import rules_current
from apps.benefits.services import entitlements_compute
from apps.households.models import Household
from apps.households.selectors import household_family

CHUNK = 500  # households or applications per transaction


def households_answered() -> QuerySet[Household]:
    return Household.objects.filter(jurisdiction__isnull=False)


def applications_open() -> QuerySet[Application]:
    return Application.objects.filter(status__in=OPEN_STATUSES)


def recompute_step(run_id: int, *, seconds: float | None = None) -> bool:
    """Work on the run, a chunk at a time, for at most `seconds` (to the end with None);
    whether it is done. A failure marks the run failed, with the error, and is raised."""
    run = RecomputeRun.objects.get(pk=run_id)
    if run.state == RecomputeRun.State.DONE:
        return True
    RecomputeRun.objects.filter(pk=run_id).update(
        state=RecomputeRun.State.RUNNING, started_at=run.started_at or timezone.now(), error=""
    )
    rules, places = rules_current(), places_get()
    deadline = None if seconds is None else monotonic() + seconds
    try:
        while deadline is None or monotonic() < deadline:
            if _chunk_of_households(run_id, rules, places):
                continue
            if _chunk_of_applications(run_id):
                continue
            RecomputeRun.objects.filter(pk=run_id).update(
                state=RecomputeRun.State.DONE, finished_at=timezone.now()
            )
            return True
    except Exception as failure:
        RecomputeRun.objects.filter(pk=run_id).update(
            state=RecomputeRun.State.FAILED, error=repr(failure)[:2000]
        )
        raise
    return False


def _chunk_of_households(run_id: int, rules: RuleSet, places: Places) -> bool:
    """The next CHUNK households after the run's cursor; False when there are none left."""
    with transaction.atomic():
        run = RecomputeRun.objects.select_for_update().get(pk=run_id)
        households = list(
            households_answered()
            .filter(pk__gt=run.household_cursor)
            .order_by("pk")
            .prefetch_related("parents", "children")[:CHUNK]
        )
        if not households:
            return False
        before = HouseholdResult.objects.in_bulk([h.pk for h in households])
        results = []
        for household in households:
            assert household.jurisdiction_id is not None  # answered: filtered above
            family = household_family(household=household)
            evaluation = entitlements_compute(
                family=family,
                jurisdiction=household.jurisdiction_id,
                as_of=run.as_of,
                rules=rules,
                places=places,
            )
            children = family_child_dates(family)
            claims = {
                str(entitlement_claim(e, children)): str(e.amount)
                for e in evaluation.entitlements
                if e.counted_cash
            }
            total = evaluation.cash_total()
            _count(run, before.get(household.pk), claims, total)
            results.append(
                HouseholdResult(
                    household_id=household.pk,
                    rules_version=rules.version,
                    as_of=run.as_of,
                    claims=claims,
                    total=total,
                )
            )
        HouseholdResult.objects.bulk_create(
            results,
            update_conflicts=True,
            unique_fields=["household"],
            update_fields=["rules_version", "as_of", "claims", "total", "computed_at"],
        )
        run.household_cursor = households[-1].pk
        run.households_done += len(households)
        run.save()
    return True


def _count(
    run: RecomputeRun, before: HouseholdResult | None, claims: dict[str, str], total: Decimal
) -> None:
    run.amount_after += total
    if before is None:
        run.first_seen += 1
        return
    run.amount_before += before.total
    run.gained += bool(set(claims) - set(before.claims))
    run.lost += bool(set(before.claims) - set(claims))
    run.better_off += total > before.total
    run.worse_off += total < before.total


def _chunk_of_applications(run_id: int) -> bool:
    """The next CHUNK open applications after the run's cursor, checked against today's rules:
    those with a claim no longer owed or at another amount are marked for their caseworker."""
    with transaction.atomic():
        run = RecomputeRun.objects.select_for_update().get(pk=run_id)
        applications = list(
            applications_open()
            .filter(pk__gt=run.application_cursor)
            .order_by("pk")
            .prefetch_related("claims")[:CHUNK]
        )
        if not applications:
            return False
        for application in applications:
            rows = application_review(application=application, as_of=run.as_of)
            application.rules_changed = any(row.change in ("lost", "amount") for row in rows)
            run.applications_affected += application.rules_changed
        Application.objects.bulk_update(applications, ["rules_changed"])
        run.application_cursor = applications[-1].pk
        run.applications_done += len(applications)
        run.save()
    return True
