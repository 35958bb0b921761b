"""Submitting an application and the review's state machine, through the services."""

from __future__ import annotations

from decimal import Decimal

import pytest

from apps.applications.models import ApplicationEvent, Status
from apps.applications.services import (
    ReviewRefused,
    StaleVersion,
    application_note_update,
    application_parent_reply,
    application_step,
)
from tests.applications.conftest import ADULT_ID

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
    assert application.items.get().amount == Decimal("5000.00")
    assert application.id_number_masked == ADULT_ID[:4] + "*" * 10 + ADULT_ID[-4:]
    assert application.events.get().kind == ApplicationEvent.Kind.SUBMITTED


def test_the_secret_is_not_stored(make_application):
    application = make_application()

    assert application.secret not in application.secret_hash


# (from status, step, to status) for every step the review allows.
ALLOWED = [
    (Status.SUBMITTED, "take", Status.IN_REVIEW),
    (Status.IN_REVIEW, "request_info", Status.INFO_REQUESTED),
    (Status.IN_REVIEW, "approve", Status.APPROVED),
    (Status.IN_REVIEW, "reject", Status.REJECTED),
    (Status.INFO_REQUESTED, "resume", Status.IN_REVIEW),
    (Status.APPROVED, "mark_paid", Status.PAID),
]
STEPS = ["take", "request_info", "resume", "approve", "reject", "mark_paid"]
REFUSED = [
    (status, step)
    for status in Status
    for step in STEPS
    if (status, step) not in {(s, st) for s, st, _t in ALLOWED}
]


def _bring_to(application, status, actor):
    path = {
        Status.SUBMITTED: [],
        Status.IN_REVIEW: ["take"],
        Status.INFO_REQUESTED: ["take", "request_info"],
        Status.APPROVED: ["take", "approve"],
        Status.REJECTED: ["take", "reject"],
        Status.PAID: ["take", "approve", "mark_paid"],
    }[status]
    for step in path:
        application_step(
            application=application,
            step_name=step,
            actor=actor,
            version=application.version,
            message="请补充户口本" if step in ("request_info", "reject") else "",
        )
    return application


@pytest.mark.parametrize(("source", "step", "target"), ALLOWED)
def test_an_allowed_step_moves_the_application_and_is_audited(
    make_application, gongshu_caseworker, source, step, target
):
    application = _bring_to(make_application(), source, gongshu_caseworker)
    version = application.version

    application_step(
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

    with pytest.raises(ReviewRefused, match="不能"):
        application_step(
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
        application_step(
            application=application, step_name=step, actor=gongshu_caseworker, version=2
        )


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
    application_step(application=application, step_name="take", actor=other, version=seen_by_both)

    with pytest.raises(StaleVersion, match="此申请已被他人修改，请刷新后重试"):
        application_note_update(
            application=application, actor=gongshu_caseworker, version=seen_by_both, note="x"
        )

    application.refresh_from_db()
    assert application.status == Status.IN_REVIEW
    assert application.internal_note == ""
    assert application.events.last().actor == other
