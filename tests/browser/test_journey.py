"""The whole journey in headless Chromium: with htmx and without JavaScript, on a phone and a
desktop, in Chinese and English, with axe-core finding no serious or critical problem."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from apps.benefits.engine import text
from tests.browser.conftest import DESKTOP, PHONE, new_page
from tests.browser.journey import axe_serious, go, walk
from tests.questionnaire.support import Kid, api_answer
from tests.questionnaire.test_flow import FAMILIES

pytestmark = pytest.mark.browser


def _totals_match(page, family, lang="zh-hans"):
    as_of = page.locator("[data-as-of]").get_attribute("data-as-of")
    api = api_answer(Client(), family, as_of=as_of, lang=lang)
    totals = page.locator(".total-amount").all_inner_texts()
    unit = "元" if lang != "en" else " yuan"
    assert totals == [
        f"{text.fmt_money(Decimal(api['totals'][k]))}{unit}" for k in ("one_off", "recurring")
    ]
    eligible = [e for e in api["entitlements"] if e["eligible"]]
    assert eligible
    return api


@pytest.mark.parametrize("family", FAMILIES, ids=[f.name for f in FAMILIES])
def test_the_journey_with_htmx(browser, site, family):
    viewport = PHONE if FAMILIES.index(family) % 2 == 0 else DESKTOP
    page = new_page(browser, viewport)
    shots = f"{'phone' if viewport is PHONE else 'desktop'}-zh-{family.home}"
    walk(page, site, family, shots=shots)
    _totals_match(page, family)
    assert page.locator(".entitlement").count() > 0
    page.context.close()


def test_the_journey_without_javascript(browser, site):
    family = FAMILIES[0]
    page = new_page(browser, DESKTOP, javascript=False)
    walk(page, site, family, js=False, shots="nojs")
    _totals_match(page, family)
    page.context.close()


def test_every_page_passes_axe_in_both_languages(browser, site):
    family = FAMILIES[3]
    for locale, viewport in (("zh-CN", PHONE), ("en-US", DESKTOP)):
        page = new_page(browser, viewport, locale=locale)
        audit: list = []
        walk(page, site, family, audit=audit, shots=f"axe-{locale}")
        for path in ("/save/", "/start-again/"):
            page.goto(site + path)
            audit.append((page.url, axe_serious(page)))
        problems = [
            (url, v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"]][:3])
            for url, vs in audit
            for v in vs
        ]
        assert not problems, "\n".join(map(str, problems))
        assert len(audit) == 8
        page.context.close()


def test_adding_and_removing_a_child_without_reload(browser, site):
    page = new_page(browser, DESKTOP)
    page.goto(site + "/children/")
    page.evaluate("window.notReloaded = true")
    page.fill("#id_child-0-date", "2024-07-01")
    page.click("button[value=add]")
    page.wait_for_selector("#child-1")
    page.click("button[value=add]")
    page.wait_for_selector("#child-2")
    page.fill("#id_child-2-date", "2025-01-01")
    page.click("#child-1 button[value='remove-1']")
    page.wait_for_function("document.querySelectorAll('.child-row').length === 2")
    assert page.evaluate("window.notReloaded") is True
    assert page.input_value("#id_child-0-date") == "2024-07-01"
    assert page.input_value("#id_child-1-date") == "2025-01-01"
    page.context.close()


def _focused(page, element_id: str) -> None:
    page.wait_for_function(
        f"document.activeElement && document.activeElement.id === '{element_id}'"
    )


def test_the_focus_follows_an_added_or_removed_row_and_nothing_else(browser, site):
    page = new_page(browser, DESKTOP)
    page.goto(site + "/children/")
    page.click("button[value=add]")
    _focused(page, "id_child-1-born_0")
    assert page.locator("#id_child-1-born_0").get_attribute("autofocus") is None
    # Later swaps in the first row (a place chosen, a date checked) leave the focus alone.
    page.wait_for_function("!document.querySelector('.htmx-request, .htmx-settling')")
    page.select_option("#id_child-0-hukou-province", "410000")
    page.wait_for_selector("#id_child-0-hukou-city")
    page.check("#id_child-0-born_0")
    page.fill("#id_child-0-date", "2099-01-01")
    page.locator("#id_child-0-hukou-city").focus()
    page.wait_for_selector("#id_child-0-date-feedback .error-message")
    assert page.evaluate("document.activeElement.id") == "id_child-0-hukou-city"

    page.click("button[value=add]")
    page.wait_for_selector("#child-2")
    page.click("#child-2 button[value='remove-2']")
    _focused(page, "id_child-1-born_0")  # the row before the one removed
    page.click("#child-0 button[value='remove-0']")
    _focused(page, "id_child-0-born_0")  # the row now in its place
    page.click("#child-0 button[value='remove-0']")
    page.wait_for_function(
        "document.activeElement && document.activeElement.value === 'add'"
    )  # no row left: the "add a child" button
    page.context.close()


def test_a_validation_error_and_its_recovery(browser, site):
    page = new_page(browser, PHONE)
    page.goto(site + "/children/")
    page.check("#id_child-0-born_0")
    page.fill("#id_child-0-date", "2099-01-01")
    page.locator("#id_child-0-date").blur()
    page.wait_for_selector("#id_child-0-date-feedback .error-message")  # checked as you go
    go(page, "form > button.button:not(.secondary)")
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert page.input_value("#id_child-0-date") == "2099-01-01"
    summary.locator("a[href='#id_child-0-date']").click()
    page.fill("#id_child-0-date", "2024-07-01")
    go(page, "form > button.button:not(.secondary)")
    assert page.locator(".error-summary").count() == 0
    page.context.close()


def test_a_date_fixed_as_you_go_is_no_longer_marked_invalid(browser, site):
    page = new_page(browser, PHONE)
    page.goto(site + "/children/")
    date = page.locator("#id_child-0-date")
    page.check("#id_child-0-born_0")
    page.fill("#id_child-0-date", "2099-01-01")
    date.blur()
    page.wait_for_selector("#id_child-0-date-feedback .error-message")
    assert date.get_attribute("aria-invalid") == "true"
    assert date.get_attribute("aria-describedby") == "id_child-0-date-hint id_child-0-date-error"
    page.fill("#id_child-0-date", "2024-07-01")
    date.blur()
    page.wait_for_selector("#id_child-0-date-feedback .error-message", state="detached")
    assert date.get_attribute("aria-invalid") is None
    assert date.get_attribute("aria-describedby") == "id_child-0-date-hint"
    page.context.close()

    # After a full page with the error (no JavaScript needed), the same recovery as you go.
    page = new_page(browser, PHONE)
    page.goto(site + "/children/")
    page.check("#id_child-0-born_0")
    page.fill("#id_child-0-date", "2099-01-01")
    go(page, "form > button.button:not(.secondary)")
    date = page.locator("#id_child-0-date")
    assert date.get_attribute("aria-invalid") == "true"
    page.fill("#id_child-0-date", "2024-07-01")
    date.blur()
    page.wait_for_selector("#id_child-0-date-feedback .error-message", state="detached")
    assert date.get_attribute("aria-invalid") is None
    assert page.locator("#child-0 .field-error").count() == 0
    page.context.close()


def test_the_language_switch_keeps_the_page_and_the_answers(browser, site):
    family = FAMILIES[1]
    page = new_page(browser, PHONE)
    walk(page, site, family)
    go(page, ".lang-switch button")
    assert page.url.endswith("/results/")
    assert page.locator("h1").inner_text() == "What your family can get"
    _totals_match(page, family, lang="en")
    page.goto(site + "/parents/")
    assert page.locator("#id_mother-hukou-county").input_value() == "140881"
    go(page, ".lang-switch button")
    assert page.locator("h1").inner_text() == "父母的情况"
    page.context.close()


@pytest.mark.parametrize("javascript", [True, False], ids=["htmx", "no-js"])
def test_the_language_switch_keeps_what_was_typed_and_not_saved(browser, site, javascript):
    page = new_page(browser, PHONE, javascript=javascript)
    page.goto(site + "/children/")
    page.check("#id_child-0-born_0")
    page.fill("#id_child-0-date", "2024-07-01")
    page.select_option("#id_child-0-babies", "2")
    go(page, ".lang-switch button")
    assert page.locator("h1").inner_text() == "About the children"
    assert page.is_checked("#id_child-0-born_0")
    assert page.input_value("#id_child-0-date") == "2024-07-01"
    assert page.input_value("#id_child-0-babies") == "2"
    assert page.locator(".error-message").count() == 0
    go(page, ".lang-switch button")
    assert page.locator("h1").inner_text() == "孩子的情况"
    assert page.input_value("#id_child-0-date") == "2024-07-01"
    page.context.close()


def test_twins_entered_once_count_as_two_children(browser, site):
    family = FAMILIES[2]
    assert any(isinstance(k, Kid) and k.babies == 2 for k in family.children)
    page = new_page(browser, DESKTOP)
    walk(page, site, family)
    assert page.locator(".group-title").filter(has_text="第三个孩子").count() >= 1
    page.context.close()


def test_the_place_of_work_is_asked_once_somewhere_else_is_chosen(browser, site):
    page = new_page(browser, PHONE)
    page.goto(site + "/parents/")
    work = page.locator("#mother-work-place")
    assert page.is_checked("#id_mother-works_where_0")  # "where we live" is the one-tap default
    assert not work.is_visible()
    page.check("#id_mother-works_where_1")
    assert work.is_visible()
    assert not axe_serious(page)
    page.check("#id_mother-works_where_0")
    assert not work.is_visible()
    page.context.close()


def test_without_javascript_the_place_of_work_is_always_there(browser, site):
    page = new_page(browser, DESKTOP, javascript=False)
    page.goto(site + "/parents/")
    assert page.locator("#mother-work-place").is_visible()
    page.context.close()
