"""Paying approved claims: instalments on their schedule, payment runs of what is due, the bank
file exported once by a payment officer, lines confirmed paid or failed, nothing paid twice."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from apps.applications.models import BatchLine, ClaimStatus, Payment, PaymentBatch, Status
from apps.applications.payments import (
    PaymentRefused,
    batch_create,
    batch_export,
    batch_lines_confirm,
    payments_due,
)
from apps.applications.services import claims_step

pytestmark = pytest.mark.django_db
HONGHE = "532501"
NATIONAL = "national-2025-childcare-subsidy"


@pytest.fixture
def approved(make_application, make_household, make_staff, today):
    """A 红河 second child born 2024-06-01: the national subsidy approved on 2024-08-05, 300
    yuan a month from January 2025 for 30 months."""
    today("2024-08-01")
    household = make_household(
        jurisdiction=HONGHE, children=(("2021-03-02", None), ("2024-06-01", None))
    )
    application = make_application(household=household, programs=(NATIONAL,))
    caseworker = make_staff("caseworker", "532500")
    today("2024-08-05")
    claims_step(application=application, step_name="take", actor=caseworker, version=1)
    claims_step(application=application, step_name="approve", actor=caseworker, version=2)
    return application


@pytest.fixture
def officer(make_staff):
    return make_staff("payment", "532500")


def test_an_approved_allowance_falls_due_month_by_month(approved):
    payments = list(Payment.objects.filter(claim__application=approved).order_by("due_on"))

    assert len(payments) == 30
    assert (payments[0].period_start, payments[0].period_end) == (
        date(2025, 1, 1),
        date(2025, 2, 1),
    )
    assert [p.due_on for p in payments[:3]] == [
        date(2025, 1, 1),
        date(2025, 2, 1),
        date(2025, 3, 1),
    ]
    assert {p.amount for p in payments} == {Decimal(300)}
    assert sum(p.amount for p in payments) == approved.claims.get().amount


def test_a_run_takes_only_what_is_due_by_its_day(approved, officer):
    batch = batch_create(user=officer, up_to=date(2025, 3, 31))

    assert [line.payment.period_start for line in batch.lines.order_by("id")] == [
        date(2025, 1, 1),
        date(2025, 2, 1),
        date(2025, 3, 1),
    ]
    assert (
        payments_due(user=officer, up_to=date(2025, 3, 31)).count() == 0
    )  # none left for another run


def test_a_second_run_does_not_take_what_a_batch_holds(approved, officer):
    batch_create(user=officer, up_to=date(2025, 1, 31))

    with pytest.raises(PaymentRefused, match="没有待发放的款项"):
        batch_create(user=officer, up_to=date(2025, 1, 31))
    assert BatchLine.objects.count() == 1


def test_the_bank_file_is_exported_once_and_the_refusal_is_on_record(approved, officer):
    batch = batch_create(user=officer, up_to=date(2025, 1, 31))
    bank_file = batch_export(batch=batch, user=officer)

    with pytest.raises(PaymentRefused, match="已经导出过"):
        batch_export(batch=batch, user=officer)

    assert "6222020200112233446" in bank_file
    assert "王小红" in bank_file and "300.00" in bank_file
    assert [e.kind for e in batch.events.order_by("id")] == [
        "created",
        "exported",
        "export_refused",
    ]


def test_only_a_payment_officer_may_export_the_bank_file(approved, officer, gongshu_caseworker):
    batch = batch_create(user=officer, up_to=date(2025, 1, 31))
    caseworker = approved.assignee

    with pytest.raises(PermissionDenied):
        batch_export(batch=batch, user=caseworker)
    batch.refresh_from_db()
    assert batch.exported_at is None


def test_the_export_page_refuses_a_caseworker(client, approved, officer):
    batch = batch_create(user=officer, up_to=date(2025, 1, 31))
    client.force_login(approved.assignee)

    response = client.post(reverse("admin:applications_paymentbatch_export", args=[batch.pk]))

    assert response.status_code in (403, 404)
    batch.refresh_from_db()
    assert batch.exported_at is None


def test_lines_are_confirmed_only_after_the_export(approved, officer):
    batch = batch_create(user=officer, up_to=date(2025, 1, 31))

    with pytest.raises(PaymentRefused, match="还没有导出"):
        batch_lines_confirm(lines=batch.lines.all(), paid=True, user=officer)


def test_a_failed_line_comes_back_due_and_is_paid_once_by_a_later_run(approved, officer):
    first = batch_create(user=officer, up_to=date(2025, 1, 31))
    batch_export(batch=first, user=officer)
    batch_lines_confirm(lines=first.lines.all(), paid=False, user=officer, note="账户已注销")
    payment = Payment.objects.get(period_start=date(2025, 1, 1))
    assert payment.state == Payment.State.DUE
    assert approved.events.filter(kind="payment_failed").count() == 1

    second = batch_create(user=officer, up_to=date(2025, 1, 31))
    batch_export(batch=second, user=officer)
    batch_lines_confirm(lines=second.lines.all(), paid=True, user=officer)
    batch_lines_confirm(lines=second.lines.all(), paid=True, user=officer)  # a double click

    payment.refresh_from_db()
    assert payment.state == Payment.State.PAID
    assert [line.result for line in payment.batch_lines.order_by("id")] == ["failed", "paid"]
    assert approved.events.filter(kind="paid").count() == 1


def test_a_claim_is_paid_when_every_instalment_is(approved, officer):
    batch = batch_create(user=officer, up_to=date(2027, 12, 31))
    batch_export(batch=batch, user=officer)

    batch_lines_confirm(lines=batch.lines.all(), paid=True, user=officer)

    assert approved.claims.get().status == ClaimStatus.PAID
    approved.refresh_from_db()
    assert approved.status == Status.PAID


def test_an_officer_of_another_place_sees_none_of_it(approved, make_staff):
    elsewhere = make_staff("payment", "330105")

    assert payments_due(user=elsewhere, up_to=date(2030, 1, 1)).count() == 0
    with pytest.raises(PaymentRefused):
        batch_create(user=elsewhere, up_to=date(2030, 1, 1))


def test_the_batch_pages_work_for_the_officer(client, approved, officer, today):
    today("2025-02-10")
    client.force_login(officer)
    run = reverse("admin:applications_paymentbatch_run")

    form = client.get(run)
    made = client.post(run, {"due_up_to": "2025-02-28"}, follow=True)
    wrong = client.post(run, {"due_up_to": "no day"})

    assert "2笔，合计600元" in form.text  # due by today, before choosing the day
    batch = PaymentBatch.objects.get()
    assert batch.reference in made.text and "导出银行发放文件" in made.text
    assert wrong.status_code == 200 and "errornote" in wrong.text
    listing = client.get(reverse("admin:applications_paymentbatch_changelist"))
    assert batch.reference in listing.text
    payments = client.get(reverse("admin:applications_payment_changelist"))
    assert approved.reference in payments.text
