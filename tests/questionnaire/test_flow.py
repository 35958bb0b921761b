"""A family per local policy walks the questionnaire without JavaScript and sees on the results
page exactly what the API answers for the same family on the same day."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils.html import escape

from apps.benefits.engine import text
from tests.questionnaire.support import Family, Kid, api_answer, walk

pytestmark = pytest.mark.django_db

FAMILIES = [
    Family(
        "郑州金水区",
        home="410105",
        mother="410105",
        father="410102",
        children=[Kid("2021-03-02", hukou="410105"), Kid("2024-07-01", hukou="410105")],
    ),
    Family(
        "永济",
        home="140881",
        mother="140881",
        father="140881",
        children=[Kid("2022-05-01", hukou="140881"), Kid("2025-03-01", hukou="140881")],
    ),
    Family(
        "红河蒙自",
        home="532503",
        mother="532503",
        father="532503",
        children=[Kid("2023-05-01", hukou="532503"), Kid("2025-02-01", hukou="532503", babies=2)],
    ),
    Family(
        "杭州拱墅",
        home="330105",
        mother="330105",
        father="330106",
        children=[
            Kid("2020-01-10", hukou="330105"),
            Kid("2024-09-01", hukou="330105", difficult_birth=True),
        ],
    ),
    Family(
        "宁波, hukou in 拱墅, father working in 郑州",
        home="330203",
        mother="330105",
        father="330203",
        children=[Kid("2021-01-01", hukou="330105"), Kid("2025-08-01", hukou="330105")],
        works_in={"father": "410105"},
    ),
    Family(
        "庆元",
        home="331126",
        mother="331126",
        father=None,
        children=[Kid("2019-01-01"), Kid("2022-06-01"), Kid("2024-03-01", hukou="331126")],
    ),
]


def _eligible(entries: list[dict]) -> set[tuple]:
    return {
        (e["program"], e["child"], e["parent"], e["amount"], e["days"])
        for e in entries
        if e["eligible"]
    }


@pytest.mark.parametrize("family", FAMILIES, ids=[f.name for f in FAMILIES])
def test_results_match_the_api(client, family):
    response = walk(client, family)
    assert response.status_code == 200
    evaluation = response.context["evaluation"]
    api = api_answer(client, family, as_of=evaluation.as_of.isoformat())
    shown = {
        (
            e.program,
            e.child,
            e.parent,
            None if e.amount is None else f"{e.amount:.2f}",
            e.days,
        )
        for e in evaluation.entitlements
        if e.eligible
    }
    assert shown == _eligible(api["entitlements"])
    assert shown, "every local family gets something"
    page = response.content.decode()
    for key in ("one_off", "recurring"):
        assert f"{text.fmt_money(Decimal(api['totals'][key]))}元" in page
    for entry in api["entitlements"]:
        if entry["eligible"] and entry["amount"] and entry["category"] == "one_off":
            assert f"{text.fmt_money(Decimal(entry['amount']))}元" in page
    assert "这是估算，不是审批决定" in page
    assert evaluation.rules_version in page


def test_a_local_family_gets_its_local_grant(client):
    response = walk(client, FAMILIES[0])
    programs = {e.program for e in response.context["evaluation"].entitlements if e.eligible}
    assert any(p.startswith("zhengzhou") for p in programs)


def test_leave_shows_its_parts_and_their_sum(client):
    response = walk(client, FAMILIES[0])
    page = response.content.decode()
    assert "98 + 90 = 188天" in page


def test_a_missed_entitlement_is_listed_with_its_reason_and_what_would_change_it(client):
    family = Family(
        "郑州, child hukou elsewhere",
        home="410105",
        mother="410105",
        father="410105",
        children=[Kid("2021-03-02", hukou="410105"), Kid("2024-07-01", hukou="110101")],
    )
    response = walk(client, family)
    missed = [e for e in response.context["evaluation"].entitlements if not e.eligible]
    assert missed
    page = response.content.decode()
    assert "暂时不能享受的待遇" in page
    with_change = next(e for e in missed if e.program == "zhengzhou-2023-childrearing-subsidy")
    assert with_change.reason in page
    assert "孩子户口登记在郑州市时可以享受" in page
    assert "/children/?return=check#child-1" in page


def test_english_results_have_english_reasons(client):
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    response = walk(client, FAMILIES[0])
    page = response.content.decode()
    assert "What your family can get" in page
    assert "This is an estimate, not a decision." in page
    evaluation = response.context["evaluation"]
    assert evaluation.lang == "en"
    for entry in evaluation.entitlements:
        assert escape(entry.reason) in page
        assert not any("\u4e00" <= char <= "\u9fff" for char in entry.reason), entry.reason
