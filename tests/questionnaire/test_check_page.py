"""Check your answers: every answer in the order asked (where the family lives, who the parents
are, the mother before the father, then each birth in order), places by name and never by code,
each with a "change" link to its question that comes back here once saved."""

from __future__ import annotations

import re
from html import unescape

import pytest

from tests.questionnaire.support import Family, Kid, answer, children_data, place_data

pytestmark = pytest.mark.django_db

FAMILY = Family(
    "宁波, mother with 拱墅 hukou, father working in 郑州, one expected",
    home="330203",
    mother="330105",
    father="",  # don't know
    employed={"mother": False, "father": True},
    unemployment_benefit={"mother": "1850"},
    works_in={"father": "410105"},
    children=[
        Kid("2021-01-01", hukou="330105", difficult_birth=True),
        Kid("2024-05-01", babies=2, of_this_couple=False),
    ],
)


def rows(page: str) -> list[tuple[str, str, str]]:
    """(question, answer, change link) of each row, in page order."""
    found = re.findall(
        r"<dt>(.*?)</dt>\s*<dd>(.*?)</dd>\s*<dd class=\"summary-action\"><a href=\"([^\"]+)\">",
        page,
        re.S,
    )
    return [(unescape(q), unescape(a), unescape(link)) for q, a, link in found]


def test_the_answers_are_listed_in_the_order_asked_with_places_by_name(client):
    page = answer(client, FAMILY).content.decode()
    assert rows(page) == [
        ("您家住在哪里", "浙江省 宁波市 海曙区", "/place/?return=check#home-place"),
        ("这个家庭有哪些父母", "父母双方", "/parents/?return=check#id_who_0"),
        ("母亲的户口所在地", "浙江省 杭州市 拱墅区", "/parents/?return=check#mother-hukou-place"),
        ("母亲是否在用人单位工作", "否", "/parents/?return=check#id_mother-employed_0"),
        (
            "母亲是否正在领取失业保险金",
            "是",
            "/parents/?return=check#id_mother-receives_unemployment_benefit_0",
        ),
        (
            "母亲每月失业保险金",
            "1,850元",
            "/parents/?return=check#id_mother-unemployment_benefit",
        ),
        ("父亲的户口所在地", "不清楚或尚未登记", "/parents/?return=check#father-hukou-place"),
        ("父亲是否在用人单位工作", "是", "/parents/?return=check#id_father-employed_0"),
        (
            "父亲的用人单位所在地",
            "河南省 郑州市 金水区",
            "/parents/?return=check#id_father-works_where_0",
        ),
        ("孩子出生了吗", "已出生", "/children/?return=check#id_child-0-born_0"),
        ("出生日期", "2021年1月1日", "/children/?return=check#id_child-0-date-year"),
        ("这一胎有几个孩子", "1个（单胎）", "/children/?return=check#id_child-0-babies_0"),
        ("孩子的户口登记地", "浙江省 杭州市 拱墅区", "/children/?return=check#child-0-hukou-place"),
        (
            "是这对夫妻共同生育的孩子吗",
            "是",
            "/children/?return=check#id_child-0-of_this_couple_0",
        ),
        ("难产", "是", "/children/?return=check#id_child-0-difficult_birth"),
        ("孩子出生了吗", "已出生", "/children/?return=check#id_child-1-born_0"),
        ("出生日期", "2024年5月1日", "/children/?return=check#id_child-1-date-year"),
        ("这一胎有几个孩子", "2个（双胞胎）", "/children/?return=check#id_child-1-babies_0"),
        ("孩子的户口登记地", "不清楚或尚未登记", "/children/?return=check#child-1-hukou-place"),
        (
            "是这对夫妻共同生育的孩子吗",
            "否",
            "/children/?return=check#id_child-1-of_this_couple_0",
        ),
        ("难产", "否", "/children/?return=check#id_child-1-difficult_birth"),
    ]
    assert re.findall(r"<h2>(.*?)</h2>", page) == ["居住地", "父母", "第1胎", "第2胎"]
    assert not re.search(r">\s*\d{6}\s*<", page)  # no place code shown


def test_every_change_link_goes_to_an_element_of_its_page(client):
    page = answer(client, FAMILY).content.decode()
    for _question, _value, link in rows(page):
        path, anchor = link.split("#")
        assert f'id="{anchor}"' in client.get(path).content.decode(), link


def test_each_change_link_says_for_a_screen_reader_what_it_changes(client):
    page = answer(client, FAMILY).content.decode()
    labels = re.findall(r'修改<span class="visually-hidden"> ([^<]+)</span>', page)
    assert "第2胎：出生日期" in labels and "母亲的户口所在地" in labels
    assert len(labels) == len(set(labels)) == len(rows(page))


def test_a_change_comes_back_to_the_check_page(client):
    answer(client, FAMILY)
    data = children_data([Kid("2021-01-01", hukou="330105"), Kid("2024-06-01")])
    response = client.post("/children/?return=check", data, follow=True)
    assert response.redirect_chain[-1][0] == "/check/"
    assert ("出生日期", "2024年6月1日", "/children/?return=check#id_child-1-date-year") in rows(
        response.content.decode()
    )
    page = client.get("/parents/?return=check").content.decode()
    assert '<form method="post" action="/parents/?return=check"' in page
    assert '<a class="back-link" href="/check/">返回检查页</a>' in page


def test_an_expected_child_shows_its_due_date_and_no_birth_questions(client, today):
    today("2025-06-01")
    family = Family("expecting", home="330105", mother="330105", father=None)
    family.children = [Kid("2025-12-01", born=False, hukou="330105")]
    page = answer(client, family).content.decode()
    child = [row[:2] for row in rows(page) if "child-0" in row[2]]
    assert child[:2] == [("孩子出生了吗", "还没出生（怀孕中）"), ("预产期", "2025年12月1日")]
    assert "难产" not in [question for question, _ in child]
    assert ("这个家庭有哪些父母", "只有母亲") in [row[:2] for row in rows(page)]


def test_the_check_page_in_english_names_places_in_english(client):
    client.cookies["django_language"] = "en"
    page = answer(client, FAMILY).content.decode()
    shown = {question: value for question, value, _ in rows(page)}
    assert shown["Where your family lives"] == "Haishu District, Ningbo City, Zhejiang Province"
    assert shown["Mother's hukou place"] == "Gongshu District, Hangzhou City, Zhejiang Province"
    assert shown["Mother's monthly unemployment benefit"] == "1,850 yuan"
    assert re.findall(r"<h2>(.*?)</h2>", page) == [
        "Where the family lives",
        "Parents",
        "Birth 1",
        "Birth 2",
    ]
    other_language = re.sub(r'<button[^>]*lang="zh-Hans"[^>]*>[^<]*</button>', "", page)
    assert not re.search(r"[\u4e00-\u9fff]", other_language)  # no stray Chinese


def test_a_family_with_no_children_says_so(client):
    family = Family("no children", home="330105", mother="330105", father=None, children=[])
    client.post("/place/", place_data("home", family.home))
    page = answer(client, family).content.decode()
    assert ("孩子", "没有填写孩子", "/children/?return=check#children-rows") in rows(page)
