"""The place selects read only what lies under the level above, as the parent last saw it; and a
page of many selects costs the same few queries as a page of one."""

from __future__ import annotations

import pytest

from apps.households.models import Household
from apps.jurisdictions.forms import UNKNOWN, place_form
from tests.questionnaire.support import Family, Kid, children_data, parents_data, walk

pytestmark = pytest.mark.django_db

FAMILY = Family(
    "郑州",
    home="410105",
    mother="410105",
    father="410102",
    children=[Kid("2024-07-01", hukou="410105")],
)
HENAN = {"province": "410000", "city": "410100", "county": "410105"}  # 河南 郑州 金水区


def _form(kind: str, **levels: str):
    return place_form({f"p-{level}": code for level, code in levels.items()}, prefix="p", kind=kind)


@pytest.mark.parametrize(
    ("posted", "code"),
    [
        (HENAN, "410105"),
        ({**HENAN, "province": "140000"}, "140000"),  # province changed: 郑州 is not in 山西
        ({**HENAN, "city": "410200"}, "410200"),  # city changed: 金水区 is not in 开封
        ({**HENAN, "city": ""}, "410000"),  # city cleared: the hidden county is dropped
        ({**HENAN, "province": UNKNOWN}, None),  # "don't know": nothing below it counts
    ],
)
def test_a_hukou_counts_only_the_levels_under_the_one_above(posted, code):
    form = _form("hukou", **posted)
    assert form.is_valid(), form.errors
    assert form.code == code


@pytest.mark.parametrize(
    "posted",
    [
        {**HENAN, "province": ""},  # province cleared: nothing below it counts
        {**HENAN, "province": "999999"},  # not a place at all
        {},  # not answered
    ],
)
def test_a_hukou_must_be_answered_with_don_t_know_as_one_answer(posted):
    form = place_form(
        {f"p-{level}": code for level, code in posted.items()},
        prefix="p",
        kind="hukou",
        whose="父亲",
    )
    assert not form.is_valid()
    assert form.errors == {"province": ["父亲：请选择户口所在地"]}
    assert form["province"].field.choices[:2] == [("", "请选择"), (UNKNOWN, "不清楚或尚未登记")]


def test_a_changed_province_asks_for_its_city_not_about_the_old_one():
    form = _form("residence", **{**HENAN, "province": "140000"})
    assert not form.is_valid()
    assert form.errors == {"city": ["请选择城市"]}
    assert form.levels_shown == ["province", "city"]
    assert form["city"].value() == ""


def test_without_javascript_a_changed_hukou_province_is_saved_without_the_old_city(client):
    walk(client, FAMILY)
    data = parents_data(FAMILY) | {"mother-hukou-province": "140000"}
    assert data["mother-hukou-city"] == "410100"  # still in the form, as the browser sends it
    response = client.post("/parents/", data)
    assert response.status_code == 302
    assert Household.objects.get().parents.get(role="mother").hukou_id == "140000"


def test_without_javascript_a_changed_home_province_asks_for_the_new_city(client):
    response = client.post(
        "/place/", {f"home-{k}": v for k, v in HENAN.items()} | {"home-province": "140000"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "请选择城市" in page
    assert "这个地点不在上一级之下" not in page
    assert '<option value="140100"' in page  # 太原市: the new province's cities
    assert '<option value="410100"' not in page


@pytest.mark.parametrize("rows", [1, 19])
def test_the_children_page_queries_do_not_grow_with_the_rows(
    client, rows, django_assert_max_num_queries
):
    walk(client, FAMILY)
    data = children_data([Kid("2024-07-01", hukou="410105")] * rows)
    with django_assert_max_num_queries(8):
        response = client.post("/children/", {**data, "action": "add"})
    assert response.content.decode().count('class="child-row"') == rows + 1
    assert response.content.decode().count('<option value="410105" selected>') == rows
