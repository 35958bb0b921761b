"""Writes for applications: submitting one, and every step of its review, each step audited.

Each claim of an application is decided on its own (a small state machine, `STEPS`); the
application's status follows from its claims' (`status_of`). Every write checks the version the
writer saw, so two caseworkers working on the same application cannot overwrite each other
(optimistic locking), and tells the parent what changed once it is committed.
"""

from __future__ import annotations

import secrets
from collections.abc import Collection
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from apps.applications import id_numbers
from apps.applications.models import (
    OPEN_STATUSES,
    Application,
    ApplicationEvent,
    Claim,
    ClaimStatus,
    Status,
    status_of,
)
from apps.applications.payments import payments_create
from apps.applications.selectors import (
    ClaimKey,
    application_in_scope,
    cash_entitlements,
    claims_applied,
    entitlement_claim,
    family_child_dates,
    secret_digest,
)
from apps.applications.tasks import application_notify
from apps.benefits.engine import Entitlement, Evaluation, Places
from apps.benefits.places import places_get
from apps.benefits.question import family_from_question
from apps.benefits.services import entitlements_compute, evaluation_json
from apps.households.models import Household
from apps.households.selectors import household_question

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

CASEWORKERS = "caseworkers"
POLICY_STAFF = "policy staff"
PAYMENT_OFFICERS = "payment officers"
ROLE_PERMISSIONS = {
    CASEWORKERS: [
        "applications.view_application",
        "applications.change_application",
        "applications.view_document",
    ],
    POLICY_STAFF: [
        f"benefits.{action}_{model}"
        for model in ("policydocument", "program")
        for action in ("view", "add", "change", "delete")
    ]
    + ["jurisdictions.view_jurisdiction"],
    PAYMENT_OFFICERS: [
        "applications.view_application",
        "applications.view_payment",
        "applications.view_paymentbatch",
        "applications.add_paymentbatch",
        "applications.change_paymentbatch",
        "applications.export_paymentbatch",
    ],
}

ID_DIGEST_SALT = "apps.applications.id_number"  # also in migration 0002
STALE = gettext_lazy("此申请已被他人修改，请刷新后重试")
REFERENCE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"  # Crockford's base32: no I, L, O, U


class ReviewRefused(Exception):
    """A step that makes no sense now, with the reason in words a caseworker understands."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class StaleVersion(ReviewRefused):
    def __init__(self) -> None:
        super().__init__(str(STALE))


@dataclass(frozen=True)
class Step:
    """One decision on a claim: from which of its states to which, and the audit row's kind."""

    name: str
    label: StrOrPromise
    source: ClaimStatus
    target: ClaimStatus
    kind: ApplicationEvent.Kind
    message_required: bool = False


TAKE = "take"  # an application's step: the caseworker takes it on (and its claims under review)
STEPS: dict[str, Step] = {
    step.name: step
    for step in (
        Step(
            "request_info",
            gettext_lazy("要求补充材料"),
            ClaimStatus.IN_REVIEW,
            ClaimStatus.INFO_REQUESTED,
            ApplicationEvent.Kind.INFO_REQUESTED,
            message_required=True,
        ),
        Step(
            "resume",
            gettext_lazy("继续审核"),
            ClaimStatus.INFO_REQUESTED,
            ClaimStatus.IN_REVIEW,
            ApplicationEvent.Kind.RESUMED,
        ),
        Step(
            "approve",
            gettext_lazy("批准"),
            ClaimStatus.IN_REVIEW,
            ClaimStatus.APPROVED,
            ApplicationEvent.Kind.APPROVED,
        ),
        Step(
            "reject",
            gettext_lazy("不予批准"),
            ClaimStatus.IN_REVIEW,
            ClaimStatus.REJECTED,
            ApplicationEvent.Kind.REJECTED,
            message_required=True,
        ),
    )
}
TAKE_LABEL = gettext_lazy("接手审核")


def steps_available(*, statuses: Collection[str]) -> list[tuple[str, StrOrPromise]]:
    """What a caseworker may do now to an application whose claims are in `statuses`: take it
    on while any is open, and each decision that at least one claim can take."""
    open_ = {ClaimStatus.SUBMITTED, ClaimStatus.IN_REVIEW, ClaimStatus.INFO_REQUESTED}
    available: list[tuple[str, StrOrPromise]] = []
    if open_ & set(statuses):
        available.append((TAKE, TAKE_LABEL))
    available += [(s.name, s.label) for s in STEPS.values() if s.source in statuses]
    return available


def step_check(*, status: str, step_name: str, message: str) -> Step:
    """The decision, or ReviewRefused saying why a claim in `status` cannot take it."""
    step = STEPS.get(step_name)
    if step is None:
        raise ReviewRefused(_("未知的操作。"))
    if step.source != status:
        raise ReviewRefused(
            _("状态为「%(status)s」的申请项目不能「%(step)s」。")
            % {"status": ClaimStatus(status).label, "step": step.label}
        )
    if step.message_required and not message.strip():
        if step.name == "reject":
            raise ReviewRefused(_("不予批准时必须说明理由。"))
        raise ReviewRefused(_("请写明需要申请人补充的信息或材料。"))
    return step


# --- Roles ---------------------------------------------------------------------------------


def roles_ensure() -> dict[str, Group]:
    """The caseworkers' and policy staff's groups with their model permissions. Which places a
    caseworker acts on is a CaseworkerAssignment, not a group."""
    groups = {}
    for name, codenames in ROLE_PERMISSIONS.items():
        group, _created = Group.objects.get_or_create(name=name)
        permissions = [
            Permission.objects.get(content_type__app_label=app, codename=codename)
            for app, codename in (perm.split(".") for perm in codenames)
        ]
        group.permissions.set(permissions)
        groups[name] = group
    return groups


# --- Submitting ----------------------------------------------------------------------------


def id_number_normalise(value: str) -> str:
    """The ID number as stored and digested (apps.applications.id_numbers): typed with spaces or
    dashes, or with a lower-case x, it is the same number with the same digest."""
    return id_numbers.id_number_normalise(value)


def id_number_digest(value: str) -> str:
    """A keyed digest of the ID number (HMAC-SHA-256 keyed with SECRET_KEY): it finds the same
    person's applications, but unlike a plain hash it cannot be reversed by trying every one of
    the few billion possible ID numbers without the key."""
    return salted_hmac(ID_DIGEST_SALT, id_number_normalise(value), algorithm="sha256").hexdigest()


def id_numbers_rehash() -> int:
    """Work every ID number's digest out again under the current SECRET_KEY (after changing it),
    on the applications and on their claims; returns how many applications changed."""
    changed = 0
    with transaction.atomic():
        for application in Application.objects.select_for_update().only(
            "id_number", "id_number_hash"
        ):
            digest = id_number_digest(application.id_number)
            if digest != application.id_number_hash:
                Application.objects.filter(pk=application.pk).update(id_number_hash=digest)
                Claim.objects.filter(application=application).update(claimant_hash=digest)
                changed += 1
    return changed


def _reference_new() -> str:
    code = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(6))
    return f"SQ-{timezone.localdate().year}-{code}"


def application_submit(
    *,
    household: Household,
    applicant_name: str,
    id_number: str,
    phone: str,
    bank_account: str,
    entitlement_keys: Collection[str],
    consent_text: str,
    email: str = "",
    as_of: date | None = None,
    lang: str = "zh-hans",
) -> tuple[Application, str]:
    """Submit an application for the chosen cash entitlements; returns it and the secret of its
    status page (only its digest is stored). The amounts come from the engine, never the form.

    All or nothing, in one transaction. Each entitlement is a claim. A claim not refused is
    unique per program, child and applicant, across every household: one already made is
    refused, naming it, and two made at once are refused by the database, whichever loses. The
    household's row is locked meanwhile, so a double click is taken one after the other."""
    if household.jurisdiction_id is None:
        raise ValidationError(_("请先填写居住地。"))
    as_of = as_of or timezone.localdate()
    answers = household_question(household=household)
    family = family_from_question(answers)
    places = places_get()
    evaluation = entitlements_compute(
        family=family, jurisdiction=household.jurisdiction_id, as_of=as_of, lang=lang, places=places
    )
    children = family_child_dates(family)
    chosen = [
        (e, key)
        for e in cash_entitlements(evaluation=evaluation)
        if str(key := entitlement_claim(e, children)) in entitlement_keys
    ]
    if not chosen:
        raise ValidationError(_("请至少选择一项可以申请的待遇。"))
    id_hash = id_number_digest(id_number)
    with transaction.atomic():
        Household.objects.select_for_update().filter(pk=household.pk).exists()
        applied = claims_applied(household_id=household.pk, id_number_hash=id_hash)
        twice = [(e, applied[key]) for e, key in chosen if key in applied]
        if twice:
            raise _duplicate([(e.name, earlier.reference) for e, earlier in twice])
        application, secret = _application_create(
            household=household,
            answers=answers | {"as_of": as_of.isoformat(), "lang": lang},
            evaluation=evaluation,
            chosen=chosen,
            applicant={
                "applicant_name": applicant_name.strip(),
                "id_number": id_number_normalise(id_number),
                "id_number_hash": id_hash,
                "phone": phone,
                "email": email.strip(),
                "bank_account": bank_account,
                "consent_text": consent_text,
            },
            as_of=as_of,
            places=places,
        )
    application_notify(application=application)
    return application, secret


def _duplicate(claimed: list[tuple[str, str]]) -> ValidationError:
    return ValidationError(
        [
            ValidationError(
                _("“%(name)s”已经申请过（申请编号 %(reference)s），不能重复申请。")
                % {"name": name, "reference": reference},
                code="duplicate",
            )
            for name, reference in claimed
        ]
    )


def _application_create(
    *,
    household: Household,
    answers: dict[str, Any],
    evaluation: Evaluation,
    chosen: list[tuple[Entitlement, ClaimKey]],
    applicant: dict[str, str],
    as_of: date,
    places: Places,
) -> tuple[Application, str]:
    secret = secrets.token_urlsafe(24)
    jurisdiction = answers["jurisdiction"]
    fields: dict[str, Any] = applicant | {
        "secret_hash": secret_digest(secret),
        "household": household,
        "jurisdiction_id": jurisdiction,
        "consented_at": timezone.now(),
        "answers": answers,  # the API's request body: replayable as it is
        "evaluation": evaluation_json(evaluation, jurisdiction=jurisdiction, places=places),
        "rules_version": evaluation.rules_version,
        "as_of": as_of,
        "programs": sorted({e.program for e, _key in chosen}),
        "amount": sum((e.amount or Decimal(0) for e, _key in chosen), Decimal(0)),
        "possible_duplicate": _seen_elsewhere(
            household=household,
            id_hash=applicant["id_number_hash"],
            child_dates={key.child_date for _e, key in chosen if key.child_date},
        ),
    }
    for _attempt in range(5):
        try:
            with transaction.atomic():  # a savepoint: a clash of references rolls back alone
                application = Application.objects.create(reference=_reference_new(), **fields)
                break
        except IntegrityError:  # the rare clash of two random references: draw again
            continue
    else:
        raise RuntimeError("could not draw a unique reference")
    claims = [
        Claim(
            application=application,
            program=e.program,
            name=e.name,
            child=e.child,
            child_date=key.child_date,
            twin=key.twin,
            parent=key.parent,
            claimant_hash=applicant["id_number_hash"],
            amount=e.amount,
            schedule=_schedule(e),
            documents=list(e.documents),
        )
        for e, key in chosen
        if e.amount is not None  # cash: counted_cash has an amount
    ]
    try:
        with transaction.atomic():  # the same claim made at this moment elsewhere wins
            Claim.objects.bulk_create(claims)
    except IntegrityError:
        raise ValidationError(
            [
                ValidationError(
                    _("“%(name)s”刚刚已由另一份申请提交，不能重复申请。") % {"name": claim.name},
                    code="duplicate",
                )
                for claim in claims
            ]
        ) from None
    ApplicationEvent.objects.create(
        application=application, kind=ApplicationEvent.Kind.SUBMITTED, to_status=Status.SUBMITTED
    )
    return application, secret


def _schedule(entitlement: Entitlement) -> list[dict[str, str | None]]:
    """The claim's payments as the engine gave them: each period of an allowance, or the one
    payment of a one-off grant, dated by its event."""
    if entitlement.payments:
        return [
            {"start": p.start.isoformat(), "end": p.end.isoformat(), "amount": f"{p.amount:.2f}"}
            for p in entitlement.payments
        ]
    start = entitlement.start.isoformat() if entitlement.start else None
    return [{"start": start, "end": None, "amount": f"{entitlement.amount:.2f}"}]


def _seen_elsewhere(*, household: Household, id_hash: str, child_dates: set[date]) -> bool:
    """Whether the same applicant claimed, from other answers, for a child born on the same day:
    perhaps the same child under another program, perhaps answers given twice."""
    return (
        Claim.objects.filter(claimant_hash=id_hash, child_date__in=child_dates)
        .exclude(application__household=household)
        .exclude(status=ClaimStatus.REJECTED)
        .exists()
    )


# --- Reviewing ------------------------------------------------------------------------------


def _writer_check(*, application: Application, actor: Any, version: int) -> None:
    """A caseworker may change this application, and has seen its latest version."""
    if not application_in_scope(user=actor, application=application) or not actor.has_perm(
        "applications.change_application"
    ):
        raise PermissionDenied
    if version != application.version:
        raise StaleVersion()


@dataclass
class Change:
    """What one write does: the claims it moves (claim, target, reason), the application's own
    fields, and the audit rows."""

    claims: list[tuple[Claim, ClaimStatus, str]] = field(default_factory=list)
    fields: dict[str, Any] = field(default_factory=dict)
    events: list[dict[str, Any]] = field(default_factory=list)


def _write(*, application: Application, version: int | None, change: Change) -> None:
    """One write: the application's row is locked and its version is the one the writer saw
    (optimistic locking; None for the parent, who acts on the application as it is), each claim
    is still in the state it was read in, the application's status follows its claims', an
    approved claim falls due, every step is audited, and the parent is told after commit."""
    now = timezone.now()
    with transaction.atomic():
        current = (
            Application.objects.select_for_update()
            .filter(pk=application.pk)
            .values_list("version", flat=True)
            .get()
        )
        if version is not None and current != version:
            raise StaleVersion()
        for claim, target, reason in change.claims:
            moved = Claim.objects.filter(pk=claim.pk, status=claim.status).update(
                status=target,
                reason=reason or claim.reason,
                decided_at=now if target in (ClaimStatus.APPROVED, ClaimStatus.REJECTED) else None,
            )
            if not moved:
                raise StaleVersion()
            if target == ClaimStatus.APPROVED:
                payments_create(claim=claim, today=timezone.localdate())
        statuses = list(application.claims.values_list("status", flat=True))
        Application.objects.filter(pk=application.pk).update(
            **change.fields, status=status_of(statuses), version=F("version") + 1, updated_at=now
        )
        ApplicationEvent.objects.bulk_create(
            ApplicationEvent(application=application, **event) for event in change.events
        )
    application.refresh_from_db()
    application_notify(application=application)


def application_take(*, application: Application, actor: Any, version: int) -> Application:
    """The caseworker takes the application on: it is theirs, and its claims under review."""
    _writer_check(application=application, actor=actor, version=version)
    if application.status not in OPEN_STATUSES:
        raise ReviewRefused(
            _("状态为「%(status)s」的申请不能「%(step)s」。")
            % {"status": application.get_status_display(), "step": TAKE_LABEL}
        )
    submitted = list(application.claims.filter(status=ClaimStatus.SUBMITTED))
    change = Change(
        claims=[(claim, ClaimStatus.IN_REVIEW, "") for claim in submitted],
        fields={"assignee": actor, "parent_replied": False},
        events=[
            {
                "actor": actor,
                "kind": ApplicationEvent.Kind.TAKEN,
                "from_status": application.status,
                "to_status": Status.IN_REVIEW if submitted else application.status,
            }
        ],
    )
    _write(application=application, version=version, change=change)
    return application


@dataclass(frozen=True)
class Decision:
    """One decision on one claim, with what the caseworker tells the parent about it."""

    claim: Claim
    step: str
    message: str = ""


def claims_decide(
    *, application: Application, decisions: Collection[Decision], actor: Any, version: int
) -> Application:
    """Decisions (request_info, resume, approve, reject) on some of an application's claims, in
    one write: each claim gets its own audit row; a claim that cannot take its decision is
    refused, naming it, and nothing is written."""
    _writer_check(application=application, actor=actor, version=version)
    if not decisions:
        raise ReviewRefused(_("没有选择任何审核决定。"))
    for decision in decisions:
        if decision.claim.application_id != application.pk:
            raise PermissionDenied
        try:
            step_check(
                status=decision.claim.status, step_name=decision.step, message=decision.message
            )
        except ReviewRefused as refused:
            raise ReviewRefused(f"{decision.claim.name}：{refused.message}") from None
    change = Change(
        claims=[(d.claim, STEPS[d.step].target, d.message.strip()) for d in decisions],
        fields={"parent_replied": False},
        events=[
            {
                "actor": actor,
                "claim": d.claim,
                "kind": STEPS[d.step].kind,
                "from_status": d.claim.status,
                "to_status": STEPS[d.step].target,
                "message": d.message.strip(),
            }
            for d in decisions
        ],
    )
    _write(application=application, version=version, change=change)
    return application


def claims_step(
    *,
    application: Application,
    step_name: str,
    actor: Any,
    version: int,
    message: str = "",
    claims: Collection[Claim] | None = None,
) -> Application:
    """One decision on the named claims or, with none named, on every claim that can take it;
    or taking the application on (`TAKE`)."""
    if step_name == TAKE:
        return application_take(application=application, actor=actor, version=version)
    _writer_check(application=application, actor=actor, version=version)
    step = STEPS.get(step_name)
    if step is None:
        raise ReviewRefused(_("未知的操作。"))
    chosen = list(application.claims.filter(status=step.source) if claims is None else claims)
    if not chosen:
        raise ReviewRefused(
            _("状态为「%(status)s」的申请没有可以「%(step)s」的项目。")
            % {"status": application.get_status_display(), "step": step.label}
        )
    return claims_decide(
        application=application,
        decisions=[Decision(claim, step_name, message) for claim in chosen],
        actor=actor,
        version=version,
    )


def application_note_update(
    *, application: Application, actor: Any, version: int, note: str
) -> Application:
    """Change the caseworker's internal note (never shown to the parent)."""
    _writer_check(application=application, actor=actor, version=version)
    change = Change(
        fields={"internal_note": note},
        events=[{"actor": actor, "kind": ApplicationEvent.Kind.NOTE, "message": note}],
    )
    _write(application=application, version=version, change=change)
    return application


def application_parent_reply(
    *, application: Application, message: str, kind: ApplicationEvent.Kind | None = None
) -> Application:
    """The parent answers a request for information (with words, or a document): the claims
    waiting for it go back under review, and the caseworker sees that the parent replied. A
    caseworker's step at the same moment is not the parent's concern: read again, and retried."""
    if kind is None and not message.strip():
        raise ValidationError(_("请填写要补充的信息。"))
    for _attempt in range(3):
        application.refresh_from_db()
        waiting = list(application.claims.filter(status=ClaimStatus.INFO_REQUESTED))
        if not waiting and kind is None:
            raise ReviewRefused(_("审核人员目前没有要求补充信息。"))
        change = Change(
            claims=[(claim, ClaimStatus.IN_REVIEW, "") for claim in waiting],
            fields={"parent_replied": True},
            events=[
                {
                    "kind": kind or ApplicationEvent.Kind.PARENT_REPLIED,
                    "from_status": application.status,
                    "to_status": Status.IN_REVIEW if waiting else application.status,
                    "message": message.strip(),
                }
            ],
        )
        try:
            _write(application=application, version=None, change=change)
        except StaleVersion:
            continue
        return application
    raise StaleVersion()
