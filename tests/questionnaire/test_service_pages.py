"""The service's frame (issue 14, item 7): a start page that says what the service does, what a
parent needs and how long it takes; on every page a footer with the privacy notice, the
accessibility statement, cookies, help and contact, and a feedback form whose messages are kept
and read in the admin. Each page in Chinese and English."""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.core.management import call_command

from apps.households.models import Feedback
from apps.households.services import ANSWERS_KEPT_DAYS
from tests.questionnaire.support import Family, Kid, answer, error_summary

pytestmark = pytest.mark.django_db

PAGES = ["/privacy/", "/accessibility/", "/cookies/", "/help/", "/feedback/"]
FOOTER = {
    "/help/": ("帮助和联系方式", "Help and contact"),
    "/feedback/": ("提意见", "Give feedback"),
    "/privacy/": ("隐私声明", "Privacy"),
    "/cookies/": ("Cookie说明", "Cookies"),
    "/accessibility/": ("无障碍声明", "Accessibility statement"),
}


def text_of(page: str) -> str:
    main = page[page.index("<main") : page.index("</main>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def footer_links(page: str) -> dict[str, str]:
    footer = page[page.index('<footer class="site-footer">') :]
    return {
        href.split("?")[0]: text
        for href, text in re.findall(r'<a href="([^"]+)">([^<]+)</a>', footer)
    }


def english(client):
    client.cookies["django_language"] = "en"
    return client


def test_the_start_page_says_what_the_service_does_and_what_is_needed(client):
    page = text_of(client.get("/").content.decode())
    for said in (
        "一次性生育补贴",
        "产假、护理假和育儿假",
        "每个孩子的出生日期；正在怀孕的，预产期",
        "父母和孩子的户口所在地",
        "用人单位在哪个城市",
        "大约5分钟",
        "只有在您决定申请补贴时，申请页面才会请您填写这些信息",
    ):
        assert said in page, said
    assert 'href="/place/"' in client.get("/").content.decode()


def test_the_start_page_in_english(client):
    page = text_of(english(client).get("/").content.decode())
    assert "What you need" in page
    assert "About 5 minutes." in page
    assert "No ID number needed" in page
    assert "Start now" in page
    assert not re.search(r"[\u4e00-\u9fff]", page)


@pytest.mark.parametrize(
    "url", ["/", "/place/", "/parents/", "/children/", "/check/", "/save/", *PAGES, "/nowhere/"]
)
def test_every_page_has_the_footer_links(client, url):
    answer(client, Family("f", home="330105", mother="330105", children=[Kid("2024-07-01")]))
    response = client.get(url, follow=True)
    links = footer_links(response.content.decode())
    assert {path: text for path, text in links.items() if path in FOOTER} == {
        path: zh for path, (zh, _) in FOOTER.items()
    }


@pytest.mark.parametrize("url", PAGES)
def test_the_footer_pages_read_in_english_with_no_stray_chinese(client, url):
    page = english(client).get(url).content.decode()
    assert '<html lang="en">' in page
    links = footer_links(page)
    assert {path: text for path, text in links.items() if path in FOOTER} == {
        path: en for path, (_, en) in FOOTER.items()
    }
    other_language = re.sub(r'<button[^>]*lang="zh-Hans"[^>]*>[^<]*</button>', "", page)
    assert not re.search(r"[\u4e00-\u9fff]", other_language)


def test_the_feedback_link_says_which_page_it_came_from_without_its_address(client):
    page = client.get("/resume/a-secret-token/").content.decode()
    assert 'href="/feedback/?from=households%3Aresume"' in page
    assert "a-secret-token" not in page[page.index("<footer") :]


def test_the_privacy_notice_says_what_is_kept_and_for_how_long(client):
    page = text_of(client.get("/privacy/").content.decode())
    assert f"回答在最后一次修改{ANSWERS_KEPT_DAYS}天后自动删除" in page
    assert f"有效期{settings.SESSION_COOKIE_AGE // 86400}天" in page
    for said in ("随机生成的链接", "重新开始", "身份证号", "不使用统计、广告或跟踪工具"):
        assert said in page, said


def test_the_privacy_notice_s_days_are_what_the_purge_deletes():
    """`purge_households` with no --days deletes what the notice says it deletes."""
    from io import StringIO

    out = StringIO()
    call_command("purge_households", "--dry-run", stdout=out)
    assert f"not changed for {ANSWERS_KEPT_DAYS} days" in out.getvalue()


def test_the_privacy_notice_counts_days_in_english(client, settings):
    page = text_of(english(client).get("/privacy/").content.decode())
    assert f"deleted automatically {ANSWERS_KEPT_DAYS} days after they were last changed" in page
    settings.SESSION_COOKIE_AGE = 86400
    page = text_of(english(client).get("/privacy/").content.decode())
    assert "which a cookie remembers for 1 day." in page


def test_the_cookies_page_names_each_cookie_and_what_it_is_for(client):
    page = client.get("/cookies/").content.decode()
    for name in (
        settings.SESSION_COOKIE_NAME,
        settings.CSRF_COOKIE_NAME,
        settings.LANGUAGE_COOKIE_NAME,
        "messages",
    ):
        assert f"<code>{name}</code>" in page
    assert "不使用统计、广告或跟踪 Cookie" in page
    english_page = text_of(english(client).get("/cookies/").content.decode())
    assert "no analytics, advertising or tracking cookies" in english_page
    assert f"{settings.SESSION_COOKIE_AGE // 86400} days" in english_page


def test_the_accessibility_statement_says_what_was_tested_and_what_is_not_met(client):
    page = text_of(client.get("/accessibility/").content.decode())
    for said in (
        "GB/T 37668-2019",
        "WCAG）2.1 AA 级",
        "axe-core",
        "只用键盘",
        "关闭 JavaScript",
        "已知的不足",
        "读屏软件",
    ):
        assert said in page, said


def test_help_gives_the_contact_the_settings_give(client, settings):
    settings.SUPPORT_EMAIL = "help@benefits.example.gov.cn"
    settings.SUPPORT_PHONE = "0571 1234 5678"
    page = client.get("/help/").content.decode()
    assert '<a href="mailto:help@benefits.example.gov.cn">' in page
    assert '<a href="tel:057112345678">0571 1234 5678</a>' in page
    assert "由部署本服务的单位填写" not in page


def test_help_without_a_contact_in_the_settings_makes_none_up(client, settings):
    settings.SUPPORT_EMAIL = settings.SUPPORT_PHONE = ""
    page = client.get("/help/").content.decode()
    assert "联系方式由部署本服务的单位填写。" in page
    assert "mailto:" not in page and "tel:" not in page
    assert "contact details are to be filled in" in english(client).get("/help/").text


@pytest.mark.parametrize(
    ("came_from", "kept"),
    [
        ("households:children", "/children/"),
        ("households:resume", "households:resume"),  # its address is a key: the name only
        ("applications:status", "applications:status"),
        ("/resume/a-secret-token/", ""),  # not a page's name
        ("", ""),
    ],
)
def test_feedback_is_kept_with_the_page_it_came_from(client, came_from, kept):
    form = client.get(f"/feedback/?from={came_from}").context["form"]
    assert form["page"].value() == came_from  # a hidden field, sent with the message
    response = client.post(
        "/feedback/", {"message": "日期那一页很清楚。", "page": came_from}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/feedback/sent/"
    assert "谢谢您的意见" in response.content.decode()
    feedback = Feedback.objects.get()
    assert (feedback.message, feedback.page, feedback.language) == (
        "日期那一页很清楚。",
        kept,
        "zh-hans",
    )


def test_feedback_needs_a_message_of_at_most_1200_characters(client):
    page = client.post("/feedback/", {"message": "  ", "page": ""}).content.decode()
    assert error_summary(page) == ["请写下您的意见或建议"]
    page = client.post("/feedback/", {"message": "长" * 1201}).content.decode()
    assert error_summary(page) == ["意见最多1200个字，现在是1201个字"]
    page = english(client).post("/feedback/", {"message": ""}).content.decode()
    assert error_summary(page) == ["Write your feedback"]
    assert Feedback.objects.count() == 0


def test_feedback_is_throttled_like_the_other_answers(client):
    limit = int(settings.RATE_ANSWERS.split("/")[0])
    statuses = [client.post("/feedback/", {"message": ""}).status_code for _ in range(limit + 1)]
    assert statuses[-1] == 429 and 429 not in statuses[:limit]
    assert client.get("/feedback/").status_code == 200  # reading the form is not counted


def test_feedback_is_read_in_the_admin_and_not_changed_there(admin_client):
    feedback = Feedback.objects.create(message="字太小了", page="/children/", language="zh-hans")
    changelist = admin_client.get("/admin/households/feedback/")
    assert changelist.status_code == 200
    assert "字太小了" in changelist.content.decode()
    change = admin_client.get(f"/admin/households/feedback/{feedback.pk}/change/")
    assert change.status_code == 200
    assert 'name="message"' not in change.content.decode()  # read-only
    assert admin_client.get("/admin/households/feedback/add/").status_code == 403
    posted = admin_client.post(
        f"/admin/households/feedback/{feedback.pk}/change/", {"message": "changed"}
    )
    assert posted.status_code == 403
    assert Feedback.objects.get().message == "字太小了"
