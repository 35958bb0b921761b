"""Reads of applications: who may see which, what a family may apply for, and the review of a
snapshot against today's rules."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Literal, NamedTuple

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.applications.models import (
    Application,
    ApplicationEvent,
    CaseworkerAssignment,
    Status,
)
from apps.benefits.engine import Entitlement, Evaluation, Family, counts_as_cash
from apps.benefits.places import places_get
from apps.benefits.question import family_from_question
from apps.benefits.services import entitlement_json, entitlements_compute

# --- What a family may apply for ----------------------------------------------------------


def cash_entitlements(*, evaluation: Evaluation) -> list[Entitlement]:
    """The money a family may apply for now: what counts as cash (`counts_as_cash`: owed, not
    what an employer may pay nor support in kind), not the estimates for a child not yet born,
    and not what can no longer be claimed (its deadline has passed)."""
    return [
        e
        for e in evaluation.entitlements
        if e.counted_cash and not e.estimate and not e.deadline_passed
    ]


class ClaimKey(NamedTuple):
    """One entitlement of one family, the same in any set of its answers: the program, the
    child by its date (and its place among twins), the parent. The apply form's value, what an
    application item stands for, and what the review and the impact preview compare."""

    program: str
    child_date: date | None
    twin: int
    parent: str

    def __str__(self) -> str:
        day = self.child_date.isoformat() if self.child_date else ""
        return f"{self.program}:{day}:{self.twin}:{self.parent}"


# Each child of a family (by index) as its date and its place among the children of that date.
ChildDates = list[tuple[date | None, int]]


def child_dates(days: Sequence[date | None]) -> ChildDates:
    """The children's dates, given in the family's order, with each twin's place."""
    seen: dict[date | None, int] = {}
    found: dict[int, tuple[date | None, int]] = {}
    for index in sorted(range(len(days)), key=lambda i: (days[i] or date.min, i)):
        seen[days[index]] = seen.get(days[index], -1) + 1
        found[index] = (days[index], seen[days[index]])
    return [found[index] for index in range(len(days))]


def family_child_dates(family: Family) -> ChildDates:
    return child_dates([child.date for child in family.children])


def question_child_dates(question: dict[str, Any]) -> ChildDates:
    """The same for a stored question (an application's snapshot of the answers)."""
    return child_dates(
        [_day(c.get("birth_date")) or _day(c.get("expected_date")) for c in question["children"]]
    )


def claim_key(
    *, program: str, child: int | None, parent: str | None, children: ChildDates
) -> ClaimKey:
    day, twin = children[child] if child is not None and child < len(children) else (None, 0)
    return ClaimKey(program, day, twin, parent or "")


def entitlement_claim(entitlement: Entitlement, children: ChildDates) -> ClaimKey:
    return claim_key(
        program=entitlement.program,
        child=entitlement.child,
        parent=entitlement.parent,
        children=children,
    )


def claims_applied(
    *, household_id: int | None, id_number_hash: str | None = None
) -> dict[ClaimKey, Application]:
    """What is already applied for, by this household or by this applicant under any answers:
    each entitlement of an application not refused, with the application. A refused
    application may be made again."""
    where = Q(household_id=household_id) if household_id is not None else Q(pk__in=[])
    if id_number_hash:
        where |= Q(id_number_hash=id_number_hash)
    applications = (
        Application.objects.filter(where)
        .exclude(status=Status.REJECTED)
        .prefetch_related("items")
        .order_by("created_at")
    )
    applied: dict[ClaimKey, Application] = {}
    for application in applications:
        children = question_child_dates(application.answers)
        for item in application.items.all():
            key = claim_key(
                program=item.program, child=item.child, parent=item.parent, children=children
            )
            applied.setdefault(key, application)
    return applied


def evaluation_cash_total(*, evaluation: Evaluation) -> Decimal:
    return sum(
        (e.amount or Decimal(0) for e in cash_entitlements(evaluation=evaluation)), Decimal(0)
    )


def _day(value: str | None) -> date | None:
    return date.fromisoformat(value) if value else None


# --- Who sees what -------------------------------------------------------------------------


def jurisdictions_covered(*, user: Any) -> frozenset[str] | None:
    """The places whose applications the user acts on: None for all (superusers), else every
    place within a place the caseworker is assigned to. Cached on the user for the request."""
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    if user.is_superuser:
        return None
    cached = getattr(user, "_applications_scope", None)
    if cached is not None:
        return cached
    roots = list(
        CaseworkerAssignment.objects.filter(user=user).values_list("jurisdiction_id", flat=True)
    )
    scope: frozenset[str] = frozenset()
    if roots:
        places = places_get()
        scope = frozenset(
            code for code in places.by_code if any(places.within(code, root) for root in roots)
        )
    user._applications_scope = scope
    return scope


def applications_visible(*, user: Any) -> QuerySet[Application]:
    scope = jurisdictions_covered(user=user)
    applications = Application.objects.all()
    return applications if scope is None else applications.filter(jurisdiction_id__in=scope)


def application_in_scope(*, user: Any, application: Application) -> bool:
    scope = jurisdictions_covered(user=user)
    return scope is None or application.jurisdiction_id in scope


# --- The parent's view ---------------------------------------------------------------------


def secret_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def application_by_secret(*, reference: str, secret: str) -> Application | None:
    """The application, when the secret matches (compared in constant time)."""
    application = Application.objects.filter(reference=reference.upper()).first()
    if application is None:
        hmac.compare_digest(secret_digest(secret), secret_digest(""))  # same work either way
        return None
    if not hmac.compare_digest(secret_digest(secret), application.secret_hash):
        return None
    return application


@dataclass(frozen=True)
class HistoryLine:
    when: Any
    text: str
    message: str


def _parent_words(event: ApplicationEvent) -> str:
    kind = ApplicationEvent.Kind
    words: dict[str, str] = {
        kind.SUBMITTED: _("我们收到了你的申请。"),
        kind.TAKEN: _("审核人员开始审核你的申请。"),
        kind.INFO_REQUESTED: _("审核人员需要你补充信息。"),
        kind.PARENT_REPLIED: _("你补充了信息。"),
        kind.RESUMED: _("审核人员继续审核你的申请。"),
        kind.APPROVED: _("你的申请已获批准，款项将发放到你填写的银行账户。"),
        kind.REJECTED: _("你的申请未获批准。"),
        kind.PAID: _("款项已发放。"),
    }
    return str(words.get(event.kind, ""))


def application_history(*, application: Application) -> list[HistoryLine]:
    """What happened, in plain words, for the parent: internal notes are left out."""
    return [
        HistoryLine(e.created_at, _parent_words(e), e.message)
        for e in application.events.exclude(kind=ApplicationEvent.Kind.NOTE).order_by(
            "created_at", "id"
        )
    ]


def application_info_request(*, application: Application) -> str:
    """The caseworker's open question to the parent, if any."""
    if application.status != "info_requested":
        return ""
    event = (
        application.events.filter(kind=ApplicationEvent.Kind.INFO_REQUESTED)
        .order_by("-created_at", "-id")
        .first()
    )
    return event.message if event else ""


# --- The caseworker's review --------------------------------------------------------------

ReviewChange = Literal["same", "amount", "lost", "new"]


@dataclass(frozen=True)
class ReviewRow:
    key: ClaimKey
    name: str
    child: int | None
    applied: dict[str, Any] | None  # the entitlement as it was on the day of applying
    now: dict[str, Any] | None  # the same entitlement under today's rules
    change: ReviewChange

    @property
    def changed(self) -> bool:
        return self.change != "same"


def _json_claim(entry: dict[str, Any], children: ChildDates) -> ClaimKey:
    return claim_key(
        program=entry["program"], child=entry["child"], parent=entry["parent"], children=children
    )


def _cash(entry: dict[str, Any]) -> bool:
    """`cash_entitlements`' test on an entitlement as the API's JSON gives it (a snapshot from
    before `basis` says `discretionary` for what an employer may pay). A deadline that passed
    after applying does not make an application lost: it was made in time."""
    amount = entry["amount"]
    basis = entry.get("basis") or ("employer_may" if entry.get("discretionary") else "entitlement")
    return counts_as_cash(
        eligible=entry["eligible"],
        category=entry["category"],
        amount=None if amount is None else Decimal(amount),
        basis=basis,
    ) and not entry.get("estimate")


def application_review(*, application: Application, as_of: date | None = None) -> list[ReviewRow]:
    """What was applied for against a fresh computation of the stored answers under today's
    rules: each row the same, its amount changed, no longer eligible, or newly eligible."""
    as_of = as_of or timezone.localdate()
    answers = application.answers
    lang = application.evaluation.get("lang", "zh-hans")
    places = places_get()
    evaluation = entitlements_compute(
        family=family_from_question(answers),
        jurisdiction=answers["jurisdiction"],
        as_of=as_of,
        lang=lang,
        places=places,
    )
    fresh = [entitlement_json(e, as_of, places=places, lang=lang) for e in evaluation.entitlements]
    children = question_child_dates(answers)
    now = {_json_claim(entry, children): entry for entry in fresh}
    then = {_json_claim(entry, children): entry for entry in application.evaluation["entitlements"]}
    applied_keys = [
        claim_key(program=item.program, child=item.child, parent=item.parent, children=children)
        for item in application.items.all()
    ]
    rows: list[ReviewRow] = []
    for key in applied_keys:
        before, after = then.get(key), now.get(key)
        name = (before or after or {}).get("name", key.program)
        child = (before or after or {}).get("child")
        if after is None or not _cash(after):
            change: ReviewChange = "lost"
        elif before is None or Decimal(after["amount"]) != Decimal(before["amount"]):
            change = "amount"
        else:
            change = "same"
        rows.append(ReviewRow(key, name, child, before, after, change))
    for key, after in now.items():
        before = then.get(key)
        if _cash(after) and key not in applied_keys and not (before and _cash(before)):
            rows.append(ReviewRow(key, after["name"], after["child"], None, after, "new"))
    return rows
