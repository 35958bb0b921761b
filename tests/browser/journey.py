"""A parent's journey through the questionnaire, in a real browser, as keyboard and mouse do."""

from __future__ import annotations

from pathlib import Path

import axe_playwright_python
from playwright.sync_api import Page

from apps.jurisdictions.forms import PlaceForm
from tests.questionnaire.support import Family

AXE = Path(axe_playwright_python.__file__).parent / "axe.min.js"
SHOTS = Path("/tmp/ui-shots")


def axe_serious(page: Page) -> list[dict]:
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [v for v in results["violations"] if v["impact"] in ("serious", "critical")]


def check_page(page: Page, audit: list[tuple[str, list[dict]]] | None, name: str) -> None:
    if audit is not None:
        audit.append((f"{name} {page.url}", axe_serious(page)))


def choose_place(page: Page, prefix: str, code: str | None, *, js: bool) -> None:
    for level, value in PlaceForm.initial_for(code).items():
        select = f"#id_{prefix}-{level}"
        page.wait_for_selector(select)
        page.select_option(select, value)
        if not js:
            page.click(f"#{prefix}-selects button[name=refresh]")
            page.wait_for_load_state()
        else:
            page.wait_for_function(
                "([sel, v]) => { const s = document.querySelector(sel); return s && s.value === v && !document.querySelector('.htmx-request'); }",
                arg=[select, value],
            )


def go(page: Page, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


def walk(
    page: Page, base: str, family: Family, *, js: bool = True, audit=None, shots: str = ""
) -> None:
    page.goto(base + "/")
    check_page(page, audit, "home")
    go(page, ".start-button")
    choose_place(page, "home", family.home, js=js)
    check_page(page, audit, "place")
    _shot(page, shots, "place")
    go(page, "form button.button:not(.secondary)")
    roles = [r for r in ("mother", "father") if getattr(family, r) is not None]
    page.check("#id_who_" + {2: "0", 1: "1" if roles == ["mother"] else "2"}[len(roles)])
    for role in roles:
        choose_place(page, f"{role}-hukou", getattr(family, role) or None, js=js)
        page.check(f"#id_{role}-employed_{0 if family.employed[role] else 1}")
        if role in family.works_in:
            page.check(f"#id_{role}-works_where_1")  # somewhere else: its place is asked
            choose_place(page, f"{role}-work", family.works_in[role], js=js)
    check_page(page, audit, "parents")
    _shot(page, shots, "parents")
    go(page, "form > button.button:not(.secondary)")
    for i, kid in enumerate(family.children):
        if i > 0:
            if js:
                page.click("button[value=add]")
            else:
                go(page, "button[value=add]")
            page.wait_for_selector(f"#child-{i}")
        page.check(f"#id_child-{i}-born_{0 if kid.born else 1}")
        page.fill(f"#id_child-{i}-date", kid.date)
        page.select_option(f"#id_child-{i}-babies", str(kid.babies))
        if kid.difficult_birth:
            page.check(f"#id_child-{i}-difficult_birth")
        choose_place(page, f"child-{i}-hukou", kid.hukou, js=js)
    check_page(page, audit, "children")
    _shot(page, shots, "children")
    go(page, "form > button.button:not(.secondary)")
    assert page.url.endswith("/check/"), page.url
    check_page(page, audit, "check")
    _shot(page, shots, "check")
    go(page, "a.button[href='/results/']")
    check_page(page, audit, "results")
    _shot(page, shots, "results")


def _shot(page: Page, prefix: str, name: str) -> None:
    if prefix:
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{prefix}-{name}.png"), full_page=True)
