"""The whole journey in headless Chromium: with htmx and without JavaScript, on a phone and a
desktop, in Chinese and English; questions revealed by the answers they follow, dates typed in
their boxes, the keyboard alone; axe-core finding no problem of any impact on the questions'
pages and the service's own pages (none serious on the others)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from apps.benefits.engine import text
from tests.browser.conftest import DESKTOP, PHONE, new_page
from tests.browser.journey import (
    answer_child,
    answer_parent,
    axe_violations,
    choose_place,
    go,
    problems,
    type_date,
    walk,
)
from tests.questionnaire.support import Family, Kid, api_answer
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


SERVICE_PAGES = ["/privacy/", "/accessibility/", "/cookies/", "/help/", "/feedback/"]


def test_every_page_passes_axe_in_both_languages(browser, site):
    """No problem at all, of any impact, on every page: the questions, check your answers, the
    service's own pages (with and without errors shown), save, start again, the apply page and
    a page not found."""
    family = FAMILIES[3]
    for locale, viewport in (("zh-CN", PHONE), ("en-US", DESKTOP)):
        page = new_page(browser, viewport, locale=locale)
        audit: list = []
        walk(page, site, family, audit=audit, shots=f"axe-{locale}")
        for path in ("/save/", "/start-again/", "/apply/", "/no-such-page/"):
            page.goto(site + path)
            audit.append((page.url, axe_violations(page)))
        for path in SERVICE_PAGES:
            page.goto(site + path)
            audit.append((page.url, axe_violations(page)))
        go(page, "form button.button")  # feedback with no message: its error
        assert page.locator(".error-summary").count() == 1
        audit.append((f"feedback error {page.url}", axe_violations(page)))
        page.fill("#id_message", "很好用")
        go(page, "form button.button")
        audit.append((page.url, axe_violations(page)))
        fresh = new_page(browser, viewport, locale=locale)  # each question page with errors
        fresh.goto(site + "/parents/")
        fresh.check("#id_who_0")
        go(fresh, "form > button.button:not(.secondary)")
        assert fresh.locator(".error-summary li").count() == 4  # hukou and work, both parents
        audit.append((f"errors {fresh.url}", axe_violations(fresh)))
        fresh.goto(site + "/children/")
        type_date(fresh, 0, "2024-2-30")
        go(fresh, "form > button.button:not(.secondary)")
        audit.append((f"errors {fresh.url}", axe_violations(fresh)))
        fresh.context.close()
        assert not problems(audit), "\n".join(map(str, problems(audit)))
        assert len(audit) == 10 + len(SERVICE_PAGES) + 4
        page.context.close()


def test_adding_and_removing_a_child_without_reload(browser, site):
    page = new_page(browser, DESKTOP)
    page.goto(site + "/children/")
    page.evaluate("window.notReloaded = true")
    type_date(page, 0, "2024-7-1")
    page.click("button[value=add]")
    page.wait_for_selector("#child-1")
    page.click("button[value=add]")
    page.wait_for_selector("#child-2")
    type_date(page, 2, "2025-1-1")
    page.click("#child-1 button[value='remove-1']")
    page.wait_for_function("document.querySelectorAll('.child-row').length === 2")
    assert page.evaluate("window.notReloaded") is True
    assert shown_date(page, 0) == "2024-7-1"
    assert shown_date(page, 1) == "2025-1-1"
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
    type_date(page, 0, "2099-1-1")
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
    type_date(page, 0, "2099-1-1")
    page.locator("#id_child-0-date-day").blur()
    page.wait_for_selector("#id_child-0-date-feedback .error-message")  # checked as you go
    go(page, "form > button.button:not(.secondary)")
    summary = page.locator(".error-summary")
    assert summary.is_visible()
    assert page.evaluate("document.activeElement.classList.contains('error-summary')")
    assert shown_date(page, 0) == "2099-1-1"
    summary.locator("a[href='#id_child-0-date-year']").click()
    type_date(page, 0, "2024-7-1")
    go(page, "form > button.button:not(.secondary)")
    assert "第1胎：出生日期不能晚于今天" not in page.content()
    page.context.close()


def test_a_date_fixed_as_you_go_is_no_longer_marked_invalid(browser, site):
    page = new_page(browser, PHONE)
    page.goto(site + "/children/")
    date = page.locator("#id_child-0-date")
    page.check("#id_child-0-born_0")
    type_date(page, 0, "2024-2-30")
    page.locator("#id_child-0-babies_0").focus()  # the boxes are left: the date is checked
    page.wait_for_selector("#id_child-0-date-feedback .error-message")
    assert (
        page.locator("#id_child-0-date-feedback")
        .inner_text()
        .endswith("第1胎：“日”要在1到29之间（2024年2月只有29天）")
    )
    assert invalid_boxes(page, 0) == ["day"]
    assert date.get_attribute("aria-describedby") == "id_child-0-date-hint id_child-0-date-error"
    page.fill("#id_child-0-date-day", "29")
    page.locator("#id_child-0-babies_0").focus()
    page.wait_for_selector("#id_child-0-date-feedback .error-message", state="detached")
    assert invalid_boxes(page, 0) == []
    assert date.get_attribute("aria-describedby") == "id_child-0-date-hint"
    page.context.close()

    # After a full page with the error (no JavaScript needed), the same recovery as you go.
    page = new_page(browser, PHONE)
    page.goto(site + "/children/")
    page.check("#id_child-0-born_0")
    type_date(page, 0, "2099-1-1")
    go(page, "form > button.button:not(.secondary)")
    assert invalid_boxes(page, 0) == ["year", "month", "day"]  # wrong as a whole
    type_date(page, 0, "2024-7-1")
    page.locator("#id_child-0-babies_0").focus()
    page.wait_for_selector("#id_child-0-date-feedback .error-message", state="detached")
    assert invalid_boxes(page, 0) == []
    assert page.locator("#id_child-0-date.field-error").count() == 0
    page.context.close()


def test_moving_between_a_date_s_boxes_does_not_check_it_yet(browser, site):
    page = new_page(browser, DESKTOP)
    page.goto(site + "/children/")
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.method))
    page.check("#id_child-0-born_0")
    page.locator("#id_child-0-date-year").fill("2024")
    page.keyboard.press("Tab")
    page.keyboard.type("7")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_child-0-date-day"
    assert "POST" not in requests  # still inside the date: "missing a day" would be unfair
    page.keyboard.type("1")
    page.keyboard.press("Tab")  # leaves the date
    page.wait_for_function("!document.querySelector('.htmx-request')")
    assert requests.count("POST") == 1
    assert page.locator("#id_child-0-date-feedback .error-message").count() == 0
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
    type_date(page, 0, "2024-7-1")
    page.check("#id_child-0-babies_1")
    go(page, ".lang-switch button")
    assert page.locator("h1").inner_text() == "About the children"
    assert page.is_checked("#id_child-0-born_0")
    assert shown_date(page, 0) == "2024-7-1"
    assert page.is_checked("#id_child-0-babies_1")
    assert page.locator(".error-message").count() == 0
    go(page, ".lang-switch button")
    assert page.locator("h1").inner_text() == "孩子的情况"
    assert shown_date(page, 0) == "2024-7-1"
    page.context.close()


def test_twins_entered_once_count_as_two_children(browser, site):
    family = FAMILIES[2]
    assert any(isinstance(k, Kid) and k.babies == 2 for k in family.children)
    page = new_page(browser, DESKTOP)
    walk(page, site, family)
    assert page.locator(".for-whom").filter(has_text="第三个孩子").count() >= 1
    page.context.close()


def shown_date(page, row: int) -> str:
    return "-".join(page.input_value(f"#id_child-{row}-date-{p}") for p in ("year", "month", "day"))


def invalid_boxes(page, row: int) -> list[str]:
    return [
        part
        for part in ("year", "month", "day")
        if page.get_attribute(f"#id_child-{row}-date-{part}", "aria-invalid") == "true"
    ]


def visible(page, *selectors: str) -> list[bool]:
    return [page.locator(selector).is_visible() for selector in selectors]


PARENT_PARTS = (
    "#parent-mother",
    "#parent-father",
    "#mother-if-employed",
    "#mother-work-place",
    "#mother-if-not-employed",
    "#id_mother-unemployment_benefit",
)


@pytest.mark.parametrize(
    ("viewport", "locale"),
    [(PHONE, "zh-CN"), (DESKTOP, "en-US")],
    ids=["phone-zh", "desktop-en"],
)
def test_each_question_appears_as_soon_as_the_answer_it_follows_is_given(
    browser, site, viewport, locale
):
    page = new_page(browser, viewport, locale=locale)
    page.goto(site + "/parents/")
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    assert page.locator("input[type=radio]:checked").count() == 0  # nothing answered in advance
    assert visible(page, *PARENT_PARTS) == [False] * 6
    assert page.locator(".if-no-js").first.is_visible() is False
    page.check("#id_who_1")  # only the mother
    assert visible(page, *PARENT_PARTS) == [True, False, False, False, False, False]
    page.check("#id_mother-employed_0")
    assert visible(page, *PARENT_PARTS) == [True, False, True, False, False, False]
    page.check("#id_mother-works_where_1")  # somewhere else: its place is asked
    assert visible(page, *PARENT_PARTS) == [True, False, True, True, False, False]
    page.check("#id_mother-employed_1")
    assert visible(page, *PARENT_PARTS) == [True, False, False, False, True, False]
    page.check("#id_mother-receives_unemployment_benefit_0")
    assert visible(page, *PARENT_PARTS) == [True, False, False, False, True, True]
    page.check("#id_who_0")
    assert visible(page, "#parent-father") == [True]
    assert requests == []  # instant: no request to the server
    assert not axe_violations(page)
    page.context.close()


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_without_javascript_every_question_is_there_with_when_to_answer_it(browser, site, viewport):
    page = new_page(browser, viewport, javascript=False)
    page.goto(site + "/parents/")
    assert visible(page, *PARENT_PARTS) == [True] * 6
    assert page.locator(".if-no-js").first.is_visible()
    assert "如果母亲在用人单位工作，请回答：" in page.inner_text("#parent-mother")
    page.goto(site + "/children/")
    assert page.locator("#child-0-if-born").is_visible()
    assert page.locator("#id_child-0-date-year").get_attribute("inputmode") == "numeric"
    page.context.close()


def test_without_javascript_the_answers_that_do_not_apply_are_ignored(browser, site):
    """Every question is on the page; one answered for a parent it does not apply to (where an
    unemployed mother's employer is) is not saved, and not held against her."""
    family = Family(
        "庆元, mother not employed",
        home="331126",
        mother="331126",
        father=None,
        employed={"mother": False, "father": True},
        unemployment_benefit={"mother": "1850"},
        children=[Kid("2024-03-01", hukou="331126")],
    )
    page = new_page(browser, DESKTOP, javascript=False)
    page.goto(site + "/place/")
    choose_place(page, "home", family.home, js=False)
    go(page, "form button.button:not(.secondary)")
    page.check("#id_who_1")
    answer_parent(page, family, "mother", js=False)
    page.check("#id_mother-works_where_1")  # answered, though it does not apply
    go(page, "form > button.button:not(.secondary)")
    assert page.url.endswith("/children/")
    answer_child(page, 0, family.children[0], js=False)
    go(page, "form > button.button:not(.secondary)")
    rows = page.locator(".summary-row").all_inner_texts()
    assert any("每月失业保险金" in row and "1,850元" in row for row in rows)
    assert not any("用人单位所在地" in row for row in rows)
    page.context.close()


@pytest.mark.parametrize(
    ("javascript", "locale"),
    [(True, "zh-CN"), (False, "en-US")],
    ids=["htmx-zh", "no-js-en"],
)
def test_a_date_is_typed_in_its_boxes_with_the_keyboard(browser, site, javascript, locale):
    page = new_page(browser, PHONE, javascript=javascript, locale=locale)
    page.goto(site + "/children/")
    page.check("#id_child-0-born_0")
    page.locator("#id_child-0-date-year").focus()
    page.keyboard.type("2024")
    page.keyboard.press("Tab")
    page.keyboard.type("2")
    page.keyboard.press("Tab")
    page.keyboard.type("30")
    go(page, "form > button.button:not(.secondary)")
    message = (
        "第1胎：“日”要在1到29之间（2024年2月只有29天）"
        if locale == "zh-CN"
        else "Birth 1: The day must be between 1 and 29 (February 2024 has 29 days)"
    )
    assert message in page.locator(".error-summary").inner_text()
    assert invalid_boxes(page, 0) == ["day"]
    assert shown_date(page, 0) == "2024-2-30"
    page.context.close()


def test_the_questions_work_with_the_keyboard_alone(browser, site):
    """What the accessibility statement says was tested: answering (a reveal included), typing a
    date, adding and removing a child, all from the keyboard."""
    page = new_page(browser, DESKTOP)
    page.goto(site + "/parents/")
    page.locator("#id_who_0").focus()
    page.keyboard.press("Space")  # both parents
    page.keyboard.press("ArrowDown")  # a radio group moves and chooses with the arrows
    assert page.is_checked("#id_who_1")
    assert visible(page, "#parent-mother", "#parent-father") == [True, False]
    page.locator("#id_mother-employed_0").focus()
    page.keyboard.press("Space")
    assert visible(page, "#mother-if-employed") == [True]

    page.goto(site + "/children/")
    page.locator("#id_child-0-born_0").focus()
    page.keyboard.press("Space")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "id_child-0-date-year"
    for part in ("2024", "7", "1"):
        page.keyboard.type(part)
        page.keyboard.press("Tab")
    assert shown_date(page, 0) == "2024-7-1"
    assert page.evaluate("document.activeElement.name") == "child-0-babies"
    page.keyboard.press("Space")
    page.locator("button[value=add]").focus()
    page.keyboard.press("Enter")
    _focused(page, "id_child-1-born_0")  # the new row's first question
    page.locator("#child-1 button[value='remove-1']").focus()
    page.keyboard.press("Enter")
    _focused(page, "id_child-0-born_0")
    assert shown_date(page, 0) == "2024-7-1" and page.is_checked("#id_child-0-babies_0")
    page.context.close()
