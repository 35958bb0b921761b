"""Reads of applications: who may see which, what a family may apply for, and the review of a
snapshot against today's rules."""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any, Literal, NamedTuple

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from apps.applications.models import (
    Application,
    ApplicationEvent,
    CaseworkerAssignment,
    Claim,
    ClaimStatus,
    Payment,
    Status,
)
from apps.benefits.engine import Entitlement, Evaluation, Family, counts_as_cash
from apps.benefits.engine.text import fmt_date, fmt_money
from apps.benefits.places import places_get
from apps.benefits.question import family_from_question
from apps.benefits.services import current_lang, entitlement_json, entitlements_compute

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
    each claim not refused, with its application. A refused claim may be made again."""
    where = Q(application__household_id=household_id) if household_id is not None else Q(pk__in=[])
    if id_number_hash:
        where |= Q(claimant_hash=id_number_hash)
    claims = (
        Claim.objects.filter(where)
        .exclude(status=ClaimStatus.REJECTED)
        .select_related("application")
        .order_by("application__created_at", "id")
    )
    applied: dict[ClaimKey, Application] = {}
    for claim in claims:
        applied.setdefault(claim_of(claim), claim.application)
    return applied


def claim_of(claim: Claim) -> ClaimKey:
    """The key of a stored claim."""
    return ClaimKey(claim.program, claim.child_date, claim.twin, claim.parent)


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


# The steps a parent is told of: not their own, not the caseworker's resuming or notes.
NOTIFIED_KINDS = (
    ApplicationEvent.Kind.SUBMITTED,
    ApplicationEvent.Kind.TAKEN,
    ApplicationEvent.Kind.INFO_REQUESTED,
    ApplicationEvent.Kind.APPROVED,
    ApplicationEvent.Kind.REJECTED,
    ApplicationEvent.Kind.PAID,
    ApplicationEvent.Kind.PAYMENT_FAILED,
)


def parent_words(event: ApplicationEvent) -> str:
    """One step, in the words a parent reads on the status page and in their messages."""
    kind = ApplicationEvent.Kind
    name = event.claim.name if event.claim_id and event.claim else ""
    words: dict[str, str] = {
        kind.SUBMITTED: _("我们收到了您的申请。"),
        kind.TAKEN: _("审核人员开始审核您的申请。"),
        kind.INFO_REQUESTED: _("“%(name)s”需要您补充信息或材料。"),
        kind.PARENT_REPLIED: _("您补充了信息。"),
        kind.DOCUMENT: _("您上传了材料。"),
        kind.RESUMED: _("审核人员继续审核“%(name)s”。"),
        kind.APPROVED: _("“%(name)s”已获批准。"),
        kind.REJECTED: _("“%(name)s”未获批准。"),
        kind.PAID: _("“%(name)s”的一笔款项已发放。"),
        kind.PAYMENT_FAILED: _(
            "“%(name)s”的一笔款项发放未成功，将在下一次发放时重发；银行账户如有变化，请联系审核部门。"
        ),
    }
    text = words.get(event.kind, "")
    return text % {"name": name} if "%(name)s" in text else text


def application_history(*, application: Application) -> list[HistoryLine]:
    """What happened, in plain words, for the parent: internal notes are left out."""
    return [
        HistoryLine(e.created_at, parent_words(e), e.message)
        for e in application.events.exclude(kind=ApplicationEvent.Kind.NOTE)
        .select_related("claim")
        .order_by("created_at", "id")
    ]


@dataclass(frozen=True)
class InfoRequest:
    claim: Claim
    message: str


def application_info_requests(*, application: Application) -> list[InfoRequest]:
    """The caseworker's open questions to the parent: each claim waiting for them, with what
    was asked."""
    waiting = list(application.claims.filter(status=ClaimStatus.INFO_REQUESTED))
    asked = {
        event.claim_id: event.message
        for event in application.events.filter(
            kind=ApplicationEvent.Kind.INFO_REQUESTED, claim__in=waiting
        ).order_by("created_at", "id")
    }
    return [InfoRequest(claim, asked.get(claim.pk, "")) for claim in waiting]


def decision_due(*, application: Application) -> date:
    """The day by which the office aims to decide: REVIEW_DAYS after the application came in,
    or after the parent last answered a request."""
    replied = (
        application.events.filter(
            kind__in=(ApplicationEvent.Kind.PARENT_REPLIED, ApplicationEvent.Kind.DOCUMENT)
        )
        .order_by("-created_at")
        .values_list("created_at", flat=True)
        .first()
    )
    start = timezone.localdate(replied or application.created_at)
    return start + timedelta(days=settings.REVIEW_DAYS)


def next_step(*, application: Application) -> str:
    """What happens next and by when, for the parent, in the active language."""
    lang = current_lang()
    status = application.status
    tail = application.bank_account[-4:]
    if status in (Status.SUBMITTED, Status.IN_REVIEW):
        text = _("审核人员一般会在%(day)s前作出决定，决定后我们会通知您。") % {
            "day": fmt_date(decision_due(application=application), lang)
        }
    elif status == Status.INFO_REQUESTED:
        text = _(
            "请在进度页面补充审核人员要求的信息或上传材料；收到后我们继续审核，"
            "一般在收到后%(days)s天内作出决定。"
        ) % {"days": settings.REVIEW_DAYS}
    elif status == Status.APPROVED:
        upcoming = (
            Payment.objects.filter(claim__application=application)
            .exclude(state=Payment.State.PAID)
            .order_by("due_on", "id")
            .first()
        )
        if upcoming is None:
            text = _("批准的款项正在安排发放。")
        else:
            text = _("下一笔款项%(amount)s元，应发日期%(day)s，将发放到尾号%(tail)s的账户。") % {
                "amount": fmt_money(upcoming.amount),
                "day": fmt_date(upcoming.due_on, lang),
                "tail": tail,
            }
    elif status == Status.PAID:
        text = _("批准的款项已全部发放到尾号%(tail)s的账户。") % {"tail": tail}
    else:
        text = ""
    if application.claims.filter(status=ClaimStatus.REJECTED).exists():
        text += _(
            "对不予批准的决定有异议的，可以自知道该决定之日起六十日内申请行政复议，"
            "或者六个月内提起行政诉讼。"
        )
    return text


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
    applied_keys = [claim_of(claim) for claim in application.claims.all()]
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
