"""The results page in headless Chromium: the short list, how to claim each benefit, the share
link and its copy button, the links by email, and printing, on a phone and a desktop, in Chinese
and English, with JavaScript and without; axe-core finds nothing at all (any impact) on the
results, the shared results and the save page. `UPDATE_SCREENSHOTS=1` writes the README's
screenshots to docs/screenshots/."""

from __future__ import annotations

import os
import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from apps.households.models import Household
from tests.browser.conftest import BASE_DIR, DESKTOP, PHONE, new_page
from tests.browser.journey import AXE, go
from tests.results.support import Answers, Birth, household_make

pytestmark = pytest.mark.browser
SCREENSHOTS = BASE_DIR / "docs" / "screenshots"
LOCALES = {"zh": "zh-CN", "en": "en-US"}


def typical(home: str) -> Answers:
    """A two-child family, both parents employed where they live: the older child four years
    old, the younger born two months ago (so leave and grants are still to take and claim)."""
    today = date.today()
    older = today.replace(year=today.year - 4, day=1)
    younger = (today - timedelta(days=60)).replace(day=1)
    return Answers(home, [Birth(older.isoformat()), Birth(younger.isoformat())])


ZHENGZHOU, GONGSHU = typical("410105"), typical("330105")
# 拱墅's measures ran to the end of 2025; Hangzhou's grant, which they implement, goes on.
GRANT = re.compile(r"育儿补助（(拱墅|杭州)）")


def opened(browser, site, household: Household, *, lang="zh", viewport=PHONE, javascript=True):
    """A tab holding the household's answers (taken in by its resume link), on the results."""
    page = new_page(browser, viewport, locale=LOCALES[lang], javascript=javascript)
    if lang == "en":
        page.context.add_cookies([{"name": "django_language", "value": "en", "url": site}])
    page.goto(f"{site}/resume/{household.token}/")
    go(page, "main form button")
    assert page.url.endswith("/results/"), page.url
    return page


def axe_all(page) -> list[tuple]:
    """Every axe-core violation, whatever its impact."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    found = page.evaluate("axe.run(document, {resultTypes: ['violations']})")["violations"]
    return [
        (page.url, v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"]][:3])
        for v in found
    ]


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_short_list_comes_first_and_leads_to_each_benefit(
    browser, site, lang, viewport, javascript
):
    household = household_make(ZHENGZHOU)
    page = opened(browser, site, household, lang=lang, viewport=viewport, javascript=javascript)
    glance = page.locator(".glance")
    assert glance.is_visible()
    box = glance.bounding_box()
    assert box and box["y"] < page.locator(".details-section").bounding_box()["y"]
    grant = page.locator(".glance-line", has_text="5,000")
    assert grant.count() == 1
    text = grant.inner_text()
    assert ("育儿补贴（郑州）" in text and "应享受" in text) or (
        "Childrearing subsidy (Zhengzhou)" in text and "Owed" in text
    )
    grant.locator("a").click()
    target = page.evaluate("location.hash")
    assert re.fullmatch(r"#benefit-\d+", target)
    assert page.locator(target).is_visible()
    claim = page.locator(f"article:has({target}) .claim")
    assert claim.is_visible()
    assert ("申请时需要的材料" in claim.inner_text()) or ("Documents needed" in claim.inner_text())
    # the readings and the clause's words wait behind their disclosure
    more = page.locator(f"article:has({target}) details.more")
    assert more.locator("blockquote").is_hidden()
    more.locator("summary").click()
    assert more.locator("blockquote").is_visible()
    page.context.close()


def test_how_to_claim_and_applying_from_the_details(browser, site):
    household = household_make(GONGSHU)
    page = opened(browser, site, household, viewport=DESKTOP)
    grant = page.locator("article.benefit", has_text=GRANT).first
    text = grant.inner_text()
    for said in ("向谁申请", "怎样申请", "申请时需要的材料", "由谁发放", "申请截止："):
        assert said in text, said
    with page.expect_navigation():
        grant.locator(".claim-action a").click()
    assert page.url.endswith("/apply/")
    page.context.close()


def test_the_share_link_is_copied_and_opens_read_only(browser, site):
    household = household_make(GONGSHU)
    page = opened(browser, site, household, viewport=DESKTOP)
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site)
    go(page, "a[href='/save/']")
    shared = page.input_value("#share-url")
    assert "/results/shared/" in shared and household.token not in shared
    page.click("button[data-copy='share-url']")
    page.wait_for_function("document.getElementById('copy-status').textContent === '已复制'")
    assert page.evaluate("navigator.clipboard.readText()") == shared

    reader = new_page(browser, PHONE)
    reader.goto(shared)
    assert reader.locator("h1").inner_text() == "一个家庭可以享受的待遇"
    assert reader.locator(".glance-line").count() > 0
    assert reader.locator("a[href^='/apply/'], a[href*='return=check'], .apply-cta").count() == 0
    assert reader.locator(".answers-section").count() == 0
    reader.context.close()
    page.context.close()


def test_without_javascript_the_link_is_there_to_copy_by_hand(browser, site):
    household = household_make(GONGSHU)
    page = opened(browser, site, household, javascript=False)
    page.goto(site + "/save/")
    assert page.locator("#share-url").is_visible()
    assert page.locator("button[data-copy]").first.is_hidden()
    page.fill("#id_email", "parent@example.cn")
    go(page, "form[action='/save/'] button[type=submit]")
    assert page.locator(".notice-success").inner_text() == "两个链接已经发到您的邮箱。"
    page.context.close()


def test_with_javascript_the_email_box_is_swapped_in_place(browser, site):
    household = household_make(GONGSHU)
    page = opened(browser, site, household, lang="en", viewport=DESKTOP)
    page.goto(site + "/save/")
    page.evaluate("window.notReloaded = true")
    page.fill("#id_email", "not an address")
    page.click("form[action='/save/'] button[type=submit]")
    page.wait_for_selector("#email-box .error-message")
    assert "Enter an email address in the right format" in page.inner_text("#email-box")
    page.fill("#id_email", "parent@example.cn")
    page.click("form[action='/save/'] button[type=submit]")
    page.wait_for_selector("#email-box .notice-success")
    assert page.evaluate("window.notReloaded") is True
    page.context.close()


def _pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize("answers", [ZHENGZHOU, GONGSHU], ids=["zhengzhou", "gongshu"])
def test_a_two_child_family_prints_on_two_pages_with_no_buttons(browser, site, answers, lang):
    household = household_make(answers)
    page = opened(browser, site, household, lang=lang, viewport=DESKTOP)
    pdf = page.pdf(format="A4", print_background=True)
    assert 1 <= _pages(pdf) <= 2, _pages(pdf)
    page.emulate_media(media="print")
    for hidden in ("button", ".actions", ".apply-cta", ".claim-action", ".site-header", "nav"):
        assert all(not el.is_visible() for el in page.locator(hidden).all()), hidden
    # what a paper copy is for: the short list, the answers, how to claim
    for shown in (".glance", ".answers-list", ".claim"):
        assert page.locator(shown).first.is_visible(), shown
    for benefit in page.locator("article.benefit").all():
        assert benefit.evaluate("e => getComputedStyle(e).breakInside") == "avoid"
    page.context.close()


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_axe_finds_nothing_on_the_results_shared_and_save_pages(browser, site, lang):
    household = household_make(GONGSHU)
    problems = []
    for viewport in (PHONE, DESKTOP):
        page = opened(browser, site, household, lang=lang, viewport=viewport)
        problems += axe_all(page)
        page.goto(site + "/save/")
        problems += axe_all(page)
        shared = page.input_value("#share-url")
        page.goto(shared)
        problems += axe_all(page)
        page.context.close()
    assert not problems, "\n".join(map(str, problems))


@pytest.mark.skipif(not os.environ.get("UPDATE_SCREENSHOTS"), reason="UPDATE_SCREENSHOTS=1")
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_screenshots_for_the_readme(browser, site, lang):
    household = household_make(ZHENGZHOU)
    page = opened(browser, site, household, lang=lang)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = Path(SCREENSHOTS / f"results-phone-{lang}.png")
    page.evaluate("document.querySelector('.glance').scrollIntoView()")
    page.screenshot(path=str(path))
    page.evaluate("document.querySelector('.details-section .benefit').scrollIntoView()")
    page.screenshot(path=str(SCREENSHOTS / f"results-claim-phone-{lang}.png"))
    assert path.stat().st_size > 10_000
    page.context.close()
