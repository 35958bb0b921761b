"""How to claim each benefit, on the results page: where and how, the documents, the last day,
who pays and how long it takes, the official link, and how that is known; applying here for
the cash that can be, and after applying, no longer offering what was applied for."""

from __future__ import annotations

import re

import pytest

from apps.applications.selectors import cash_entitlements, entitlement_claim, family_child_dates
from apps.applications.services import application_submit
from apps.applications.views import status_url
from apps.benefits.services import entitlements_compute
from apps.households.selectors import household_family
from tests.results.support import Answers, Birth, english, hold, household_make, text_of

pytestmark = pytest.mark.django_db

ZHENGZHOU = Answers("410105", [Birth("2021-03-02"), Birth("2024-07-01")])
GONGSHU = Answers("330105", [Birth("2020-09-01"), Birth("2024-02-20")])


def page_of(client, answers: Answers) -> tuple[str, dict]:
    household = hold(client, household_make(answers))
    response = client.get("/results/")
    return response.content.decode(), {"household": household, **response.context["results"]}


def article(page: str, title: str) -> str:
    """The details of one benefit, by its title."""
    for match in re.finditer(r'<article class="entitlement benefit"', page):
        end = page.index("</article>", match.start())
        chunk = page[match.start() : end]
        if f">{title}<" in chunk or f">{title} <" in chunk:
            return text_of(chunk)
    raise AssertionError(f"no benefit {title!r}")


def test_a_grant_says_where_how_what_to_bring_who_pays_and_that_the_policy_does_not_say(
    client, today
) -> None:
    today("2025-06-01")
    page, _view = page_of(client, ZHENGZHOU)
    grant = article(page, "育儿补贴（郑州）")
    for said in (
        "怎样申领",
        "向谁申请 孩子户籍所在地的区县（市）卫生健康部门",
        "怎样申请 孩子在郑州落户后，向孩子户籍所在地申请。",
        "申请时需要的材料 孩子的出生医学证明 户口簿（登记孩子户口的一页）",
        "由谁发放 郑州市及孩子户籍所在的区县（市）",
        "多久到账 政策文件没有写明",
        # 郑政〔2023〕19号 says nothing of where to claim: the page says the route is the usual one
        "政策文件没有写明向谁申请：以上是一般做法，请向当地部门核实。",
        "在本服务在线申请",
        "审核目标是提交后20天内作出决定",
        "政策依据：郑政〔2023〕19号 二（七）",
    ):
        assert said in grant, said


def test_leave_is_asked_of_the_employer_with_the_clause_that_says_who_pays(client, today) -> None:
    today("2025-06-01")
    page, _view = page_of(client, ZHENGZHOU)
    parental = article(page, "育儿假")
    assert "怎样申请这项假期" in parental
    assert "向谁申请 用人单位（人事部门）" in parental
    assert "假期工资由谁支付 用人单位：育儿假视为出勤，各类工资、奖金照常计算、发放" in parental
    assert "以上向谁申请、由谁支付，依据文件的二（一）。" in parental
    assert "在本服务在线申请" not in parental  # leave is not applied for here
    assert "多久到账" not in parental


def test_the_national_subsidy_says_its_route_is_reported_and_links_the_policy(
    client, today
) -> None:
    today("2025-06-01")
    page, _view = page_of(client, ZHENGZHOU)
    national = article(page, "育儿补贴（国家）")
    assert "主要通过育儿补贴信息管理系统在线申请" in national
    assert "以上申请方式据公开报道，以当地部门的说明为准。" in national
    assert 'href="https://www.gov.cn/zhengce/202507/content_7034531.htm"' in page


def test_a_deadline_is_said_with_the_claim(client, today) -> None:
    today("2024-06-01")
    page, _view = page_of(client, GONGSHU)
    grant = article(page, "育儿补助（拱墅）")
    assert "申请截止：2024年8月18日（含当天）" in grant
    assert "向谁申请 拱墅区卫生健康部门（可以先问户籍所在的街道）" in grant


def test_how_to_claim_in_english(client, today) -> None:
    today("2025-06-01")
    page, _view = page_of(english(client), ZHENGZHOU)
    grant = article(page, "Childrearing subsidy (Zhengzhou)")
    assert "Where to claim The health commission of the district or county" in grant
    assert "Documents needed to claim The child's medical birth certificate" in grant
    assert "How long payment takes The policy does not say" in grant
    assert "The policy does not say where to claim: this is the usual practice." in grant
    parental = article(page, "Parental leave")
    assert "Where to claim and who pays: as the document's section 2(1) says." in parental


def _apply_for(household, *, programs: tuple[str, ...], as_of) -> str:
    """Apply for these programs' cash; the status page's link."""
    family = household_family(household=household)
    evaluation = entitlements_compute(
        family=family, jurisdiction=household.jurisdiction_id, as_of=as_of
    )
    children = family_child_dates(family)
    keys = [
        str(entitlement_claim(e, children))
        for e in cash_entitlements(evaluation=evaluation)
        if e.program in programs
    ]
    assert keys
    application, secret = application_submit(
        household=household,
        applicant_name="王小红",
        id_number="110101199001011237",
        phone="13800138000",
        bank_account="6222020200112233446",
        entitlement_keys=keys,
        consent_text="同意",
        as_of=as_of,
    )
    return status_url(application, secret)


def test_after_applying_the_results_stop_offering_what_was_applied_for(client, today) -> None:
    day = today("2025-06-01")
    page, view = page_of(client, ZHENGZHOU)
    assert "您家可以申请 2 项补贴，合计约 14,300 元。" in text_of(page)

    _apply_for(view["household"], programs=("zhengzhou-2023-childrearing-subsidy",), as_of=day)
    page = client.get("/results/").content.decode()
    body = text_of(page)
    grant = article(page, "育儿补贴（郑州）")
    assert "已经在本服务申请：申请编号" in grant
    assert "在本服务在线申请" not in grant
    assert "在本服务在线申请" in article(page, "育儿补贴（国家）")  # still to apply for
    assert "您家可以申请 1 项补贴，合计约 9,300 元。" in body
    assert "已经申请过的补贴不再列出。" in body
    assert re.search(r'glance-line status-owed">.*?育儿补贴（郑州）.*?已申请', page, re.S)

    _apply_for(view["household"], programs=("national-2025-childcare-subsidy",), as_of=day)
    body = text_of(client.get("/results/").content.decode())
    assert "在本服务在线申请" not in body
    assert "您家可以在本服务申请的补贴都已经申请过了。" in body


def test_the_status_page_writes_amounts_as_the_results_do(client, today) -> None:
    day = today("2025-06-01")
    _page, view = page_of(client, ZHENGZHOU)
    status = _apply_for(
        view["household"],
        programs=("zhengzhou-2023-childrearing-subsidy", "national-2025-childcare-subsidy"),
        as_of=day,
    )
    body = text_of(client.get(status).content.decode())
    assert "5,000 元" in body and "9,300 元" in body and "14,300 元" in body
    assert ".00" not in body
