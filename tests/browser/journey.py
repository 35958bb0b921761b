"""A parent's journey through the questionnaire, in a real browser, as keyboard and mouse do."""

from __future__ import annotations

from pathlib import Path

import axe_playwright_python
from playwright.sync_api import Page

from apps.jurisdictions.forms import UNKNOWN, PlaceForm
from tests.questionnaire.support import Family, Kid

AXE = Path(axe_playwright_python.__file__).parent / "axe.min.js"
SHOTS = Path("/tmp/ui-shots")


def axe_violations(page: Page) -> list[dict]:
    """Every problem axe-core finds on the page, whatever its impact."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    return page.evaluate("axe.run(document, {resultTypes: ['violations']})")["violations"]


def problems(audit: list[tuple[str, list[dict]]]) -> list[tuple]:
    """The audit's violations, one line each: page, rule, impact, help, the first nodes."""
    return [
        (url, v["id"], v["impact"], v["help"], [n["target"] for n in v["nodes"]][:3])
        for url, violations in audit
        for v in violations
    ]


def check_page(page: Page, audit: list[tuple[str, list[dict]]] | None, name: str) -> None:
    """Audit the page: every violation, whatever its impact."""
    if audit is not None:
        audit.append((f"{name} {page.url}", axe_violations(page)))


def choose_place(page: Page, prefix: str, code: str | None, *, js: bool) -> None:
    """Choose a place level by level (`UNKNOWN`: "don't know"), as a parent does: with htmx
    each choice brings the next list; without JavaScript the "update" button does."""
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
        answer_parent(page, family, role, js=js)
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
        answer_child(page, i, kid, js=js)
    check_page(page, audit, "children")
    _shot(page, shots, "children")
    go(page, "form > button.button:not(.secondary)")
    assert page.url.endswith("/check/"), page.url
    check_page(page, audit, "check")
    _shot(page, shots, "check")
    go(page, "a.button[href='/results/']")
    check_page(page, audit, "results")
    _shot(page, shots, "results")


def answer_parent(page: Page, family: Family, role: str, *, js: bool) -> None:
    """One parent's questions, each shown once the answer it follows is given."""
    choose_place(page, f"{role}-hukou", getattr(family, role) or UNKNOWN, js=js)
    if family.employed[role]:
        page.check(f"#id_{role}-employed_0")
        if role in family.works_in:
            page.check(f"#id_{role}-works_where_1")  # somewhere else: its place is asked
            choose_place(page, f"{role}-work", family.works_in[role], js=js)
        else:
            page.check(f"#id_{role}-works_where_0")
        return
    page.check(f"#id_{role}-employed_1")
    benefit = family.unemployment_benefit.get(role)
    page.check(f"#id_{role}-receives_unemployment_benefit_{0 if benefit else 1}")
    if benefit:
        page.fill(f"#id_{role}-unemployment_benefit", benefit)


def type_date(page: Page, row: int, day: str) -> None:
    """Type a date ("2024-07-01") in a row's year, month and day boxes."""
    for part, value in zip(("year", "month", "day"), day.split("-"), strict=True):
        page.fill(f"#id_child-{row}-date-{part}", value)


def answer_child(page: Page, row: int, kid: Kid, *, js: bool) -> None:
    page.check(f"#id_child-{row}-born_{0 if kid.born else 1}")
    type_date(page, row, kid.date)
    page.check(f"#id_child-{row}-babies_{kid.babies - 1}")
    choose_place(page, f"child-{row}-hukou", kid.hukou or UNKNOWN, js=js)
    page.check(f"#id_child-{row}-of_this_couple_{0 if kid.of_this_couple else 1}")
    if kid.difficult_birth:
        page.check(f"#id_child-{row}-difficult_birth")


def _shot(page: Page, prefix: str, name: str) -> None:
    if prefix:
        SHOTS.mkdir(exist_ok=True)
        page.screenshot(path=str(SHOTS / f"{prefix}-{name}.png"), full_page=True)
