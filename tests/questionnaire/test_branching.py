"""Questions one at a time where they branch (issue 14, item 3): a parent's questions only for the
parents in the family, where a parent works only for a parent with an employer, the
unemployment benefit only for a parent without one. Nothing is answered in advance, the server
ignores the answers to questions that do not apply, and each message says whose answer is
missing, in both languages."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest

from apps.households.models import Household
from tests.questionnaire.support import Kid, children_data, error_summary, hukou_data, place_data

pytestmark = pytest.mark.django_db

HOME = "330105"  # 杭州 拱墅区
ZHENGZHOU = "410105"


def levels(prefix: str, *codes: str) -> dict[str, str]:
    """A place question answered down to the county (the parametrized cases are built before
    any database is there to look the levels up)."""
    return dict(
        zip((f"{prefix}-province", f"{prefix}-city", f"{prefix}-county"), codes, strict=True)
    )


WORK_IN_ZHENGZHOU = levels("mother-work", "410000", "410100", ZHENGZHOU)


def post_parents(client, answers: dict[str, str]):
    client.post("/place/", place_data("home", HOME))
    return client.post("/parents/", answers)


def mother(**answers: str) -> dict[str, str]:
    """The mother alone, with her hukou answered, and the answers given."""
    return {"who": "mother", **levels("mother-hukou", "330000", "330100", HOME)} | {
        f"mother-{name}": value for name, value in answers.items()
    }


@pytest.mark.parametrize("url", ["/parents/", "/children/"])
def test_no_question_is_answered_in_advance(client, url):
    page = client.get(url).content.decode()
    assert re.findall(r'<input type="radio"[^>]*\schecked', page) == []
    assert " selected>" not in page  # every place select starts at "请选择"
    assert 'value="1"' in page or url == "/parents/"  # the number of babies is a choice too


@pytest.mark.parametrize(
    ("answers", "works_in", "benefit"),
    [
        # employed where the family lives: the unemployment benefit does not apply
        (
            mother(
                employed="yes",
                works_where="same",
                receives_unemployment_benefit="yes",
                unemployment_benefit="1850",
            )
            | WORK_IN_ZHENGZHOU,
            None,
            None,
        ),
        # employed elsewhere: that place is kept
        (
            mother(employed="yes", works_where="elsewhere") | WORK_IN_ZHENGZHOU,
            ZHENGZHOU,
            None,
        ),
        # not employed: where the employer is does not apply, nor an amount not received
        (
            mother(
                employed="no",
                works_where="elsewhere",
                receives_unemployment_benefit="no",
                unemployment_benefit="not a number",
            )
            | WORK_IN_ZHENGZHOU,
            None,
            None,
        ),
        # not employed, receiving benefit: the amount is kept
        (
            mother(employed="no", receives_unemployment_benefit="yes", unemployment_benefit="1850"),
            None,
            Decimal("1850"),
        ),
        # an amount typed as people write it: full-width digits, a comma, "元"
        (
            mother(
                employed="no",
                receives_unemployment_benefit="yes",
                unemployment_benefit="１，８５０ 元",
            ),
            None,
            Decimal("1850"),
        ),
    ],
    ids=[
        "employed-here",
        "employed-elsewhere",
        "not-employed",
        "receiving-benefit",
        "amount-as-typed",
    ],
)
def test_answers_to_questions_that_do_not_apply_are_ignored(client, answers, works_in, benefit):
    response = post_parents(client, answers)
    assert response.status_code == 302, error_summary(response.content.decode())
    saved = Household.objects.get().parents.get()
    assert (saved.works_in_id, saved.unemployment_benefit) == (works_in, benefit)


def test_the_other_parent_s_questions_are_ignored_in_a_one_parent_family(client):
    answers = mother(employed="yes", works_where="same") | {
        "father-employed": "maybe",
        "father-hukou-province": "999999",
        "father-unemployment_benefit": "x",
    }
    assert post_parents(client, answers).status_code == 302
    assert [p.role for p in Household.objects.get().parents.all()] == ["mother"]


def test_until_it_is_said_who_the_parents_are_that_is_the_one_question_judged(client):
    page = post_parents(client, {"mother-employed": "maybe"}).content.decode()
    assert error_summary(page) == ["请选择这个家庭有哪些父母"]
    assert 'href="#id_who_0"' in page


@pytest.mark.parametrize(
    ("answers", "message", "target"),
    [
        (mother(employed=""), "母亲：请回答是否在用人单位工作", "id_mother-employed_0"),
        (
            {"who": "father", "father-employed": "yes", "father-works_where": "same"},
            "父亲：请选择户口所在地",
            "id_father-hukou-province",
        ),
        (mother(employed="yes"), "母亲：请选择用人单位是否和居住地相同", "id_mother-works_where_0"),
        (
            mother(employed="yes", works_where="elsewhere"),
            "母亲：请选择用人单位所在的省份",
            "id_mother-work-province",
        ),
        (
            mother(employed="no"),
            "母亲：请回答是否正在领取失业保险金",
            "id_mother-receives_unemployment_benefit_0",
        ),
        (
            mother(employed="no", receives_unemployment_benefit="yes"),
            "母亲：请输入金额",
            "id_mother-unemployment_benefit",
        ),
        (
            mother(
                employed="no", receives_unemployment_benefit="yes", unemployment_benefit="1,8五0"
            ),
            "母亲：金额只能填数字，例如 1850",
            "id_mother-unemployment_benefit",
        ),
    ],
    ids=["employed", "hukou", "works-where", "work-place", "receives", "amount", "not-a-number"],
)
def test_a_missing_or_wrong_answer_says_whose_it_is_and_links_to_it(
    client, answers, message, target
):
    page = post_parents(client, answers).content.decode()
    assert error_summary(page) == [message]
    assert f'<a href="#{target}">{message}</a>' in page
    assert f'id="{target}"' in page
    assert Household.objects.get().parents.count() == 0  # nothing saved


def test_each_message_is_unique_when_both_parents_miss_the_same_answers(client):
    answers = {"who": "both", "mother-employed": "no", "father-employed": "yes"}
    messages = error_summary(post_parents(client, answers).content.decode())
    assert messages == [
        "母亲：请选择户口所在地",
        "母亲：请回答是否正在领取失业保险金",
        "父亲：请选择户口所在地",
        "父亲：请选择用人单位是否和居住地相同",
    ]
    assert len(set(messages)) == len(messages)


def test_the_messages_name_whose_answer_in_english_too(client):
    client.cookies["django_language"] = "en"
    answers = {
        "who": "both",
        "mother-employed": "no",
        "mother-receives_unemployment_benefit": "yes",
    }
    messages = error_summary(post_parents(client, answers).content.decode())
    assert messages == [
        "Mother: Choose where the hukou is registered, or “Don't know or not registered yet”",
        "Mother: Enter the monthly amount",
        "Father: Choose where the hukou is registered, or “Don't know or not registered yet”",
        "Father: Answer whether this parent works for an employer",
    ]


def test_without_javascript_every_question_is_shown_with_when_to_answer_it(client):
    page = client.get("/parents/").content.decode()
    for role, name in (("mother", "母亲"), ("father", "父亲")):
        for field in ("employed", "works_where", "receives_unemployment_benefit"):
            assert f'name="{role}-{field}"' in page
        assert f'name="{role}-unemployment_benefit"' in page
        assert f'id="{role}-work-place"' in page
        assert f"如果家庭里有{name}，请回答这一部分" in page
        assert f"如果{name}在用人单位工作，请回答：" in page
        assert f"如果{name}不在用人单位工作，请回答：" in page
    assert "如果用人单位在别的地方，请回答：" in page
    assert "如果正在领取失业保险金，请回答：" in page


def test_the_page_marks_what_javascript_hides_from_the_answers_already_given(client):
    """The reveal is drawn by the server (hidden only where JavaScript runs, by a class), so a
    page shown again with an error, or opened from "check your answers", shows what applies."""
    fresh = client.get("/parents/").content.decode()
    assert re.search(r'class="parent-block reveal-hidden" id="parent-mother"', fresh)
    answers = mother(employed="no", receives_unemployment_benefit="yes")
    page = post_parents(client, answers).content.decode()
    assert re.search(r'class="parent-block" id="parent-mother"', page)
    assert re.search(r'class="parent-block reveal-hidden" id="parent-father"', page)
    assert re.search(r'class="conditional" id="mother-if-not-employed"', page)
    assert re.search(r'class="conditional" id="mother-if-benefit"', page)
    assert re.search(r'class="conditional reveal-hidden" id="mother-if-employed"', page)
    for part, values in (
        ("parent-mother", "both mother"),
        ("mother-if-employed", "yes"),
        ("mother-if-elsewhere", "elsewhere"),
        ("mother-if-not-employed", "no"),
        ("mother-if-benefit", "yes"),
    ):
        assert re.search(rf'id="{part}"[^>]*data-reveal-when="{values}"', page), part


def test_saved_answers_come_back_as_given(client):
    answers = mother(
        employed="no", receives_unemployment_benefit="yes", unemployment_benefit="1850"
    )
    post_parents(client, answers)
    page = client.get("/parents/").content.decode()
    assert 'value="no" id="id_mother-employed_1" checked' in page
    assert 'value="yes" id="id_mother-receives_unemployment_benefit_0" checked' in page
    assert 'value="1850.00"' in page
    assert 'id="id_mother-works_where_0" checked' not in page  # never answered: not assumed


def test_a_hukou_not_known_is_an_answer_and_comes_back_as_one(client):
    answers = {"who": "mother", **hukou_data("mother-hukou", None)} | {
        "mother-employed": "yes",
        "mother-works_where": "same",
    }
    assert post_parents(client, answers).status_code == 302
    assert Household.objects.get().parents.get().hukou_id is None
    page = client.get("/parents/").content.decode()
    assert '<option value="unknown" selected>不清楚或尚未登记</option>' in page


@pytest.mark.parametrize(
    ("born", "difficult", "saved"),
    [("born", "on", True), ("expected", "on", False), ("born", "", False)],
)
def test_a_difficult_birth_is_asked_only_of_a_child_born(client, today, born, difficult, saved):
    today("2025-06-01")
    client.post("/place/", place_data("home", HOME))
    data = children_data([Kid("2025-12-01" if born == "expected" else "2024-07-01")])
    data |= {"child-0-born": born, "child-0-difficult_birth": difficult}
    response = client.post("/children/", data)
    assert response.status_code == 302, error_summary(response.content.decode())
    assert Household.objects.get().children.get().difficult_birth is saved


def test_a_question_that_does_not_apply_shows_no_error_either(client):
    """Without JavaScript every question is on the page: those that do not apply to the
    answers posted are shown as typed, never marked wrong."""
    answers = {"who": "mother", "mother-employed": "no", "father-employed": "maybe"}
    page = post_parents(client, answers).content.decode()
    assert error_summary(page) == [
        "母亲：请选择户口所在地",
        "母亲：请回答是否正在领取失业保险金",
    ]
    assert page.count('class="error-message"') == 2  # beside those two questions only
    assert "用人单位所在的省份" not in page and "父亲：" not in page


@pytest.mark.parametrize(
    ("url", "answers"),
    [
        ("/place/", {}),
        ("/parents/", {"who": "both", "mother-employed": "no"}),
        ("/children/", {"child-TOTAL_FORMS": "1", "child-INITIAL_FORMS": "0"}),
    ],
)
def test_the_question_pages_in_english_have_no_stray_chinese(client, url, answers):
    client.cookies["django_language"] = "en"
    for page in (client.get(url), client.post(url, answers)):
        text = re.sub(r'<button[^>]*lang="zh-Hans"[^>]*>[^<]*</button>', "", page.text)
        assert not re.findall(r"[^<>\n]*[\u4e00-\u9fff][^<>\n]*", text)
    assert error_summary(page.text)  # the page with its errors was read too
