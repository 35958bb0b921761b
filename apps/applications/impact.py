"""What a change of policy does: every saved household and every open application evaluated under
the current rules and under the changed ones, before anything is saved.

The engine runs once per family per rule set, through its batch path (`engine.batch`: what the
families share worked out once per rule set, and only the programs that pay cash, which is what
is counted here; the same cash as `evaluate`, measured quicker by bench/client.py); households come with their parents and children prefetched,
applications with their snapshot answers, so the queries do not grow with the rows.
The preview in admin answers within a request, so it evaluates at most PREVIEW_LIMIT of each
(the most recent) and says so; `manage.py policy_impact` evaluates them all.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from apps.applications.models import OPEN_STATUSES, Application
from apps.applications.selectors import (
    ChildDates,
    ClaimKey,
    entitlement_claim,
    family_child_dates,
)
from apps.benefits.engine import Evaluation, Family, RuleSet
from apps.benefits.engine.batch import Batch
from apps.benefits.loader import LoadReport, policy_load
from apps.benefits.models import Program
from apps.benefits.places import places_get
from apps.benefits.question import family_from_question
from apps.benefits.selectors import rules_build
from apps.households.models import Household
from apps.households.selectors import household_family

# Measured on the development machine: 0.9 ms a family of two children (both evaluations and its
# share of the reads, SQLite), so the admin's preview takes about two seconds at most.
PREVIEW_LIMIT = 2000


@dataclass
class ImpactCount:
    """One population (households, or open applications) under the two rule sets."""

    evaluated: int = 0
    total: int = 0  # how many there are; more than evaluated when the preview was limited
    gain: int = 0  # have at least one cash entitlement they did not have
    lose: int = 0  # lose at least one cash entitlement they had
    better_off: int = 0  # their total goes up
    worse_off: int = 0  # their total goes down
    before: Decimal = field(default_factory=lambda: Decimal("0.00"))
    after: Decimal = field(default_factory=lambda: Decimal("0.00"))

    @property
    def difference(self) -> Decimal:
        return self.after - self.before

    @property
    def limited(self) -> bool:
        return self.evaluated < self.total


@dataclass
class Impact:
    as_of: date
    rules_before: str
    rules_after: str
    households: ImpactCount
    applications: ImpactCount


def _cash(evaluation: Evaluation, children: ChildDates) -> tuple[set[ClaimKey], Decimal]:
    keys = {entitlement_claim(e, children) for e in evaluation.entitlements if e.counted_cash}
    return keys, evaluation.cash_total()


def _count(
    families: Iterable[tuple[Family, str]], *, total: int, before: Batch, after: Batch
) -> ImpactCount:
    count = ImpactCount(total=total)
    for family, jurisdiction in families:
        children = family_child_dates(family)
        old_keys, old_total = _cash(before.evaluate(family, jurisdiction), children)
        new_keys, new_total = _cash(after.evaluate(family, jurisdiction), children)
        count.evaluated += 1
        count.gain += bool(new_keys - old_keys)
        count.lose += bool(old_keys - new_keys)
        count.better_off += new_total > old_total
        count.worse_off += new_total < old_total
        count.before += old_total
        count.after += new_total
    return count


def _households(limit: int | None) -> tuple[int, Iterable[tuple[Family, str]]]:
    """How many households have answers to evaluate, and the most recently changed of them."""
    answered = Household.objects.filter(jurisdiction__isnull=False, children__isnull=False)
    households = (
        answered.distinct().prefetch_related("parents", "children").order_by("-updated_at", "-pk")
    )

    def families() -> Iterable[tuple[Family, str]]:
        for household in households[:limit].iterator(chunk_size=500):
            assert household.jurisdiction_id is not None  # answered: filtered above
            yield household_family(household=household), household.jurisdiction_id

    return answered.distinct().count(), families()


def _open_applications(limit: int | None) -> tuple[int, Iterable[tuple[Family, str]]]:
    """How many applications are open, and the most recent of them, by their snapshot answers."""
    open_ = Application.objects.filter(status__in=OPEN_STATUSES)
    answers = open_.order_by("-created_at", "-pk").values_list("answers", flat=True)

    def families() -> Iterable[tuple[Family, str]]:
        for snapshot in answers[:limit].iterator(chunk_size=500):
            yield family_from_question(snapshot), snapshot["jurisdiction"]

    return open_.count(), families()


def impact_compare(
    *, before: RuleSet, after: RuleSet, as_of: date | None = None, limit: int | None = None
) -> Impact:
    """Each saved household and open application under both rule sets: all of them, or the
    `limit` most recent of each."""
    as_of = as_of or timezone.localdate()
    places = places_get()
    batch_before = Batch(rules=before, places=places, as_of=as_of, cash_only=True)
    batch_after = Batch(rules=after, places=places, as_of=as_of, cash_only=True)
    counts = {}
    for name, population in (("households", _households), ("applications", _open_applications)):
        total, families = population(limit)
        counts[name] = _count(families, total=total, before=batch_before, after=batch_after)
    return Impact(
        as_of=as_of,
        rules_before=before.version,
        rules_after=after.version,
        households=counts["households"],
        applications=counts["applications"],
    )


def rows_changed(
    rows: list[Program], *, changed: Collection[Program], removed_slugs: Collection[str] = ()
) -> list[Program]:
    """The program rows with each changed one (saved or not) in place of the row it edits."""
    by_pk = {program.pk: program for program in changed if program.pk}
    by_slug = {program.slug: program for program in changed if not program.pk}
    result = [
        by_pk.get(row.pk) or by_slug.pop(row.slug, None) or row
        for row in rows
        if row.slug not in removed_slugs
    ]
    return result + list(by_slug.values())


def impact_preview(
    *,
    changed: Collection[Program],
    removed_slugs: Collection[str] = (),
    as_of: date | None = None,
    limit: int | None = None,
) -> Impact:
    """The impact of saving `changed` (unsaved edits, or new programs) and removing programs,
    on at most `limit` of each population."""
    rows = list(Program.objects.select_related("document").order_by("slug"))
    after = rows_changed(rows, changed=changed, removed_slugs=removed_slugs)
    return impact_compare(
        before=rules_build(rows), after=rules_build(after), as_of=as_of, limit=limit
    )


class _Rollback(Exception):
    pass


def impact_policy_files(
    *, paths: list[Path], as_of: date | None = None
) -> tuple[LoadReport, Impact | None]:
    """A dry run of loading policy files, and what it would do: the files are loaded inside a
    transaction, the resulting programs read into memory, and everything rolled back."""
    before = rules_build(list(Program.objects.select_related("document").order_by("slug")))
    after_rows: list[Program] = []
    try:
        with transaction.atomic():
            report = policy_load(paths=paths, dry_run=False)
            if report.ok:
                after_rows = list(Program.objects.select_related("document").order_by("slug"))
            raise _Rollback
    except _Rollback:
        pass
    if not report.ok:
        return report, None
    return report, impact_compare(before=before, after=rules_build(after_rows), as_of=as_of)
