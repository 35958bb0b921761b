"""What readings 9-16 change on the parent's pages: where each parent works, where each
entitlement comes from, deadlines, what an employer may grant, support in kind, and 育儿假 by
period on the page and in the calendar alike."""

from __future__ import annotations

import re

import pytest

from apps.households.models import Household, HouseholdParent
from tests.questionnaire.support import Family, Kid, children_data, hukou_data, place_data, walk

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


NINGBO_FAMILY = Family(
    "宁波, hukou in 拱墅, father working in 郑州",
    home="330203",
    mother="330105",
    father="330203",
    children=[Kid("2021-01-01", hukou="330105"), Kid("2024-05-01", hukou="330105")],
    works_in={"father": "410105"},
)


def test_the_parents_page_asks_where_an_employed_parent_works(client) -> None:
    client.post("/place/", place_data("home", "330203"))
    answers = {
        "who": "both",
        **hukou_data("mother-hukou", "330105"),
        **hukou_data("father-hukou", "330203"),
        "mother-employed": "yes",
        "mother-works_where": "elsewhere",
        "father-employed": "yes",
        "father-works_where": "same",
    }
    response = client.post("/parents/", answers)
    assert response.status_code == 200
    assert "母亲：请选择用人单位所在的省份" in response.content.decode()
    assert 'value="elsewhere" id="id_mother-works_where_1" checked' in response.content.decode()

    saved = client.post("/parents/", answers | place_data("mother-work", "410105"), follow=True)
    assert saved.redirect_chain[-1][0] == "/children/"
    client.post("/children/", children_data([Kid("2025-01-01", hukou="330105")]))
    check = text_of(client.get("/check/"))
    assert "母亲的用人单位所在地 河南省 郑州市 金水区" in check
    assert "父亲的用人单位所在地 和居住地相同" in check
    again = client.get("/parents/").content.decode()
    assert 'value="elsewhere" id="id_mother-works_where_1" checked' in again


def test_a_parent_without_an_employer_is_not_asked_where_it_is(client) -> None:
    client.post("/place/", place_data("home", "330203"))
    answers = {
        "who": "mother",
        **hukou_data("mother-hukou", None),
        "mother-employed": "no",
        "mother-receives_unemployment_benefit": "no",
        "mother-works_where": "elsewhere",  # a question not asked: ignored
    }
    assert client.post("/parents/", answers).status_code == 302
    assert Household.objects.get().parents.get().works_in_id is None


def test_the_results_say_which_places_count_and_where_each_entitlement_comes_from(
    client, today
) -> None:
    today("2024-06-01")
    page = walk(client, NINGBO_FAMILY)
    considered = page.context["results"]["considered"]
    assert "浙江省宁波市海曙区（居住地、父亲户口所在地）" in considered
    assert "浙江省杭州市拱墅区（母亲户口所在地、孩子户口所在地）" in considered
    assert "河南省郑州市金水区（父亲工作地）" in considered
    body = text_of(page)
    assert "政策地区：拱墅区" in body  # the 拱墅 grants of a family living in 宁波
    assert "政策地区：河南省" in body  # the father's 护理假, by his employer in 郑州
    assert "7,000元" in body


def test_the_results_in_english_name_the_places_too(client, today) -> None:
    today("2024-06-01")
    client.cookies["django_language"] = "en"
    page = walk(client, NINGBO_FAMILY)
    assert page.context["results"]["considered"] == [
        "Haishu District, Ningbo City, Zhejiang Province (where the family lives, the father's "
        "hukou place)",
        "Jinshui District, Zhengzhou City, Henan Province (the father's workplace)",
        "Gongshu District, Hangzhou City, Zhejiang Province (the mother's hukou place, the "
        "child's hukou place)",
    ]


GONGSHU_FAMILY = Family(
    "拱墅 second child born 2024-02-20",
    home="330105",
    mother="330105",
    father="330105",
    children=[Kid("2020-09-01", hukou="330105"), Kid("2024-02-20", hukou="330105")],
)


def test_a_deadline_to_come_is_shown_with_its_last_day(client, today) -> None:
    today("2024-06-01")
    body = text_of(walk(client, GONGSHU_FAMILY))
    assert "申请截止：2024年8月18日（含当天）" in body
    assert "申请期限已过" not in body


def test_a_deadline_that_passed_is_said_plainly_and_not_offered_for_applying(client, today) -> None:
    today("2026-11-29")
    page = walk(client, GONGSHU_FAMILY)
    body = text_of(page)
    assert "申请期限已过：最后一天是2024年8月18日，已不能申请。" in body
    assert "其中7,000元的申请期限已过，已不能申请。" in body
    apply = client.get("/apply/")  # the answers this session holds
    offered = [key for key, _label in apply.context["form"].fields["entitlements"].choices]
    assert not [key for key in offered if key.startswith(("gongshu", "hangzhou"))]


def test_what_an_employer_may_grant_has_its_own_section_in_plain_words(client, today) -> None:
    today("2025-06-01")
    family = Family(
        "永济",
        home="140881",
        mother="140881",
        father="140881",
        children=[Kid("2024-09-09", hukou="140881")],
    )
    page = walk(client, family)
    groups = {g.key: g for g in page.context["results"]["groups"]}
    titles = [i.title for i in groups["other"].items]
    assert titles == ["婴幼儿保教费（永济，单位发放）"] * 2
    assert {i.status_label for i in groups["other"].items} == {"单位可以给予"}
    (benefit,) = groups["other"].benefits
    assert "给不给由单位决定" in benefit.basis_note
    assert "婴幼儿保教费（永济，单位发放）" not in [i.title for i in groups["money"].items]
    counted = sum(i.first.amount for i in groups["money"].items if i.money)
    assert page.context["results"]["money"].total == counted  # what an employer may pay: not


HONGHE_FAMILY = Family(
    "红河, children born 2024-02-01 and 2025-09-15",
    home="532503",
    mother="532503",
    father="532503",
    children=[Kid("2024-02-01", hukou="532503"), Kid("2025-09-15", hukou="532503")],
)


def test_support_in_kind_is_apart_from_the_family_s_cash(client, today) -> None:
    today("2025-10-01")
    page = walk(client, HONGHE_FAMILY)
    groups = {g.key: g for g in page.context["results"]["groups"]}
    in_kind = [i.title for i in groups["other"].items]
    assert in_kind == ["婴幼儿意外伤害险参保补贴（红河）"] * 2
    assert {i.status_label for i in groups["other"].items} == {"代为支付"}
    (benefit,) = groups["other"].benefits
    assert "不是发给您家的现金" in benefit.basis_note
    assert "不是发给您家的现金" in page.content.decode()


def test_parental_leave_by_period_on_the_page_and_in_the_calendar(client, today) -> None:
    """红河 二（二）4: 10 days a year, 15 while both children are under 3, then 10 again."""
    today("2025-10-01")
    page = walk(client, HONGHE_FAMILY)
    body = text_of(page)
    for row in (
        "2024年2月1日 – 2025年9月14日 10天",
        "2025年9月15日 – 2027年1月31日 15天",
        "2027年2月1日 – 2028年9月14日 10天",
    ):
        assert row in body
    assert "2024年2月1日 – 2027年1月31日" not in body  # the one stretch summed up before
    calendar = re.sub(r"\r\n[ \t]", "", client.get("/results/calendar.ics").content.decode())
    events = re.findall(
        r"DTSTART;VALUE=DATE:(\d+)\r\nDTEND;VALUE=DATE:(\d+)\r\nSUMMARY:母亲 育儿假 (\d+)天/年",
        calendar,
    )
    assert events == [  # the first stretch, over by 1 October 2025, is left out
        ("20250915", "20270201", "15"),
        ("20270201", "20280915", "10"),
    ]


def test_the_children_page_still_takes_a_work_place_free_family(client) -> None:
    """A family saved before the place of work was asked keeps its results: the work place is
    where it lives, and the parents page shows it so."""
    client.post("/place/", place_data("home", "532503"))
    household = Household.objects.get()
    HouseholdParent.objects.create(household=household, role="mother", employed=True)
    response = client.post("/children/", children_data([Kid("2025-01-01")]), follow=True)
    assert response.redirect_chain[-1][0] == "/check/"
    assert client.get("/results/").status_code == 200
    page = client.get("/parents/").content.decode()
    assert 'value="same" id="id_mother-works_where_0" checked' in page
