"""Honesty first (issue 15): every level of the family's places says whether its rules are
modelled; where the province's are not, the results say so at the top, in both languages, and
that the leave shown is the national minimum."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.questionnaire.support import Family, Kid, walk

pytestmark = pytest.mark.django_db
XINING = "630102"  # 西宁市城东区, 青海: no provincial regulation could be supported


def coverage(client, jurisdiction, **extra):
    body = {
        "jurisdiction": jurisdiction,
        "as_of": "2025-06-01",
        "parents": [{"role": "mother", "hukou": jurisdiction}],
        "children": [{"birth_date": "2025-03-01", "hukou": jurisdiction}],
    } | extra
    answer = client.post("/api/v1/entitlements", body, content_type="application/json").json()
    return {(c["level"], c["code"]): c for c in answer["coverage"]}


def test_each_level_of_where_the_family_lives_says_whether_it_is_modelled(client):
    found = coverage(client, "410105")  # 郑州市金水区

    assert [key for key in found] == [
        ("national", "100000"),
        ("province", "410000"),
        ("city", "410100"),
        ("county", "410105"),
    ]
    assert found[("province", "410000")]["modelled"]
    assert found[("city", "410100")]["documents"]  # 郑州's own policy
    assert not found[("county", "410105")]["modelled"]


def test_a_province_not_modelled_is_said_so(client):
    found = coverage(client, XINING)

    assert found[("national", "100000")]["modelled"]
    assert found[("province", "630000")] | {"name": "…"} == {
        "code": "630000",
        "name": "…",
        "level": "province",
        "modelled": False,
        "documents": [],
    }


def test_the_hukou_and_work_places_are_covered_too(client):
    found = coverage(
        client, "410105", parents=[{"role": "mother", "hukou": XINING, "works_in": "330105"}]
    )

    assert ("province", "630000") in found and ("county", "330105") in found


@pytest.mark.parametrize(("lang", "said"), [("zh-hans", "还没有收录"), ("en", "not covered yet")])
def test_the_results_say_at_the_top_what_is_not_covered(lang, said):
    client = Client(HTTP_ACCEPT_LANGUAGE=lang)
    family = Family(
        "西宁",
        home=XINING,
        mother=XINING,
        father=XINING,
        children=[Kid("2025-03-01", hukou=XINING)],
    )

    page = walk(client, family).content.decode()

    assert 'id="not-covered"' in page
    assert said in page
    assert page.index('id="not-covered"') < page.index('class="totals"')


def test_a_covered_province_has_no_such_notice(client):
    family = Family(
        "郑州",
        home="410105",
        mother="410105",
        father="410105",
        children=[Kid("2025-03-01", hukou="410105")],
    )

    assert 'id="not-covered"' not in walk(client, family).content.decode()
