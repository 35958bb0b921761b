"""Writes for applications: submitting one, and every step of its review, each step audited.

The review is a small state machine. Every write checks the version the writer saw, so two
caseworkers working on the same application cannot overwrite each other (optimistic locking).
"""

from __future__ import annotations

import secrets
from collections.abc import Collection
from dataclasses import dataclass
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
    Application,
    ApplicationEvent,
    ApplicationItem,
    Status,
)
from apps.applications.selectors import (
    application_in_scope,
    cash_entitlements,
    claims_applied,
    entitlement_claim,
    family_child_dates,
    secret_digest,
)
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
ROLE_PERMISSIONS = {
    CASEWORKERS: [
        "applications.view_application",
        "applications.change_application",
    ],
    POLICY_STAFF: [
        f"benefits.{action}_{model}"
        for model in ("policydocument", "program")
        for action in ("view", "add", "change", "delete")
    ]
    + ["jurisdictions.view_jurisdiction"],
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
    name: str
    label: StrOrPromise
    source: Status
    target: Status
    kind: ApplicationEvent.Kind
    message_required: bool = False


STEPS: dict[str, Step] = {
    step.name: step
    for step in (
        Step(
            "take",
            gettext_lazy("接手审核"),
            Status.SUBMITTED,
            Status.IN_REVIEW,
            ApplicationEvent.Kind.TAKEN,
        ),
        Step(
            "request_info",
            gettext_lazy("要求补充材料"),
            Status.IN_REVIEW,
            Status.INFO_REQUESTED,
            ApplicationEvent.Kind.INFO_REQUESTED,
            message_required=True,
        ),
        Step(
            "resume",
            gettext_lazy("继续审核"),
            Status.INFO_REQUESTED,
            Status.IN_REVIEW,
            ApplicationEvent.Kind.RESUMED,
        ),
        Step(
            "approve",
            gettext_lazy("批准"),
            Status.IN_REVIEW,
            Status.APPROVED,
            ApplicationEvent.Kind.APPROVED,
        ),
        Step(
            "reject",
            gettext_lazy("不予批准"),
            Status.IN_REVIEW,
            Status.REJECTED,
            ApplicationEvent.Kind.REJECTED,
            message_required=True,
        ),
        Step(
            "mark_paid",
            gettext_lazy("标记已发放"),
            Status.APPROVED,
            Status.PAID,
            ApplicationEvent.Kind.PAID,
        ),
    )
}


def steps_available(*, status: str) -> list[Step]:
    return [step for step in STEPS.values() if step.source == status]


def step_check(*, status: str, step_name: str, message: str) -> Step:
    """The step, or ReviewRefused saying why it cannot be taken from this status."""
    step = STEPS.get(step_name)
    if step is None:
        raise ReviewRefused(_("未知的操作。"))
    if step.source != status:
        raise ReviewRefused(
            _("状态为「%(status)s」的申请不能「%(step)s」。")
            % {"status": Status(status).label, "step": step.label}
        )
    if step.message_required and not message.strip():
        if step.name == "reject":
            raise ReviewRefused(_("不予批准时必须说明理由。"))
        raise ReviewRefused(_("请写明需要申请人补充的信息。"))
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
    """Work every ID number's digest out again under the current SECRET_KEY (after changing it);
    returns how many changed."""
    changed = 0
    with transaction.atomic():
        for application in Application.objects.select_for_update().only(
            "id_number", "id_number_hash"
        ):
            digest = id_number_digest(application.id_number)
            if digest != application.id_number_hash:
                Application.objects.filter(pk=application.pk).update(id_number_hash=digest)
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
    as_of: date | None = None,
    lang: str = "zh-hans",
) -> tuple[Application, str]:
    """Submit an application for the chosen cash entitlements; returns it and the secret of its
    status page (only its digest is stored). The amounts come from the engine, never the form.

    All or nothing, in one transaction. An entitlement already in an application of this
    household or of this applicant that was not refused is not applied for twice: the whole
    submission is refused, naming it. The household's row is locked meanwhile, so two
    submissions from one household (a double click) are taken one after the other."""
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
        e
        for e in cash_entitlements(evaluation=evaluation)
        if str(entitlement_claim(e, children)) in entitlement_keys
    ]
    if not chosen:
        raise ValidationError(_("请至少选择一项可以申请的待遇。"))
    id_hash = id_number_digest(id_number)
    with transaction.atomic():
        Household.objects.select_for_update().filter(pk=household.pk).exists()
        applied = claims_applied(household_id=household.pk, id_number_hash=id_hash)
        twice = [
            (e, applied[key]) for e in chosen if (key := entitlement_claim(e, children)) in applied
        ]
        if twice:
            raise ValidationError(
                [
                    _("“%(name)s”已经申请过（申请编号 %(reference)s），不能重复申请。")
                    % {"name": e.name, "reference": earlier.reference}
                    for e, earlier in twice
                ],
                code="duplicate",
            )
        application, secret = _application_create(
            household=household,
            answers=answers | {"as_of": as_of.isoformat(), "lang": lang},
            evaluation=evaluation,
            chosen=chosen,
            applicant_name=applicant_name,
            id_number=id_number,
            id_hash=id_hash,
            phone=phone,
            bank_account=bank_account,
            consent_text=consent_text,
            as_of=as_of,
            places=places,
        )
    return application, secret


def _application_create(
    *,
    household: Household,
    answers: dict[str, Any],
    evaluation: Evaluation,
    chosen: list[Entitlement],
    applicant_name: str,
    id_number: str,
    id_hash: str,
    phone: str,
    bank_account: str,
    consent_text: str,
    as_of: date,
    places: Places,
) -> tuple[Application, str]:
    secret = secrets.token_urlsafe(24)
    jurisdiction = answers["jurisdiction"]
    amount = sum((e.amount or Decimal(0) for e in chosen), Decimal(0))
    fields: dict[str, Any] = {
        "secret_hash": secret_digest(secret),
        "household": household,
        "jurisdiction_id": jurisdiction,
        "applicant_name": applicant_name.strip(),
        "id_number": id_number_normalise(id_number),
        "id_number_hash": id_hash,
        "phone": phone,
        "bank_account": bank_account,
        "consent_text": consent_text,
        "consented_at": timezone.now(),
        "answers": answers,  # the API's request body: replayable as it is
        "evaluation": evaluation_json(evaluation, jurisdiction=jurisdiction, places=places),
        "rules_version": evaluation.rules_version,
        "as_of": as_of,
        "programs": sorted({e.program for e in chosen}),
        "amount": amount,
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
    ApplicationItem.objects.bulk_create(
        ApplicationItem(
            application=application,
            program=e.program,
            name=e.name,
            child=e.child,
            parent=e.parent or "",
            amount=e.amount,
        )
        for e in chosen
        if e.amount is not None  # cash: counted_cash has an amount
    )
    ApplicationEvent.objects.create(
        application=application,
        kind=ApplicationEvent.Kind.SUBMITTED,
        to_status=Status.SUBMITTED,
    )
    return application, secret


# --- Reviewing ------------------------------------------------------------------------------


def _write(
    *,
    application: Application,
    expected: dict[str, Any],
    changes: dict[str, Any],
    event: dict[str, Any],
) -> None:
    """One conditional update (the version and status the writer saw) and its audit row."""
    with transaction.atomic():
        updated = Application.objects.filter(pk=application.pk, **expected).update(
            **changes, version=F("version") + 1, updated_at=timezone.now()
        )
        if not updated:
            raise StaleVersion()
        ApplicationEvent.objects.create(application=application, **event)
    application.refresh_from_db()


def _writer_check(*, application: Application, actor: Any, version: int) -> None:
    """A caseworker may change this application, and has seen its latest version."""
    if not application_in_scope(user=actor, application=application) or not actor.has_perm(
        "applications.change_application"
    ):
        raise PermissionDenied
    if version != application.version:
        raise StaleVersion()


def application_step(
    *, application: Application, step_name: str, actor: Any, version: int, message: str = ""
) -> Application:
    """Take one step of the review (take, request_info, resume, approve, reject, mark_paid)."""
    _writer_check(application=application, actor=actor, version=version)
    step = step_check(status=application.status, step_name=step_name, message=message)
    _write(
        application=application,
        expected={"version": version, "status": step.source},
        changes={"status": step.target},
        event={
            "actor": actor,
            "kind": step.kind,
            "from_status": step.source,
            "to_status": step.target,
            "message": message.strip(),
        },
    )
    return application


def application_note_update(
    *, application: Application, actor: Any, version: int, note: str
) -> Application:
    """Change the caseworker's internal note (never shown to the parent)."""
    _writer_check(application=application, actor=actor, version=version)
    _write(
        application=application,
        expected={"version": version},
        changes={"internal_note": note},
        event={"actor": actor, "kind": ApplicationEvent.Kind.NOTE, "message": note},
    )
    return application


def application_parent_reply(*, application: Application, message: str) -> Application:
    """The parent answers a request for information; the review goes on."""
    if not message.strip():
        raise ValidationError(_("请填写要补充的信息。"))
    if application.status != Status.INFO_REQUESTED:
        raise ReviewRefused(_("审核人员目前没有要求补充信息。"))
    _write(
        application=application,
        expected={"version": application.version, "status": Status.INFO_REQUESTED},
        changes={"status": Status.IN_REVIEW},
        event={
            "kind": ApplicationEvent.Kind.PARENT_REPLIED,
            "from_status": Status.INFO_REQUESTED,
            "to_status": Status.IN_REVIEW,
            "message": message.strip(),
        },
    )
    return application
