"""Recomputing after a policy change: every saved household and every open application evaluated
again under the rules of the day, in chunks that any number of workers take at once.

A run is planned once (`recompute_plan`): the households and open applications of that moment are
cut into chunks of RECOMPUTE_CHUNK keys, recorded as `RecomputeChunk` rows. Each chunk is a task of its own
(`recompute_chunk`): its results, its share of the run's counts and its `done_at` go in one
transaction, so a chunk is counted once whichever worker takes it, however often it is sent, and
a failed or stalled run goes on with the chunks not done. The run is done when its last chunk is.
Households are evaluated through the engine's batch path (`engine.batch`), the rules and places
read once per chunk, the cash programs only (what is counted here).

What changed is counted against each household's result of the last run (`HouseholdResult`):
households that gain or lose a cash entitlement, whose total goes up or down, and the totals
before and after. An open application whose claims no longer hold, or whose amounts changed, is
marked (`Application.rules_changed`) for its caseworker.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import F, QuerySet
from django.utils import timezone

from apps.applications.models import (
    OPEN_STATUSES,
    Application,
    HouseholdResult,
    RecomputeChunk,
    RecomputeRun,
)
from apps.applications.selectors import application_review, entitlement_claim, family_child_dates
from apps.benefits.engine.batch import Batch
from apps.benefits.places import places_get
from apps.benefits.selectors import rules_current
from apps.households.models import Household
from apps.households.selectors import household_family

Kind = RecomputeChunk.Kind


def households_answered() -> QuerySet[Household]:
    return Household.objects.filter(jurisdiction__isnull=False)


def applications_open() -> QuerySet[Application]:
    return Application.objects.filter(status__in=OPEN_STATUSES)


def _bounds(keys: QuerySet[Any]) -> Iterator[tuple[int, int, int]]:
    """(after, last] and the number of keys in it, for each RECOMPUTE_CHUNK keys in order, read
    as one stream of keys."""
    size = settings.RECOMPUTE_CHUNK
    after, count, key = 0, 0, None
    for key in keys.order_by("pk").values_list("pk", flat=True).iterator(chunk_size=10_000):
        count += 1
        if count == size:
            yield after, key, count
            after, count = key, 0
    if count:
        assert key is not None
        yield after, key, count


def recompute_plan(run_id: int) -> list[int]:
    """The run's chunks not yet done, cutting them first if the run has none; the run is marked
    running. Planning twice cuts once (the chunks are made in one transaction, under the run's
    lock)."""
    with transaction.atomic():
        run = RecomputeRun.objects.select_for_update().get(pk=run_id)
        if not run.chunks.exists():
            chunks, totals = [], {}
            for kind, rows in ((Kind.HOUSEHOLDS, households_answered()),
                               (Kind.APPLICATIONS, applications_open())):  # fmt: skip
                totals[kind] = 0
                for after, last, count in _bounds(rows):
                    chunks.append(RecomputeChunk(run=run, kind=kind, after=after, last=last))
                    totals[kind] += count
            RecomputeChunk.objects.bulk_create(chunks, batch_size=1000)
            run.households_total = totals[Kind.HOUSEHOLDS]
            run.applications_total = totals[Kind.APPLICATIONS]
        if run.state != RecomputeRun.State.DONE:
            run.state = RecomputeRun.State.RUNNING
            run.started_at = run.started_at or timezone.now()
            run.error = ""
        run.save()
    pending = list(run.chunks.filter(done_at=None).order_by("pk").values_list("pk", flat=True))
    if not pending:
        _finish(run_id)
    return pending


def recompute_chunk(chunk_id: int) -> bool:
    """Do one chunk, unless it is done already; whether it was done now. A failure marks the run
    failed, with the error, and is raised (the chunk stays to do)."""
    try:
        with transaction.atomic():
            # The chunk's row only (not the run's, which every chunk updates at its end).
            chunk = RecomputeChunk.objects.select_for_update().get(pk=chunk_id)
            if chunk.done_at is not None:
                return False
            work = _households if chunk.kind == Kind.HOUSEHOLDS else _applications
            counts = work(chunk)
            RecomputeRun.objects.filter(pk=chunk.run_id).update(
                **{field: F(field) + value for field, value in counts.items()}
            )
            chunk.done_at = timezone.now()
            chunk.save(update_fields=["done_at"])
    except Exception as failure:
        run_id = RecomputeChunk.objects.filter(pk=chunk_id).values_list("run_id", flat=True)
        RecomputeRun.objects.filter(pk__in=run_id).update(
            state=RecomputeRun.State.FAILED, error=repr(failure)[:2000]
        )
        raise
    _finish(chunk.run_id)
    return True


def _finish(run_id: int) -> None:
    """Mark the run done once none of its chunks is left (after each chunk's commit: the last
    to commit sees the others done)."""
    if not RecomputeChunk.objects.filter(run_id=run_id, done_at=None).exists():
        RecomputeRun.objects.filter(pk=run_id).exclude(state=RecomputeRun.State.DONE).update(
            state=RecomputeRun.State.DONE, finished_at=timezone.now(), error=""
        )


def _households(chunk: RecomputeChunk) -> dict[str, Any]:
    """Evaluate the chunk's households and store their results; the counts to add to the run."""
    run = chunk.run
    households = list(
        households_answered()
        .filter(pk__gt=chunk.after, pk__lte=chunk.last)
        .order_by("pk")
        .prefetch_related("parents", "children")
    )
    rules = rules_current()
    batch = Batch(rules=rules, places=places_get(), as_of=run.as_of, cash_only=True)
    before = HouseholdResult.objects.in_bulk([h.pk for h in households])
    counts: dict[str, Any] = {"households_done": len(households)}
    results = []
    for household in households:
        assert household.jurisdiction_id is not None  # answered: filtered above
        family = household_family(household=household)
        evaluation = batch.evaluate(family, household.jurisdiction_id)
        children = family_child_dates(family)
        claims = {
            str(entitlement_claim(e, children)): str(e.amount)
            for e in evaluation.entitlements
            if e.counted_cash
        }
        total = evaluation.cash_total()
        _count(counts, before.get(household.pk), claims, total)
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
    return counts


def _count(
    counts: dict[str, Any], before: HouseholdResult | None, claims: dict[str, str], total: Decimal
) -> None:
    def add(field: str, value: Any) -> None:
        counts[field] = counts.get(field, 0) + value

    add("amount_after", total)
    if before is None:
        add("first_seen", 1)
        return
    add("amount_before", before.total)
    add("gained", int(bool(set(claims) - set(before.claims))))
    add("lost", int(bool(set(before.claims) - set(claims))))
    add("better_off", int(total > before.total))
    add("worse_off", int(total < before.total))


def _applications(chunk: RecomputeChunk) -> dict[str, Any]:
    """Check the chunk's open applications against today's rules: those with a claim no longer
    owed or at another amount are marked for their caseworker."""
    applications = list(
        applications_open()
        .filter(pk__gt=chunk.after, pk__lte=chunk.last)
        .order_by("pk")
        .prefetch_related("claims")
    )
    affected = 0
    for application in applications:
        rows = application_review(application=application, as_of=chunk.run.as_of)
        application.rules_changed = any(row.change in ("lost", "amount") for row in rows)
        affected += application.rules_changed
    Application.objects.bulk_update(applications, ["rules_changed"])
    return {"applications_done": len(applications), "applications_affected": affected}
