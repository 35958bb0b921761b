"""The Content-Security-Policy refuses nothing the site itself does: a whole journey with htmx,
the results, the admin and the API's documentation, in a tab that enforces the policy, with no
"refused" report in the console."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from tests.browser.conftest import DESKTOP, new_page
from tests.browser.journey import walk
from tests.questionnaire.test_flow import FAMILIES

pytestmark = pytest.mark.browser


def test_nothing_the_site_does_is_refused_by_its_policy(browser, site):
    page = new_page(browser, DESKTOP, csp=True)
    refused: list[str] = []
    page.on(
        "console",
        lambda message: (
            refused.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    walk(page, site, FAMILIES[0])
    page.goto(site + "/save/")
    page.goto(site + "/api/v1/docs")
    page.wait_for_selector(".swagger-ui")
    get_user_model().objects.create_superuser("root", "root@example.cn", "a-long-password-1")
    page.goto(site + "/admin/login/")
    page.fill("#id_username", "root")
    page.fill("#id_password", "a-long-password-1")
    with page.expect_navigation():
        page.click("input[type=submit]")
    page.goto(site + "/admin/applications/application/")
    page.goto(site + "/admin/benefits/program/")

    assert page.locator("#changelist").count() == 1
    assert not refused, refused
    page.context.close()
