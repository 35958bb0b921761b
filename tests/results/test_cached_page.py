"""The results page is computed once per change of what it depends on, and served from the cache
otherwise: a page seen again costs no evaluation and no rendering, and any change (an answer, an
application, the rules, the language, the day) is seen at once."""

from __future__ import annotations

import pytest
from django.utils import timezone

from apps.applications.selectors import cash_entitlements, entitlement_claim, family_child_dates
from apps.applications.services import application_submit
from apps.benefits.models import Program
from apps.benefits.services import entitlements_compute
from apps.households import views
from apps.households.selectors import household_family
from tests.questionnaire.support import Family, Kid, children_data, walk

pytestmark = pytest.mark.django_db
FAMILY = Family(
    "郑州 second child",
    home="410105",
    mother="410105",
    father="410105",
    children=[Kid("2021-03-02", hukou="410105"), Kid("2024-07-01", hukou="410105")],
)


def main(page: str) -> str:
    """The page's own content (the header's forms carry a fresh CSRF token each time)."""
    return page.split('<main id="main"')[1]


@pytest.fixture
def evaluations(monkeypatch):
    """How many times the engine ran for the page."""
    counted = {"n": 0}
    real = views._evaluation

    def counting(household):
        counted["n"] += 1
        return real(household)

    monkeypatch.setattr(views, "_evaluation", counting)
    return counted


def test_a_page_seen_again_is_not_computed_again(client, today, evaluations):
    today("2025-06-01")
    walk(client, FAMILY)
    first = client.get("/results/").text
    runs = evaluations["n"]

    again = client.get("/results/").text

    assert evaluations["n"] == runs
    assert main(again) == main(first)


def test_a_changed_answer_is_seen_at_once(client, today):
    today("2025-06-01")
    walk(client, FAMILY)
    before = client.get("/results/").text

    client.post("/children/", children_data(FAMILY.children[:1]))

    after = client.get("/results/").text
    assert main(after) != main(before)
    assert "2024年7月1日" in before and "2024年7月1日" not in after


def test_new_rules_are_seen_at_once(client, today):
    today("2025-06-01")
    walk(client, FAMILY)
    assert "5,000元" in client.get("/results/").text
    program = Program.objects.get(slug="zhengzhou-2023-childrearing-subsidy")
    program.params = {**program.params, "amounts": {**program.params["amounts"], "2": "5500"}}
    program.save()

    assert "5,500元" in client.get("/results/").text


def test_each_language_and_day_has_its_own_page(client, today, evaluations):
    today("2025-06-01")
    walk(client, FAMILY)
    client.get("/results/")
    runs = evaluations["n"]

    english = client.get("/results/", HTTP_ACCEPT_LANGUAGE="en")
    today("2025-06-02")
    tomorrow = client.get("/results/")

    assert main(english.text) != main(client.get("/results/").text)
    assert 'lang="en"' in english.text
    assert evaluations["n"] == runs + 2
    assert "2025年6月2日" in tomorrow.text


def test_applying_changes_the_page_at_once(client, today, make_application_for):
    today("2025-06-01")
    page = walk(client, FAMILY)
    before = client.get("/results/").text

    make_application_for(page.context["household"])

    assert main(client.get("/results/").text) != main(before)


@pytest.fixture
def make_application_for():
    def make(household):
        family = household_family(household=household)
        evaluation = entitlements_compute(
            family=family, jurisdiction=household.jurisdiction_id, as_of=timezone.localdate()
        )
        children = family_child_dates(family)
        return application_submit(
            household=household,
            applicant_name="王小红",
            id_number="110101199001011237",
            phone="13800138000",
            bank_account="6222020200112233446",
            entitlement_keys=[
                str(entitlement_claim(e, children))
                for e in cash_entitlements(evaluation=evaluation)
            ],
            consent_text="同意",
        )

    return make
