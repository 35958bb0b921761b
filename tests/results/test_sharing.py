"""Save, share, come back: the save page gives two links, the one to come back and change the
answers and a read-only one to the results, each to copy, and sends both by email where the
server can send email; the read-only page shows the results and nothing to change, apply for
or learn about the parents beyond what the results say."""

from __future__ import annotations

import re
from types import SimpleNamespace

import django_ratelimit.core
import pytest
from django.core import mail
from django.test import Client

from apps.households.models import Household
from apps.households.sharing import household_by_share_key, share_key
from tests.results.support import Answers, Birth, english, hold, household_make, text_of

pytestmark = pytest.mark.django_db

NINGBO = Answers(
    "330203",
    [Birth("2021-01-01", hukou="330105"), Birth("2024-05-01", hukou="330105")],
    hukou="330105",
    works_in={"father": "410105"},
)
CONSOLE = "django.core.mail.backends.console.EmailBackend"


def links(client) -> tuple[str, str, str]:
    page = client.get("/save/").content.decode()
    resume = re.search(r'id="resume-url"[^>]*value="http://testserver(/resume/[^"]+/)"', page)
    shared = re.search(
        r'id="share-url"[^>]*value="http://testserver(/results/shared/[^"]+/)"', page
    )
    assert resume and shared, page
    return page, resume.group(1), shared.group(1)


def test_the_save_page_gives_both_links_and_copy_buttons(client, today) -> None:
    today("2024-06-01")
    household = hold(client, household_make(NINGBO))
    page, resume, shared = links(client)
    assert household.token in resume
    assert household.token not in shared  # the read-only link is not the key to the answers
    assert shared == f"/results/shared/{share_key(household)}/"
    assert links(client)[2] == shared  # the same link every time
    assert page.count('data-copy="') == 2 and "js-only" in page  # JavaScript's copy buttons
    assert 'href="/results/"' in page  # back to the results, not the check page


def test_the_read_only_page_shows_the_results_and_nothing_to_change_or_apply(client, today) -> None:
    today("2024-06-01")
    hold(client, household_make(NINGBO))
    _page, _resume, shared = links(client)
    stranger = Client()
    response = stranger.get(shared)
    assert response.status_code == 200
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]
    page = response.content.decode()
    body = text_of(page)
    assert "这是别人分享给您的只读结果" in body
    assert "结果一览" in body and "每一项的说明和申领方式" in body
    assert "7,000元" in body  # 拱墅's grants, as the family sees them
    for edit in ("/check/", "?return=check", "/place/", "/children/", "/parents/", "/save/"):
        assert f'href="{edit}' not in page and edit not in re.findall(r'href="([^"]+)"', page)
    assert "/apply/" not in page and "在本服务在线申请" not in body and "申请发放补贴" not in body
    assert "calendar.ics" not in page
    # nothing of the parents' hukou or workplaces beyond what the results need
    assert "母亲户口所在地" not in body and "父亲工作地" not in body
    assert "您填写的回答" not in body
    assert stranger.get("/results/").status_code == 302  # and the session has no answers


def test_the_read_only_page_in_english(client, today) -> None:
    today("2024-06-01")
    hold(client, household_make(NINGBO))
    _page, _resume, shared = links(client)
    body = text_of(english(Client()).get(shared).content.decode())
    assert "Someone has shared these results with you." in body
    assert "Your results at a glance" in body


@pytest.mark.parametrize(
    "key",
    [
        "nonsense",
        "WzEsImFiYyJd:forged-signature",
        "x" * 300,
        "WzEyMywiMDEyMzQ1Njc4OWFiY2RlZiJd:-iTnlgHuv_G5HnozTzGFIQ7shddaWuxG6G5MRsQTp4U",
    ],
)
def test_a_made_up_share_link_finds_nothing(client, key: str) -> None:
    response = client.get(f"/results/shared/{key}/")
    assert response.status_code == 404
    assert "找不到分享的结果" in response.content.decode()


def test_a_share_link_names_one_household_and_ends_with_its_answers(client, today) -> None:
    today("2024-06-01")
    household = household_make(NINGBO)
    key = share_key(household)
    assert household_by_share_key(key) == household
    other = household_make(NINGBO)
    assert household_by_share_key(key) != other
    # a row id used again by another household's answers is not this link's
    household.token = other.token + "x"
    assert household_by_share_key(share_key(household)) is None
    Household.objects.filter(pk=household.pk).delete()
    assert client.get(f"/results/shared/{key}/").status_code == 404


def test_the_links_are_sent_by_email_when_the_server_can_send_it(client, today) -> None:
    today("2024-06-01")
    hold(client, household_make(NINGBO))
    page, resume, shared = links(client)
    assert 'name="email"' in page and 'hx-post="/save/"' in page
    response = client.post("/save/", {"email": "parent@example.cn"}, follow=True)
    assert response.redirect_chain == [("/save/", 302)]
    assert "两个链接已经发到您的邮箱。" in response.content.decode()
    (message,) = mail.outbox
    assert message.to == ["parent@example.cn"]
    assert f"http://testserver{resume}" in message.body
    assert f"http://testserver{shared}" in message.body


def test_htmx_gets_only_the_email_box_back(client, today) -> None:
    today("2024-06-01")
    hold(client, household_make(NINGBO))
    response = client.post("/save/", {"email": "parent@example.cn"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert page.lstrip().startswith('<section class="link-box email-box" id="email-box"')
    assert "两个链接已经发到您的邮箱。" in page and "<html" not in page
    assert len(mail.outbox) == 1


def test_a_wrong_address_is_said_and_nothing_is_sent(client, today) -> None:
    today("2024-06-01")
    hold(client, household_make(NINGBO))
    response = client.post("/save/", {"email": "not an address"})
    assert response.status_code == 422
    page = response.content.decode()
    assert "请填写正确的电子邮箱" in page and 'aria-invalid="true"' in page
    assert 'value="not an address"' in page
    assert mail.outbox == []
    english(client)
    page = client.post("/save/", {"email": ""}).content.decode()
    assert "Enter an email address" in page


def test_the_email_in_english(client, today) -> None:
    today("2024-06-01")
    hold(client, household_make(NINGBO))
    english(client).post("/save/", {"email": "parent@example.cn"})
    (message,) = mail.outbox
    assert message.subject == "Your saved family benefits answers"
    assert "keep this link like a key" in message.body


def test_without_an_email_backend_there_is_no_email_to_offer(client, settings, today) -> None:
    today("2024-06-01")
    settings.EMAIL_BACKEND = CONSOLE
    hold(client, household_make(NINGBO))
    page, _resume, _shared = links(client)
    assert 'name="email"' not in page
    assert client.post("/save/", {"email": "parent@example.cn"}).status_code == 404
    assert mail.outbox == []


def test_sending_is_throttled_like_the_other_posts(client, today, monkeypatch) -> None:
    today("2024-06-01")
    # one throttle window for the whole test, whatever the clock does meanwhile
    monkeypatch.setattr(django_ratelimit.core, "time", SimpleNamespace(time=lambda: 1.8e9))
    hold(client, household_make(NINGBO))
    statuses = [client.post("/save/", {"email": "x"}).status_code for _ in range(121)]
    assert statuses[:120] == [422] * 120
    assert statuses[120] == 429


def test_coming_back_by_the_link_goes_back_to_the_results(client, today) -> None:
    today("2024-06-01")
    household = household_make(NINGBO)
    other = Client(enforce_csrf_checks=True)
    page = other.get(f"/resume/{household.token}/").content.decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = other.post(f"/resume/{household.token}/", {"csrfmiddlewaretoken": csrf})
    assert response["Location"] == "/results/"
