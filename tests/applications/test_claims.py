"""Each claim of an application is decided on its own; the application's status follows; a
claim is made once per program, child and applicant; one that may have been made from other
answers is flagged."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps as django_apps
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse

from apps.applications.models import (
    Application,
    ApplicationEvent,
    Claim,
    ClaimStatus,
    Status,
    status_of,
)
from apps.applications.services import Decision, ReviewRefused, claims_decide, claims_step
from tests.applications.conftest import ADULT_ID, id_number

pytestmark = pytest.mark.django_db
HONGHE = "532501"  # 个旧市: three cash claims for a second child born 2024-06-01
HONGHE_CHILDREN = (("2021-03-02", None), ("2024-06-01", None))

S = ClaimStatus


@pytest.mark.parametrize(
    ("claims", "expected"),
    [
        ([S.SUBMITTED, S.SUBMITTED], Status.SUBMITTED),
        ([S.IN_REVIEW, S.SUBMITTED], Status.IN_REVIEW),
        ([S.APPROVED, S.INFO_REQUESTED, S.REJECTED], Status.INFO_REQUESTED),
        ([S.APPROVED, S.IN_REVIEW], Status.IN_REVIEW),
        ([S.APPROVED, S.REJECTED], Status.APPROVED),
        ([S.PAID, S.APPROVED], Status.APPROVED),
        ([S.PAID, S.REJECTED], Status.PAID),
        ([S.REJECTED, S.REJECTED], Status.REJECTED),
    ],
)
def test_the_application_status_follows_its_claims(claims, expected):
    assert status_of(claims) == expected


@pytest.fixture
def honghe(make_application, make_household, today):
    today("2024-08-01")
    household = make_household(jurisdiction=HONGHE, children=HONGHE_CHILDREN)
    return make_application(household=household, programs=())


@pytest.fixture
def honghe_caseworker(make_staff):
    return make_staff("caseworker", "532500")


def test_a_honghe_family_applies_for_three_claims(honghe):
    assert sorted(honghe.claims.values_list("program", flat=True)) == [
        "honghe-2023-birth-subsidy",
        "honghe-2023-childcare-allowance",
        "national-2025-childcare-subsidy",
    ]


def test_one_claim_approved_and_one_refused_leaves_the_third_open(honghe, honghe_caseworker):
    claims_step(application=honghe, step_name="take", actor=honghe_caseworker, version=1)
    birth, allowance, national = (
        honghe.claims.get(program__startswith=p)
        for p in ("honghe-2023-birth", "honghe-2023-childcare", "national")
    )

    claims_decide(
        application=honghe,
        decisions=[Decision(national, "approve"), Decision(allowance, "reject", "户口不在红河州")],
        actor=honghe_caseworker,
        version=honghe.version,
    )

    statuses = dict(honghe.claims.values_list("program", "status"))
    assert statuses == {
        birth.program: ClaimStatus.IN_REVIEW,
        allowance.program: ClaimStatus.REJECTED,
        national.program: ClaimStatus.APPROVED,
    }
    assert honghe.status == Status.IN_REVIEW
    allowance.refresh_from_db()
    assert (allowance.reason, allowance.decided_at is not None) == ("户口不在红河州", True)
    rows = honghe.events.filter(kind__in=("approved", "rejected")).order_by("id")
    assert [(e.claim_id, e.actor, e.message) for e in rows] == [
        (national.pk, honghe_caseworker, ""),
        (allowance.pk, honghe_caseworker, "户口不在红河州"),
    ]
    assert national.payments.count() == 30  # its instalments fall due
    assert not allowance.payments.exists()


def test_a_decision_a_claim_cannot_take_is_refused_naming_it_and_nothing_is_written(
    honghe, honghe_caseworker
):
    claims_step(application=honghe, step_name="take", actor=honghe_caseworker, version=1)
    first, second, _third = honghe.claims.all()
    claims_decide(
        application=honghe,
        decisions=[Decision(first, "approve")],
        actor=honghe_caseworker,
        version=honghe.version,
    )
    first.refresh_from_db()
    events = honghe.events.count()

    with pytest.raises(ReviewRefused, match=first.name):
        claims_decide(
            application=honghe,
            decisions=[Decision(second, "approve"), Decision(first, "reject", "重复")],
            actor=honghe_caseworker,
            version=honghe.version,
        )

    second.refresh_from_db()
    assert second.status == ClaimStatus.IN_REVIEW
    assert honghe.events.count() == events


def test_another_application_s_claim_cannot_be_decided_through_this_one(
    honghe, make_application, honghe_caseworker
):
    other = make_application(jurisdiction=HONGHE, programs=(), id_no=id_number(sequence="555"))
    with pytest.raises(PermissionDenied):
        claims_decide(
            application=honghe,
            decisions=[Decision(other.claims.first(), "approve")],
            actor=honghe_caseworker,
            version=honghe.version,
        )
    assert not other.claims.exclude(status=ClaimStatus.SUBMITTED).exists()


# --- The review page, claim by claim --------------------------------------------------------


def review_post(client, application, step="", message="", **claims):
    application.refresh_from_db()
    data = {
        "seen_version": application.version,
        "step": step,
        "message": message,
        "internal_note": application.internal_note,
    }
    for claim in application.claims.all():
        step_name, text = claims.get(claim.program.replace("-", "_"), ("", ""))
        data[f"claim_{claim.pk}_step"] = step_name
        data[f"claim_{claim.pk}_message"] = text
    return client.post(
        reverse("admin:applications_application_change", args=[application.pk]), data
    )


def test_deciding_a_claim_not_yet_taken_takes_the_application_first(
    client, honghe, honghe_caseworker
):
    client.force_login(honghe_caseworker)

    response = review_post(client, honghe, honghe_2023_birth_subsidy=("approve", ""))

    assert response.status_code == 302
    honghe.refresh_from_db()
    assert (honghe.status, honghe.assignee) == (Status.IN_REVIEW, honghe_caseworker)
    assert [e.kind for e in honghe.events.order_by("id")] == ["submitted", "taken", "approved"]


def test_a_refusal_without_a_reason_is_shown_by_its_line_and_nothing_typed_is_lost(
    client, honghe, honghe_caseworker
):
    client.force_login(honghe_caseworker)

    response = review_post(
        client,
        honghe,
        honghe_2023_birth_subsidy=("approve", ""),
        honghe_2023_childcare_allowance=("reject", ""),
        national_2025_childcare_subsidy=("request_info", "请上传户口簿"),
    )

    assert response.status_code == 200
    assert "不予批准时必须说明理由" in response.text
    assert "请上传户口簿" in response.text
    assert not honghe.claims.exclude(status=ClaimStatus.SUBMITTED).exists()


def test_one_decision_for_all_and_decisions_by_line_at_once_are_refused(
    client, honghe, honghe_caseworker
):
    client.force_login(honghe_caseworker)

    response = review_post(
        client, honghe, step="approve", honghe_2023_birth_subsidy=("reject", "理由")
    )

    assert "请只选一种" in response.text
    assert not honghe.claims.exclude(status=ClaimStatus.SUBMITTED).exists()


def test_one_decision_for_all_approves_every_claim(client, honghe, honghe_caseworker):
    client.force_login(honghe_caseworker)

    review_post(client, honghe, step="approve")

    assert set(honghe.claims.values_list("status", flat=True)) == {ClaimStatus.APPROVED}
    honghe.refresh_from_db()
    assert honghe.status == Status.APPROVED


def test_the_parent_sees_each_line_with_its_own_status(client, honghe, honghe_caseworker):
    claims_step(application=honghe, step_name="take", actor=honghe_caseworker, version=1)
    allowance = honghe.claims.get(program="honghe-2023-childcare-allowance")
    claims_decide(
        application=honghe,
        decisions=[Decision(allowance, "reject", "户口不在红河州")],
        actor=honghe_caseworker,
        version=honghe.version,
    )
    url = reverse(
        "applications:status", kwargs={"reference": honghe.reference, "secret": honghe.secret}
    )

    page = client.get(url).text

    assert page.count("审核中") >= 3  # the application and two lines
    assert "未获批准" in page and "理由：户口不在红河州" in page


# --- A claim is made once -------------------------------------------------------------------


def test_the_database_refuses_a_second_live_claim_whatever_the_code_checks(make_application):
    application = make_application()
    claim = application.claims.get()
    claim.pk = None
    claim.application = make_application(id_no=id_number(sequence="321"))

    claim.claimant_hash = application.id_number_hash
    with pytest.raises(IntegrityError), transaction.atomic():
        claim.save()


def test_a_refused_claim_leaves_room_for_a_new_one(make_application, gongshu_caseworker):
    first = make_application()
    claims_step(application=first, step_name="take", actor=gongshu_caseworker, version=1)
    claims_step(
        application=first, step_name="reject", actor=gongshu_caseworker, version=2, message="x"
    )

    second = make_application(household=first.household)

    assert second.claims.get().status == ClaimStatus.SUBMITTED


def test_the_same_child_under_another_program_from_other_answers_is_flagged(
    make_application, make_household
):
    """The same applicant's second set of answers, with the same second child, claims what the
    first did not: possibly the same child, possibly answers given twice."""
    make_application(programs=("gongshu-2023-childcare-grant",))
    again = make_household()

    second = make_application(household=again, programs=("national-2025-childcare-subsidy",))

    assert second.possible_duplicate
    assert not make_application(
        id_no=id_number(sequence="999"), programs=("gongshu-2023-childcare-grant",)
    ).possible_duplicate


def test_the_queue_marks_possible_duplicates_and_parents_who_replied(
    admin_client, make_application, make_household
):
    make_application()
    flagged = make_application(
        household=make_household(), programs=("national-2025-childcare-subsidy",)
    )

    response = admin_client.get(
        reverse("admin:applications_application_changelist"), {"possible_duplicate__exact": "1"}
    )

    assert [a.reference for a in response.context["cl"].result_list] == [flagged.reference]


def test_my_cases_are_the_ones_i_took(client, make_application, gongshu_caseworker, make_staff):
    mine = make_application()
    theirs = make_application(id_no=id_number(sequence="456"))
    colleague = make_staff("caseworker", "330100")
    claims_step(application=mine, step_name="take", actor=gongshu_caseworker, version=1)
    claims_step(application=theirs, step_name="take", actor=colleague, version=1)
    client.force_login(gongshu_caseworker)
    changelist = reverse("admin:applications_application_changelist")

    response = client.get(changelist, {"assignee": "me"})

    assert [a.reference for a in response.context["cl"].result_list] == [mine.reference]
    everything = client.get(changelist).text
    assert "育儿补助（拱墅）" in everything  # program names, not slugs
    assert "拱墅区" in everything  # places by name
    assert gongshu_caseworker.username in everything and colleague.username in everything


# --- Claims made before claims existed --------------------------------------------------------


def test_the_migration_keeps_the_first_of_a_claim_made_twice_and_refuses_the_later(
    make_application, make_household
):
    """Before the database said no, two households could claim the same child at once: the
    migration keeps the earlier claim and refuses the later on record, flagged for review."""
    migration = importlib.import_module(
        "apps.applications.migrations.0003_claims_payments_documents"
    )
    first = make_application()
    second = make_application(household=make_household(), id_no=id_number(sequence="888"))
    # As the race left them: the same applicant on both.
    Application.objects.filter(pk=second.pk).update(
        id_number=ADULT_ID, id_number_hash=first.id_number_hash
    )
    Claim.objects.update(child_date=None, claimant_hash="")

    migration.claims_fill(django_apps, None)

    assert first.claims.get().status == ClaimStatus.SUBMITTED
    later = second.claims.get()
    assert later.status == ClaimStatus.REJECTED
    assert first.reference in later.reason
    second.refresh_from_db()
    assert second.possible_duplicate
    assert second.events.filter(kind=ApplicationEvent.Kind.REJECTED, actor=None).exists()


def test_of_a_claim_made_twice_the_migration_keeps_the_one_already_approved(
    make_application, make_household
):
    migration = importlib.import_module(
        "apps.applications.migrations.0003_claims_payments_documents"
    )
    payments = importlib.import_module(
        "apps.applications.migrations.0004_payments_documents_notifications"
    )
    first = make_application()
    second = make_application(household=make_household(), id_no=id_number(sequence="888"))
    Application.objects.filter(pk=second.pk).update(
        id_number=ADULT_ID, id_number_hash=first.id_number_hash, status=Status.APPROVED
    )
    Claim.objects.update(child_date=None, claimant_hash="")

    migration.claims_fill(django_apps, None)
    payments.payments_for_approved_claims(django_apps, None)

    kept = second.claims.get()
    assert kept.status == ClaimStatus.APPROVED
    assert kept.payments.count() == 1  # it falls due, as an approval does now
    assert first.claims.get().status == ClaimStatus.REJECTED
    first.refresh_from_db()
    assert (first.status, first.possible_duplicate) == (Status.REJECTED, True)
