"""The parent's side: applying from the results, the status page, and the whole path from
application to payment, including the 拱墅 Done-when scenario."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.urls import reverse

from apps.applications.models import Application, PaymentBatch, Status
from apps.applications.services import application_submit, claims_step
from apps.benefits.services import entitlements_compute
from apps.households.selectors import household_family
from tests.applications.conftest import ADULT_ID, id_number
from tests.applications.test_admin import downloaded

pytestmark = pytest.mark.django_db
GRANT = "gongshu-2023-childcare-grant"
GRANT_KEY = f"{GRANT}:2024-03-01:0:"  # the grant for the fixture's child born 2024-03-01


def apply_url(client, household) -> str:
    """The apply page, for these answers taken into this client's session (as resuming does)."""
    client.post(reverse("households:resume", args=[household.token]))
    return reverse("applications:apply")


def answers(**changes):
    return {
        "entitlements": [GRANT_KEY],
        "applicant_name": "王小红",
        "id_number": ADULT_ID,
        "phone": "13800138000",
        "bank_account": "6222020200112233446",
        "consent": "on",
    } | changes


def test_the_apply_page_offers_the_cash_entitlements_all_ticked(client, make_household):
    response = client.get(apply_url(client, make_household()))

    assert response.status_code == 200
    form = response.context["form"]
    assert GRANT_KEY in form.fields["entitlements"].initial
    assert "育儿补助（拱墅）：5,000元（申请截止：2024年8月28日）" in response.text
    assert "产假" not in response.text  # leave is not money to apply for


def test_what_can_no_longer_be_claimed_is_not_offered_nor_taken(client, make_household, today):
    """杭州市育儿补助实施办法 一（二）4: within 180 days of the birth (2024-03-01)."""
    household = make_household()
    today("2024-08-29")
    offered = (
        client.get(apply_url(client, household)).context["form"].fields["entitlements"].choices
    )
    assert not [key for key, _label in offered if key.startswith(("gongshu", "hangzhou"))]
    with pytest.raises(ValidationError):
        application_submit(
            household=household,
            applicant_name="王小红",
            id_number=ADULT_ID,
            phone="13800138000",
            bank_account="6222020200112233446",
            entitlement_keys=[GRANT_KEY],
            consent_text="同意",
        )


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("id_number", ADULT_ID[:-1] + ("0" if ADULT_ID[-1] != "0" else "1"), "校验位"),
        ("id_number", "12345", "18位"),
        ("id_number", id_number(born="20990101"), "晚于今天"),
        ("id_number", id_number(born=f"{date.today().year - 10}0101"), "成年人"),
        ("phone", "2380013800", "以1开头的11位"),
        ("bank_account", "12345", "12至30位"),
        ("bank_account", "6222020200112233445", "校验位"),
        ("applicant_name", "", "请填写申请人姓名"),
        ("applicant_name", '=HYPERLINK("http://x","王")', "不要以 = + - @ 等符号开头"),
        ("applicant_name", "@SUM(1)", "不要以 = + - @ 等符号开头"),
        ("consent", "", "同意声明"),
        ("entitlements", [], "至少选择一项"),
    ],
)
def test_a_wrong_answer_is_shown_at_the_top_and_by_its_field_and_nothing_is_lost(
    client, make_household, field, value, message
):
    data = answers(**{field: value})
    if field == "consent":
        del data["consent"]

    response = client.post(apply_url(client, make_household()), data)

    assert response.status_code == 422
    assert "请修改以下问题" in response.text
    assert message in str(response.context["form"].errors[field])
    kept = "王小红" if field != "applicant_name" else "13800138000"
    assert kept in response.text  # what was typed is shown back
    assert Application.objects.count() == 0


def test_a_bank_account_not_of_a_card_is_checked_for_format_only(client, make_household):
    response = client.post(
        apply_url(client, make_household()), answers(bank_account="1202020209000012345")
    )

    assert response.status_code == 302


def test_applying_leads_to_a_status_page_with_a_reference(client, make_household):
    response = client.post(apply_url(client, make_household()), answers(), follow=True)

    application = Application.objects.get()
    assert application.reference in response.text
    assert "已提交" in response.text
    assert ADULT_ID not in response.redirect_chain[0][0]
    assert application.reference in response.redirect_chain[0][0]


def test_a_wrong_secret_finds_nothing(client, make_application):
    application = make_application()
    url = reverse(
        "applications:status", kwargs={"reference": application.reference, "secret": "guess"}
    )

    assert client.get(url).status_code == 404


def test_the_results_page_offers_to_apply_only_when_there_is_money(make_household):
    eligible = make_household()
    first_child_only = make_household(children=(("2020-05-01", None),), jurisdiction="110101")

    def cta(household):
        evaluation = entitlements_compute(
            family=household_family(household=household),
            jurisdiction=household.jurisdiction_id,
            as_of=date.today(),
        )
        return render_to_string(
            "applications/_apply_cta.html", {"household": household, "evaluation": evaluation}
        )

    assert reverse("applications:apply") in cta(eligible)
    assert cta(first_child_only).strip() == ""


# --- The whole path and the Done-when scenario ------------------------------------------------


def status_url(application) -> str:
    return reverse(
        "applications:status",
        kwargs={"reference": application.reference, "secret": application.secret},
    )


def review(client, application, step, message=""):
    application.refresh_from_db()
    return client.post(
        reverse("admin:applications_application_change", args=[application.pk]),
        {
            "seen_version": application.version,
            "step": step,
            "message": message,
            "internal_note": application.internal_note,
        },
    )


def test_done_when_gongshu_childcare_grant_from_application_to_payment(
    client, make_household, gongshu_caseworker, qingyuan_caseworker, make_staff
):
    """A 拱墅 parent applies for 育儿补助 for a second child born in 2024 with 拱墅 hukou; a 拱墅
    caseworker asks for more, the parent answers, the caseworker approves; 庆元 never sees it;
    the list export holds it with the ID masked; a payment run pays it."""
    payment_officer = make_staff("payment", "330100")
    household = make_household(children=(("2020-05-01", None), ("2024-03-01", "330105")))
    parent = client
    response = parent.post(apply_url(parent, household), answers(), follow=True)
    status_page = response.redirect_chain[-1][0]
    application = Application.objects.get()
    assert application.programs == [GRANT]
    assert "已提交" in parent.get(status_page).text

    caseworker = client.__class__()
    caseworker.force_login(gongshu_caseworker)
    review(caseworker, application, "take")
    assert "审核中" in parent.get(status_page).text
    review(caseworker, application, "request_info", "请补充孩子的出生医学证明编号")

    page = parent.get(status_page).text
    assert "待补充材料" in page
    assert "请补充孩子的出生医学证明编号" in page
    parent.post(status_page, {"form": "reply", "reply-message": "出生医学证明编号 Q330123456"})
    page = parent.get(status_page).text
    assert "审核中" in page and "出生医学证明编号 Q330123456" in page

    review(caseworker, application, "approve")
    assert "已批准" in parent.get(status_page).text

    qingyuan = client.__class__()
    qingyuan.force_login(qingyuan_caseworker)
    changelist = reverse("admin:applications_application_changelist")
    assert application.reference not in qingyuan.get(changelist).text
    change = reverse("admin:applications_application_change", args=[application.pk])
    assert qingyuan.get(change).status_code == 404
    export = reverse("admin:applications_application_export")
    assert application.reference not in downloaded(qingyuan.get(export)).decode("utf-8-sig")

    listed = downloaded(caseworker.get(export)).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(listed)))
    assert rows[1][0] == application.reference
    assert rows[1][2] == ADULT_ID[:4] + "**********" + ADULT_ID[-4:]
    assert (rows[1][5], rows[1][7]) == ("育儿补助（拱墅）", "5000.00")

    officer = client.__class__()
    officer.force_login(payment_officer)
    officer.post(reverse("admin:applications_paymentbatch_run"), {"due_up_to": "2024-06-01"})
    batch = PaymentBatch.objects.get()
    bank_file = officer.post(reverse("admin:applications_paymentbatch_export", args=[batch.pk]))
    assert "6222020200112233446" in bank_file.content.decode("utf-8-sig")  # whole, for the bank
    officer.post(
        reverse("admin:applications_paymentbatch_confirm", args=[batch.pk]),
        {"lines": [line.pk for line in batch.lines.all()], "result": "paid"},
    )
    assert "已发放" in parent.get(status_page).text
    application.refresh_from_db()
    assert application.status == Status.PAID
    assert [e.kind for e in application.events.all()] == [
        "submitted",
        "taken",
        "info_requested",
        "parent_replied",
        "approved",
        "paid",
    ]
    assert [e.actor for e in application.events.all() if not e.by_parent] == [
        gongshu_caseworker,
        gongshu_caseworker,
        gongshu_caseworker,
        payment_officer,
    ]


def test_the_status_page_keeps_a_reply_that_is_empty_and_shows_the_error(
    client, make_application, gongshu_caseworker
):
    application = make_application()
    claims_step(application=application, step_name="take", actor=gongshu_caseworker, version=1)
    claims_step(
        application=application,
        step_name="request_info",
        actor=gongshu_caseworker,
        version=2,
        message="请补充",
    )

    response = client.post(status_url(application), {"form": "reply", "reply-message": ""})

    assert response.status_code == 422
    assert "请填写要补充的信息" in response.text


def test_a_refused_parent_reads_the_reason_and_may_apply_again(
    client, make_household, gongshu_caseworker
):
    household = make_household()
    response = client.post(apply_url(client, household), answers(), follow=True)
    status_page = response.redirect_chain[-1][0]
    application = Application.objects.get()
    caseworker = client.__class__()
    caseworker.force_login(gongshu_caseworker)
    review(caseworker, application, "take")

    review(caseworker, application, "reject", "孩子的户籍不在拱墅区")

    page = client.get(status_page).text
    assert "未获批准" in page
    assert "孩子的户籍不在拱墅区" in page
    assert (
        GRANT_KEY
        in client.get(apply_url(client, household)).context["form"].fields["entitlements"].initial
    )


# --- Nothing is applied for twice -----------------------------------------------------------


def test_a_household_that_applied_sees_it_and_is_not_offered_it_again(client, make_household):
    household = make_household()
    client.post(apply_url(client, household), answers())
    first = Application.objects.get()

    response = client.get(apply_url(client, household))

    assert "已经申请过的补贴" in response.text
    assert first.reference in response.text
    assert GRANT_KEY not in response.context["form"].fields["entitlements"].initial


def test_applying_twice_for_the_same_grant_is_refused_and_nothing_typed_is_lost(
    client, make_household
):
    """Two tabs, or a back button: the second submission names what was already applied for."""
    household = make_household()
    client.post(apply_url(client, household), answers())
    first = Application.objects.get()

    response = client.post(apply_url(client, household), answers(applicant_name="王大明"))

    assert response.status_code == 422
    assert "请修改以下问题" in response.text
    assert "已经申请过" in str(response.context["form"].errors["entitlements"])
    assert first.reference in response.text  # in the list of what was applied for
    assert "王大明" in response.text
    assert Application.objects.count() == 1


def test_the_results_page_lists_the_documents_a_claim_needs(client, make_household):
    household = make_household()
    client.post(reverse("households:resume", args=[household.token]))

    page = client.get(reverse("households:results")).text

    assert "申请时需要的材料" in page
    assert "孩子的出生医学证明" in page


def test_the_resume_link_alone_is_not_a_key_to_apply(client, make_household):
    """The "save and come back later" link may be shared or end up in a log: applying takes the
    session that holds the answers. Someone with only the old apply URL gets nothing."""
    household = make_household()

    old_style = client.get(f"/apply/{household.token}/")
    without_session = client.get(reverse("applications:apply"))
    posted = client.post(reverse("applications:apply"), answers())

    assert old_style.status_code == 404
    assert without_session.status_code == 302
    assert without_session["Location"] == reverse("households:home")
    assert posted.status_code == 302 and not Application.objects.exists()
