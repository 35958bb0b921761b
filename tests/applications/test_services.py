"""Submitting an application and the review's state machine, through the services."""

from __future__ import annotations

import hashlib
import importlib
import io
from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management import call_command

from apps.applications.models import Application, ApplicationEvent, ClaimStatus, Status
from apps.applications.payments import batch_create, batch_export, batch_lines_confirm
from apps.applications.selectors import application_by_secret
from apps.applications.services import (
    ReviewRefused,
    StaleVersion,
    application_note_update,
    application_parent_reply,
    application_submit,
    claims_step,
    id_number_digest,
)
from tests.applications.conftest import ADULT_ID, cash_keys, id_number

pytestmark = pytest.mark.django_db


def test_submitting_keeps_a_snapshot_of_answers_and_entitlements(make_application):
    application = make_application()

    assert application.reference.startswith("SQ-")
    assert application.status == Status.SUBMITTED
    assert application.programs == ["gongshu-2023-childcare-grant"]
    assert application.amount == Decimal("5000.00")
    assert application.answers["jurisdiction"] == "330105"
    assert [c["birth_date"] for c in application.answers["children"]] == [
        "2020-05-01",
        "2024-03-01",
    ]
    assert application.evaluation["rules_version"] == application.rules_version
    grant = [
        e
        for e in application.evaluation["entitlements"]
        if e["program"] == "gongshu-2023-childcare-grant" and e["eligible"]
    ]
    assert grant[0]["amount"] == "5000.00"
    claim = application.claims.get()
    assert (claim.amount, claim.status) == (Decimal("5000.00"), ClaimStatus.SUBMITTED)
    assert (claim.child_date, claim.twin) == (date(2024, 3, 1), 0)
    assert claim.claimant_hash == application.id_number_hash
    assert claim.schedule == [{"start": "2024-03-01", "end": None, "amount": "5000.00"}]
    assert application.id_number_masked == ADULT_ID[:4] + "*" * 10 + ADULT_ID[-4:]
    assert application.events.get().kind == ApplicationEvent.Kind.SUBMITTED


def test_the_secret_is_not_stored_only_its_digest(make_application):
    application = make_application()

    assert application.secret not in application.secret_hash
    assert application.secret_hash == hashlib.sha256(application.secret.encode()).hexdigest()
    assert application_by_secret(reference=application.reference, secret=application.secret)
    assert application_by_secret(reference=application.reference, secret="guess") is None


def test_the_id_number_digest_is_keyed_not_a_plain_hash(make_application, settings):
    """A plain SHA-256 of an ID number is reversed by trying the few billion possible numbers;
    the keyed digest is not, without SECRET_KEY."""
    application = make_application()

    assert application.id_number_hash != hashlib.sha256(ADULT_ID.encode()).hexdigest()
    assert application.id_number_hash == id_number_digest(ADULT_ID.lower())
    settings.SECRET_KEY = "another-key-" + "x" * 50
    assert id_number_digest(ADULT_ID) != application.id_number_hash


def test_after_a_new_secret_key_the_digests_are_worked_out_again(make_application, settings):
    application = make_application()
    settings.SECRET_KEY = "another-key-" + "x" * 50
    out = io.StringIO()

    call_command("rehash_id_numbers", stdout=out)

    application.refresh_from_db()
    assert application.id_number_hash == id_number_digest(ADULT_ID)
    assert out.getvalue().startswith("1 ID number digests")
    with pytest.raises(ValidationError):  # the same applicant is recognised again
        make_application()  # a new household, the same applicant


def test_the_migration_turns_plain_hashes_into_keyed_digests(make_application):
    migration = importlib.import_module("apps.applications.migrations.0002_id_number_hmac")
    application = make_application()
    Application.objects.update(id_number_hash=hashlib.sha256(ADULT_ID.encode()).hexdigest())

    migration.rehash(django_apps, None)

    application.refresh_from_db()
    assert application.id_number_hash == id_number_digest(ADULT_ID)


# (from status, step, to status) for every step a claim allows: the application here has one
# claim, so its status is the claim's.
ALLOWED = [
    (Status.SUBMITTED, "take", Status.IN_REVIEW),
    # Another caseworker may take over an open application.
    (Status.IN_REVIEW, "take", Status.IN_REVIEW),
    (Status.INFO_REQUESTED, "take", Status.INFO_REQUESTED),
    (Status.IN_REVIEW, "request_info", Status.INFO_REQUESTED),
    (Status.IN_REVIEW, "approve", Status.APPROVED),
    (Status.IN_REVIEW, "reject", Status.REJECTED),
    (Status.INFO_REQUESTED, "resume", Status.IN_REVIEW),
]
STEPS = ["take", "request_info", "resume", "approve", "reject"]
REFUSED = [
    (status, step)
    for status in Status
    for step in STEPS
    if (status, step) not in {(s, st) for s, st, _t in ALLOWED}
]


def step_now(application, step, actor, message=""):
    return claims_step(
        application=application,
        step_name=step,
        actor=actor,
        version=application.version,
        message=message,
    )


def pay_everything(application, officer=None):
    """A payment run of everything due, exported and confirmed paid."""
    officer = officer or get_user_model().objects.create_superuser("payer", "p@example.cn", "x")
    batch = batch_create(user=officer, up_to=date(2100, 1, 1))
    batch_export(batch=batch, user=officer)
    batch_lines_confirm(lines=batch.lines.all(), paid=True, user=officer)
    application.refresh_from_db()


def _bring_to(application, status, actor):
    path = {
        Status.SUBMITTED: [],
        Status.IN_REVIEW: ["take"],
        Status.INFO_REQUESTED: ["take", "request_info"],
        Status.APPROVED: ["take", "approve"],
        Status.REJECTED: ["take", "reject"],
        Status.PAID: ["take", "approve"],
    }[status]
    for step in path:
        step_now(
            application, step, actor, "请补充户口本" if step in ("request_info", "reject") else ""
        )
    if status == Status.PAID:
        pay_everything(application)
    return application


@pytest.mark.parametrize(("source", "step", "target"), ALLOWED)
def test_an_allowed_step_moves_the_application_and_is_audited(
    make_application, gongshu_caseworker, source, step, target
):
    application = _bring_to(make_application(), source, gongshu_caseworker)
    version = application.version

    claims_step(
        application=application,
        step_name=step,
        actor=gongshu_caseworker,
        version=version,
        message="理由" if step in ("request_info", "reject") else "",
    )

    assert application.status == target
    assert application.version == version + 1
    last = application.events.order_by("-id").first()
    assert (last.actor, last.from_status, last.to_status) == (gongshu_caseworker, source, target)


@pytest.mark.parametrize(("source", "step"), REFUSED)
def test_a_step_that_makes_no_sense_is_refused_and_changes_nothing(
    make_application, gongshu_caseworker, source, step
):
    application = _bring_to(make_application(), source, gongshu_caseworker)
    events = application.events.count()

    with pytest.raises(ReviewRefused, match=r"不能|没有可以"):
        claims_step(
            application=application,
            step_name=step,
            actor=gongshu_caseworker,
            version=application.version,
            message="理由",
        )

    application.refresh_from_db()
    assert application.status == source
    assert application.events.count() == events


@pytest.mark.parametrize("step", ["reject", "request_info"])
def test_rejecting_or_asking_needs_a_message(make_application, gongshu_caseworker, step):
    application = _bring_to(make_application(), Status.IN_REVIEW, gongshu_caseworker)

    with pytest.raises(ReviewRefused):
        claims_step(application=application, step_name=step, actor=gongshu_caseworker, version=2)


def test_the_parent_reply_resumes_the_review(make_application, gongshu_caseworker):
    application = _bring_to(make_application(), Status.INFO_REQUESTED, gongshu_caseworker)

    application_parent_reply(application=application, message="已上传户口本")

    assert application.status == Status.IN_REVIEW
    reply = application.events.order_by("-id").first()
    assert (reply.kind, reply.actor, reply.message) == ("parent_replied", None, "已上传户口本")


def test_the_parent_cannot_reply_when_nothing_was_asked(make_application):
    with pytest.raises(ReviewRefused):
        application_parent_reply(application=make_application(), message="你好")


def test_a_stale_version_is_refused_and_the_other_change_stays(
    make_application, gongshu_caseworker, make_staff
):
    application = make_application()
    other = make_staff("caseworker", "330100")
    seen_by_both = application.version
    claims_step(application=application, step_name="take", actor=other, version=seen_by_both)

    with pytest.raises(StaleVersion, match="此申请已被他人修改，请刷新后重试"):
        application_note_update(
            application=application, actor=gongshu_caseworker, version=seen_by_both, note="x"
        )

    application.refresh_from_db()
    assert application.status == Status.IN_REVIEW
    assert application.internal_note == ""
    assert application.events.last().actor == other


# --- Nothing is applied for twice -----------------------------------------------------------


def test_the_same_applicant_cannot_apply_again_from_new_answers(make_application, make_household):
    """Starting the questionnaire again does not make the same child's grant new."""
    first = make_application()

    with pytest.raises(ValidationError) as refused:
        make_application(household=make_household())

    assert first.reference in str(refused.value)
    assert "育儿补助（拱墅）" in str(refused.value)
    assert Application.objects.count() == 1


def test_another_applicant_cannot_apply_again_for_the_same_household(make_application):
    first = make_application()

    with pytest.raises(ValidationError):
        make_application(household=first.household, id_no=id_number(sequence="777"))
    assert Application.objects.count() == 1


def test_a_refused_application_may_be_made_again(make_application, gongshu_caseworker):
    first = make_application()
    _bring_to(first, Status.REJECTED, gongshu_caseworker)

    second = make_application(household=first.household)

    assert second.reference != first.reference
    assert Application.objects.count() == 2


def test_each_twin_is_a_claim_of_its_own(make_household, make_application):
    """Twins born the same day are two children: applying for one leaves the other open."""
    household = make_household(
        children=(("2020-05-01", None), ("2024-03-01", None), ("2024-03-01", None))
    )
    keys = cash_keys(household, ("gongshu-2023-childcare-grant",))
    assert len(keys) == 2  # the second and the third child

    application_submit(
        household=household,
        applicant_name="王小红",
        id_number=ADULT_ID,
        phone="13800138000",
        bank_account="6222020200112233446",
        entitlement_keys=keys[:1],
        consent_text="同意",
    )
    second, _secret = application_submit(
        household=household,
        applicant_name="王小红",
        id_number=ADULT_ID,
        phone="13800138000",
        bank_account="6222020200112233446",
        entitlement_keys=keys[1:],
        consent_text="同意",
    )

    assert keys == [
        "gongshu-2023-childcare-grant:2024-03-01:0:",
        "gongshu-2023-childcare-grant:2024-03-01:1:",
    ]
    assert [(c.child, c.twin) for c in second.claims.all()] == [(2, 1)]  # the second twin
