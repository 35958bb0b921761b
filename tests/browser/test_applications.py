"""Applying and being reviewed, in headless Chromium: the parent uploads the document a
caseworker asked for (and a wrong file is refused by its field); the caseworker logs in, works
through the queue, decides claim by claim and opens the document."""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from apps.applications.models import Application, ApplicationEvent, CaseworkerAssignment, Claim
from apps.applications.selectors import cash_entitlements, entitlement_claim, family_child_dates
from apps.applications.services import CASEWORKERS, application_submit, claims_step, roles_ensure
from apps.benefits.services import entitlements_compute
from apps.children.models import HouseholdChild
from apps.households.models import Household, HouseholdParent
from apps.households.selectors import household_family
from tests.browser.conftest import DESKTOP, PHONE, new_page
from tests.browser.journey import axe_violations, go

pytestmark = pytest.mark.browser
GONGSHU = "330105"
APPLICANT_ID = "110101199001011237"
PASSWORD = "a-long-test-password"


def a_gongshu_application() -> tuple[Application, str]:
    """A 拱墅 family whose second child was born a few weeks ago applies for all its cash."""
    household = Household.objects.create(jurisdiction_id=GONGSHU)
    for role in ("mother", "father"):
        HouseholdParent.objects.create(household=household, role=role, hukou_id=GONGSHU)
    born = date.today().replace(day=1)
    for position, day in enumerate((date(2020, 5, 1), born)):
        HouseholdChild.objects.create(
            household=household, position=position, date=day, hukou_id=GONGSHU
        )
    family = household_family(household=household)
    evaluation = entitlements_compute(family=family, jurisdiction=GONGSHU, as_of=date.today())
    children = family_child_dates(family)
    keys = [str(entitlement_claim(e, children)) for e in cash_entitlements(evaluation=evaluation)]
    return application_submit(
        household=household,
        applicant_name="王小红",
        id_number=APPLICANT_ID,
        phone="13800138000",
        bank_account="6222020200112233446",
        entitlement_keys=keys,
        consent_text="同意",
    )


def a_caseworker():
    user = get_user_model().objects.create_user(
        username="gongshu-caseworker", password=PASSWORD, is_staff=True
    )
    user.groups.add(roles_ensure()[CASEWORKERS])
    CaseworkerAssignment.objects.create(user=user, jurisdiction_id=GONGSHU)
    return user


@pytest.fixture
def asked(site):
    """An application whose first claim waits for the birth certificate."""
    application, secret = a_gongshu_application()
    caseworker = a_caseworker()
    claims_step(application=application, step_name="take", actor=caseworker, version=1)
    first = application.claims.order_by("id").first()
    claims_step(
        application=application,
        step_name="request_info",
        actor=caseworker,
        version=application.version,
        message="请上传孩子的出生医学证明",
        claims=[first],
    )
    url = site + reverse(
        "applications:status", kwargs={"reference": application.reference, "secret": secret}
    )
    return application, url


def test_the_parent_uploads_the_document_asked_for(browser, asked, tmp_path):
    application, url = asked
    wrong = tmp_path / "证明.pdf"
    wrong.write_bytes(b"MZ\x90\x00not a pdf at all")
    right = tmp_path / "出生证明.pdf"
    right.write_bytes(b"%PDF-1.7\n1 0 obj <<>> endobj\n%%EOF\n")
    page = new_page(browser, PHONE)
    page.goto(url)
    assert "请上传孩子的出生医学证明" in page.inner_text(".info-request")
    assert not axe_violations(page)

    page.select_option("#id_document-title", "孩子的出生医学证明")
    page.set_input_files("#id_document-file", str(wrong))
    go(page, "form[enctype] button[type=submit]")
    assert "只能上传 PDF、JPEG、PNG 或 HEIC" in page.inner_text(".error-summary")
    assert page.locator("#id_document-file[aria-invalid=true]").count() == 1
    assert page.input_value("#id_document-title") == "孩子的出生医学证明"  # the choice is kept
    assert not axe_violations(page)

    page.set_input_files("#id_document-file", str(right))
    go(page, "form[enctype] button[type=submit]")

    assert "已收到您上传的材料“孩子的出生医学证明”" in page.inner_text("[role=status]")
    assert "孩子的出生医学证明" in page.inner_text("#uploaded-documents")
    assert page.locator(".info-request").count() == 0  # nothing waits any more
    application.refresh_from_db()
    assert application.parent_replied
    assert application.events.last().kind == ApplicationEvent.Kind.DOCUMENT
    page.context.close()


def test_the_caseworker_decides_claim_by_claim_and_opens_the_document(browser, asked, tmp_path):
    application, url = asked
    parent = new_page(browser, PHONE)
    parent.goto(url)
    certificate = tmp_path / "cert.png"
    certificate.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    parent.select_option("#id_document-title", "孩子的出生医学证明")
    parent.set_input_files("#id_document-file", str(certificate))
    go(parent, "form[enctype] button[type=submit]")
    parent.context.close()

    page = new_page(browser, DESKTOP)
    page.goto(asked_site(url) + reverse("admin:login"))
    page.fill("#id_username", "gongshu-caseworker")
    page.fill("#id_password", PASSWORD)
    go(page, "input[type=submit]")
    page.goto(asked_site(url) + reverse("admin:applications_application_changelist"))
    page.click("text=我的案件")
    page.wait_for_load_state()
    row = page.locator("#result_list tbody tr", has_text=application.reference)
    assert row.count() == 1
    assert row.locator(".field-parent_replied img[alt=True]").count() == 1
    go(page, f"#result_list a:text('{application.reference}')")

    claims = list(application.claims.order_by("id"))
    first, rest = claims[0], claims[1:]
    with page.expect_popup() as popup:
        page.click("text=孩子的出生医学证明")
    assert popup.value  # opened, in its own tab
    page.check(f"input[name=claim_{first.pk}_step][value=approve]")
    for claim in rest:
        page.check(f"input[name=claim_{claim.pk}_step][value=reject]")
    go(page, "input[name=_continue]")
    assert "不予批准时必须说明理由" in page.content()  # the reasons were left out
    assert page.is_checked(f"input[name=claim_{first.pk}_step][value=approve]")  # kept
    for claim in rest:
        page.fill(f"textarea[name=claim_{claim.pk}_message]", "已在另一项目中享受")
    go(page, "input[name=_continue]")

    statuses = dict(Claim.objects.filter(application=application).values_list("pk", "status"))
    assert statuses == {first.pk: "approved", **{c.pk: "rejected" for c in rest}}
    assert "已批准" in page.inner_text(".field-history_display")
    page.context.close()


def asked_site(url: str) -> str:
    return url.split("/apply/")[0]
