"""Issue 11's Done-when, through the pages each person uses: a 红河 family applies for three
claims; the caseworker approves one, refuses one and asks for a document for the third; the
parent uploads it and is told; the line is approved; two instalments fall due and are paid in
two payment runs; the bank file of a run is exported once; the audit shows each step."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from apps.applications.models import (
    Application,
    ApplicationEvent,
    BatchEvent,
    ClaimStatus,
    Payment,
    PaymentBatch,
    Status,
)
from apps.applications.sms import LocmemBackend
from tests.applications.conftest import ADULT_ID

pytestmark = pytest.mark.django_db
GEJIU = "532501"  # 个旧市, 红河州
BIRTH = "honghe-2023-birth-subsidy"  # one-off, 2,000 yuan
NATIONAL = "national-2025-childcare-subsidy"  # 300 yuan a month from January 2025
ALLOWANCE = "honghe-2023-childcare-allowance"  # 800 yuan a year
PDF = b"%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def change_url(application):
    return reverse("admin:applications_application_change", args=[application.pk])


def decide(client, application, decisions, step=""):
    """The review form as a caseworker posts it: a decision and a message per claim."""
    application.refresh_from_db()
    data = {
        "seen_version": application.version,
        "step": step,
        "message": "",
        "internal_note": application.internal_note,
    }
    for claim in application.claims.all():
        step_name, message = decisions.get(claim.program, ("", ""))
        data[f"claim_{claim.pk}_step"] = step_name
        data[f"claim_{claim.pk}_message"] = message
    return client.post(change_url(application), data)


def test_done_when_a_honghe_application_decided_line_by_line_and_paid_in_two_runs(
    client,
    make_household,
    make_staff,
    today,
    django_capture_on_commit_callbacks,
):
    today("2024-08-01")
    household = make_household(
        jurisdiction=GEJIU, children=(("2021-03-02", None), ("2024-06-01", None))
    )
    parent = client
    parent.post(reverse("households:resume", args=[household.token]))
    apply_page = reverse("applications:apply")
    keys = parent.get(apply_page).context["form"].fields["entitlements"].initial
    assert sorted(key.split(":")[0] for key in keys) == sorted([BIRTH, NATIONAL, ALLOWANCE])
    assert "孩子的出生医学证明" in parent.get(apply_page).text  # what to have ready

    with django_capture_on_commit_callbacks(execute=True):
        response = parent.post(
            apply_page,
            {
                "entitlements": keys,
                "applicant_name": "李春花",
                "id_number": ADULT_ID,
                "phone": "13900139000",
                "email": "chunhua@example.cn",
                "bank_account": "6222020200112233446",
                "consent": "on",
            },
        )
    status_page = response["Location"]
    application = Application.objects.get()
    assert application.claims.count() == 3
    assert mail.outbox[-1].to == ["chunhua@example.cn"]
    assert "我们收到了您的申请" in mail.outbox[-1].body
    assert LocmemBackend.outbox[-1].to == "13900139000"

    # The caseworker: one approved, one refused, one waiting for a document.
    caseworker = client.__class__()
    caseworker.force_login(make_staff("caseworker", "532500"))
    today("2024-08-05")
    with django_capture_on_commit_callbacks(execute=True):
        decided = decide(
            caseworker,
            application,
            {
                NATIONAL: ("approve", ""),
                ALLOWANCE: ("reject", "孩子的户口尚未登记在红河州，不符合育儿补助的条件。"),
                BIRTH: ("request_info", "请上传孩子的出生医学证明。"),
            },
        )
    assert decided.status_code == 302, decided.context["adminform"].form.errors
    claims = {c.program: c for c in application.claims.all()}
    assert {p: c.status for p, c in claims.items()} == {
        NATIONAL: ClaimStatus.APPROVED,
        ALLOWANCE: ClaimStatus.REJECTED,
        BIRTH: ClaimStatus.INFO_REQUESTED,
    }
    application.refresh_from_db()
    assert application.status == Status.INFO_REQUESTED
    told = mail.outbox[-1].body
    assert "需要您补充信息或材料" in told and "请上传孩子的出生医学证明" in told
    assert "未获批准" in told and "行政复议" in told  # the refusal, and how to contest it
    page = parent.get(status_page).text
    assert "请上传孩子的出生医学证明" in page and "孩子的户口尚未登记在红河州" in page

    # The parent uploads the certificate; the line goes back under review; they are told.
    today("2024-08-06")
    with django_capture_on_commit_callbacks(execute=True):
        uploaded = parent.post(
            status_page,
            {
                "form": "document",
                "document-title": "孩子的出生医学证明",
                "document-file": SimpleUploadedFile("出生证明.pdf", PDF, "application/pdf"),
            },
        )
    assert uploaded.status_code == 302
    document = application.documents.get()
    assert (document.title, document.content_type, document.size) == (
        "孩子的出生医学证明",
        "application/pdf",
        len(PDF),
    )
    claims[BIRTH].refresh_from_db()
    assert claims[BIRTH].status == ClaimStatus.IN_REVIEW
    application.refresh_from_db()
    assert (application.status, application.parent_replied) == (Status.IN_REVIEW, True)
    assert "已收到您上传的材料" in parent.get(status_page).text
    notified = application.notifications.filter(event__kind=ApplicationEvent.Kind.DOCUMENT)
    assert not notified.exists()  # the parent is not told of their own upload ...
    queue = caseworker.get(
        reverse("admin:applications_application_changelist"), {"parent_replied__exact": "1"}
    )
    assert application.reference in queue.text  # ... the caseworker sees they replied

    viewed = caseworker.get(
        reverse("admin:applications_application_document", args=[application.pk, document.pk])
    )
    assert viewed["Content-Type"] == "application/pdf"
    assert b"".join(viewed.streaming_content) == PDF
    with django_capture_on_commit_callbacks(execute=True):
        decide(caseworker, application, {BIRTH: ("approve", "")})
    claims[BIRTH].refresh_from_db()
    assert claims[BIRTH].status == ClaimStatus.APPROVED
    assert f"“{claims[BIRTH].name}”已获批准" in mail.outbox[-1].body

    # Payment runs: the grant and January's instalment, then February's.
    officer = client.__class__()
    officer.force_login(make_staff("payment", "532500"))
    run = reverse("admin:applications_paymentbatch_run")
    today("2025-01-05")
    officer.post(run, {"due_up_to": "2025-01-31"})
    january = PaymentBatch.objects.get()
    assert sorted(line.amount for line in january.lines.all()) == [Decimal(300), Decimal(2000)]
    export = reverse("admin:applications_paymentbatch_export", args=[january.pk])
    bank_file = officer.post(export)
    rows = list(csv.reader(io.StringIO(bank_file.content.decode("utf-8-sig"))))
    assert rows[0] == ["明细编号", "收款人姓名", "收款账号", "金额（元）", "申请编号", "发放期间"]
    assert {row[2] for row in rows[1:]} == {"6222020200112233446"}  # whole, for the bank
    again = officer.post(export, follow=True)
    assert "已经导出过" in again.text  # a second export is refused ...
    assert not again.get("Content-Disposition")
    with django_capture_on_commit_callbacks(execute=True):
        officer.post(
            reverse("admin:applications_paymentbatch_confirm", args=[january.pk]),
            {"lines": [line.pk for line in january.lines.all()], "result": "paid"},
        )
    assert "一笔款项已发放" in mail.outbox[-1].body

    today("2025-02-03")
    officer.post(run, {"due_up_to": "2025-02-28"})
    february = PaymentBatch.objects.exclude(pk=january.pk).get()
    assert [line.amount for line in february.lines.all()] == [Decimal(300)]
    officer.post(reverse("admin:applications_paymentbatch_export", args=[february.pk]))
    officer.post(
        reverse("admin:applications_paymentbatch_confirm", args=[february.pk]),
        {"lines": [line.pk for line in february.lines.all()], "result": "paid"},
    )

    paid = Payment.objects.filter(state=Payment.State.PAID)
    assert sorted((p.period_start.isoformat(), p.due_on.isoformat()) for p in paid) == [
        ("2024-06-01", "2024-08-06"),  # the one-off grant, for the birth, due from its approval
        ("2025-01-01", "2025-01-01"),
        ("2025-02-01", "2025-02-01"),
    ]
    assert Payment.objects.filter(state=Payment.State.DUE).count() == 28  # the rest, each due later
    # ... and the audit shows each step, by whom.
    assert [e.kind for e in BatchEvent.objects.filter(batch=january)] == [
        "created",
        "exported",
        "export_refused",
        "line_paid",
        "line_paid",
    ]
    steps = [
        (e.kind, e.claim.program if e.claim else None)
        for e in application.events.select_related("claim").order_by("id")
    ]
    assert steps[:2] == [("submitted", None), ("taken", None)]
    assert sorted(steps[2:5]) == [
        ("approved", NATIONAL),
        ("info_requested", BIRTH),
        ("rejected", ALLOWANCE),
    ]
    assert steps[5:] == [
        ("document", None),
        ("approved", BIRTH),
        ("paid", BIRTH),
        ("paid", NATIONAL),
        ("paid", NATIONAL),
    ]
    history = caseworker.get(change_url(application)).text
    assert "拒绝再次导出" not in history  # batch steps are on the batch's page
    assert "申请人上传材料" in history and "款项已发放" in history
