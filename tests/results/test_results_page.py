"""The results page answers first: a short list of every benefit (its value, when it is paid or
taken, and where it stands), grouped as money, leave and other support, with totals a year and
in all; estimates for a child not yet born and leave that has ended kept apart; then each
benefit's details, with its readings and citations behind a disclosure."""

from __future__ import annotations

import re
from datetime import date

import pytest

from tests.results.support import Answers, Birth, english, hold, household_make, text_of

pytestmark = pytest.mark.django_db

ZHENGZHOU = Answers("410105", [Birth("2021-03-02"), Birth("2024-07-01")])
HONGHE_TWINS = Answers("532503", [Birth("2023-05-01"), Birth("2025-02-01", babies=2)])
GONGSHU = Answers("330105", [Birth("2020-09-01"), Birth("2024-02-20")])
EXPECTING = Answers("330105", [Birth("2024-01-10"), Birth("2025-09-01", born=False)])
YONGJI = Answers("140881", [Birth("2024-09-09")])


def results(client, answers: Answers):
    hold(client, household_make(answers))
    response = client.get("/results/")
    assert response.status_code == 200
    return response, response.context["results"]


def lines(view, key: str) -> list[tuple[str, str, str, str, str]]:
    group = next(g for g in view["groups"] if g.key == key)
    return [(i.title, i.child_label, i.value, i.when, i.status_label) for i in group.items]


def test_the_answer_comes_first_grouped_as_money_and_leave(client, today) -> None:
    today("2025-06-01")
    response, view = results(client, ZHENGZHOU)
    page = response.content.decode()
    assert page.index('id="glance-title"') < page.index('id="details-title"')
    assert [g.key for g in view["groups"]] == ["money", "leave", "other"]
    second = "第二个孩子（2024年7月1日出生）"
    assert lines(view, "money") == [
        ("育儿补贴（郑州）", second, "5,000元", "一次性发放", "应享受"),
        (
            "育儿补贴（国家）",
            second,
            "9,300元",
            "每月300元，2025年1月至2027年7月，共31个月",
            "应享受",
        ),
    ]
    leave = lines(view, "leave")
    assert (
        "母亲的哺乳时间",
        second,
        "每个工作日2小时",
        "2024年7月1日 – 2025年6月30日",
        "应享受",
    ) in leave
    assert ("母亲的育儿假", second, "每年10天", "2024年7月1日 – 2027年6月30日", "应享受") in leave


def test_the_totals_say_what_is_paid_in_all_and_a_year(client, today) -> None:
    today("2025-06-01")
    response, _view = results(client, ZHENGZHOU)
    body = text_of(response.content.decode())
    assert "一次性补贴合计 5,000元" in body
    assert "按月或按年发放合计 9,300元 目前每年3,600元" in body  # 300 a month


def test_leave_that_has_ended_is_listed_apart_and_says_so(client, today) -> None:
    today("2025-06-01")
    response, view = results(client, ZHENGZHOU)
    ended = [(i.title, i.child_label, i.status_label) for i in view["ended"]]
    assert ("母亲的产假", "第二个孩子（2024年7月1日出生）", "已结束") in ended  # ended 2025-01-04
    assert f"还有{len(view['ended'])}项假期已经结束" in text_of(response.content.decode())
    assert len(view["ended"]) == 8  # both births' leave but the younger's 育儿假 and 哺乳时间
    assert all(i.status == "ended" for i in view["ended"])
    for group in view["groups"]:
        assert "ended" not in {i.status for i in group.items}


def test_estimates_for_a_child_not_yet_born_are_apart_and_not_in_the_totals(client, today) -> None:
    today("2025-06-01")
    response, view = results(client, EXPECTING)
    estimates = [i for g in view["estimates"] for i in g.items]
    assert estimates and all(i.status_label == "估算" for i in estimates)
    assert {i.child_label for i in estimates} == {"第二个孩子（预产期2025年9月1日）"}
    confirmed = [i for g in view["groups"] for i in g.items]
    assert not any(i.estimate for i in confirmed)
    grants = {i.title: i.value for i in estimates}
    assert grants["育儿补助（拱墅）"] == "5,000元" and grants["孕产补助（拱墅）"] == "2,000元"
    assert view["money"].one_off == 0  # the first child's grants: none (a first child)
    assert view["total_estimated"] == "17,800"  # 5,000 + 2,000 + 10,800
    body = text_of(response.content.decode())
    assert "估算的补贴合计17,800元，没有计入上面的合计" in body


def test_a_deadline_passed_and_what_an_employer_may_grant_say_so(client, today) -> None:
    today("2026-11-29")
    _, view = results(client, GONGSHU)
    money = {title: (when, status) for title, _who, _v, when, status in lines(view, "money")}
    assert money["育儿补助（拱墅）"] == (
        "一次性发放；申请期限（2024年8月18日）已过",
        "申请期限已过",
    )

    client.logout()
    today("2025-06-01")
    _, view = results(client, YONGJI)
    other = lines(view, "other")
    assert {status for *_rest, status in other} == {"单位可以给予"}
    assert {title for title, *_rest in other} == {"婴幼儿保教费（永济，单位发放）"}


def test_a_deadline_to_come_is_in_the_short_list_and_the_details(client, today) -> None:
    today("2024-06-01")
    response, view = results(client, GONGSHU)
    money = {title: when for title, _who, _v, when, _s in lines(view, "money")}
    assert money["育儿补助（拱墅）"] == "一次性发放；最晚2024年8月18日申请"
    assert "申请截止：2024年8月18日（含当天）" in text_of(response.content.decode())


def test_the_not_covered_notice_and_the_coverage_stay_at_the_top(client, today) -> None:
    today("2025-06-01")
    response, view = results(client, Answers("630102", [Birth("2024-07-01")]))
    page = response.content.decode()
    assert view["uncovered"] == ["青海省"]
    assert page.index('id="not-covered"') < page.index('class="coverage"')
    assert page.index('class="coverage"') < page.index('id="glance-title"')


def test_readings_schedules_and_clause_texts_are_behind_a_disclosure(client, today) -> None:
    today("2025-06-01")
    response, _view = results(client, ZHENGZHOU)
    page = response.content.decode()
    for detail in ("本结果采用的解读", "<blockquote", "发放时间表（31期）"):
        at = page.index(detail)
        opened = page.rfind('<details class="more">', 0, at)
        assert opened != -1 and page.rfind("</details>", opened, at) == -1, detail


def test_the_maternity_reason_is_said_once(client, today) -> None:
    """The national 98 days and Henan's extension are one leave: the base's reason is part of
    the extension's, so it is not printed twice."""
    today("2025-06-01")
    response, view = results(client, ZHENGZHOU)
    maternity = next(i for i in view["ended"] if i.title == "母亲的产假" and i.first.child == 1)
    assert maternity.sum_of_parts == "98 + 90 = 188天"
    assert maternity.reasons == ["第二个孩子，2024年7月1日出生，母亲在职，母亲的用人单位在金水区"]
    assert text_of(response.content.decode()).count("2024年7月1日出生，母亲在职 ") == 0


def test_each_honghe_leave_citation_is_printed_once(client, today) -> None:
    """红河 二（二）4 sets the mother's and the father's 育儿假 alike: one benefit, one citation,
    one clause text; the maternity leave cites the national article and 红河's clause once each."""
    today("2025-10-01")
    response, view = results(client, HONGHE_TWINS)
    leave = next(g for g in view["groups"] if g.key == "leave")
    (parental,) = [b for b in leave.benefits if b.first.first.leave_type == "parental"]
    assert parental.title == "育儿假"
    assert [row.row_label for row in parental.items] == ["父亲", "母亲"]
    assert [(c.number, c.clause) for c in parental.citations] == [("红发〔2023〕5号", "二（二）4")]
    page = response.content.decode()
    article = page[page.index(f'id="{parental.anchor}"') :]
    article = article[: article.index("</article>")]
    assert article.count("红发〔2023〕5号 二（二）4") == 2  # its reference, and its clause's text
    assert article.count("<blockquote") == 1
    maternity = [i for i in view["ended"] if i.title == "母亲的产假"]
    for item in maternity:
        assert [(c.number, c.clause) for c in item.citations] == [
            ("国务院令第619号", "第七条"),
            ("红发〔2023〕5号", "二（二）4"),
        ]


def test_twins_are_labelled_as_twins(client, today) -> None:
    today("2025-10-01")
    response, view = results(client, HONGHE_TWINS)
    money = lines(view, "money")
    grant = "一次性生育补贴（红河）"
    assert (grant, "第二个孩子（双胞胎之一，2025年2月1日出生）", "2,000元") in [
        m[:3] for m in money
    ]
    assert (grant, "第三个孩子（双胞胎之一，2025年2月1日出生）", "5,000元") in [
        m[:3] for m in money
    ]
    maternity = next(i for i in view["ended"] if i.title == "母亲的产假" and i.first.child == 1)
    assert maternity.child_label == "双胞胎：第二、第三个孩子（2025年2月1日出生）"
    assert maternity.days == 173  # 98 + 60 + 15 for the second baby
    body = text_of(response.content.decode())
    assert "2025年2月1日出生；双胞胎；户口" in body  # the answers, too


def test_twins_in_english(client, today) -> None:
    today("2025-10-01")
    _, view = results(english(client), HONGHE_TWINS)
    money = [i.child_label for g in view["groups"] for i in g.items if i.first.child == 2]
    assert "Third child (one of twins, born 1 February 2025)" in money
    maternity = next(
        i for i in view["ended"] if i.first.child == 1 and i.first.leave_type == "maternity"
    )
    assert maternity.child_label == "Twins: second and third children (born 1 February 2025)"


def test_the_day_a_grant_is_decided_by_is_said_in_plain_words(client, today) -> None:
    today("2024-06-01")
    response, _view = results(client, GONGSHU)
    body = text_of(response.content.decode())
    assert "依据日期" not in body
    assert "按孩子的出生日期（2024年2月20日）计算" in body
    assert "按怀孕的时间计算" in body  # 拱墅's 孕产补助 is dated by the pregnancy (reading 12)


def test_amounts_are_written_with_thousands_and_no_cents(client, today) -> None:
    today("2025-06-01")
    response, _view = results(client, ZHENGZHOU)
    page = response.content.decode()
    assert "合计约 14,300 元" in text_of(page)  # the call to apply
    assert not re.search(r"\d{4,}\.\d\d", text_of(page).replace("规则版本", ""))
    apply = client.get("/apply/").content.decode()
    assert "育儿补贴（国家）：9,300元" in apply and "9300.00" not in apply


def test_the_english_page_counts_in_english(client, today) -> None:
    today("2025-06-01")
    response, view = results(english(client), ZHENGZHOU)
    money = next(g for g in view["groups"] if g.key == "money")
    national = next(i for i in money.items if i.first.program == "national-2025-childcare-subsidy")
    assert national.when == "300 yuan a month, January 2025 to July 2027: 31 months"
    leave = {i.title: i.value for i in next(g for g in view["groups"] if g.key == "leave").items}
    assert leave["Mother: breastfeeding time"] == "2 hours each working day"
    assert leave["Mother: parental leave"] == "10 days a year"
    body = text_of(response.content.decode())
    assert f"{len(view['ended'])} more leave entitlements have ended" in body
    assert "9,300 yuan" in body


def test_english_plurals_say_one_and_many(client, today) -> None:
    """1 hour and 1 month, 2 hours and 31 months: ngettext, never "hour(s)"."""
    today("2025-06-01")
    _, view = results(english(client), HONGHE_TWINS)
    values = {i.value for g in view["groups"] for i in g.items} | {i.value for i in view["ended"]}
    assert "1 hour each working day" in values and "2 hours each working day" in values
    assert "(s)" not in " ".join(values)
    today("2026-11-01")
    client.logout()
    _, view = results(english(client), Answers("410105", [Birth("2023-12-15")]))
    national = next(
        i for g in view["groups"] for i in g.items if i.first.program.startswith("national-2025")
    )
    assert national.when.endswith(": 24 months")  # the reported example: born December 2023


HAN = re.compile(r"[\u4e00-\u9fff]")


def test_no_chinese_is_left_in_the_english_page_where_english_exists(client, today) -> None:
    """What is Chinese in the English page is marked so (a document's number, a clause's own
    words, the language button); the readings quote Chinese titles and are left out here."""
    today("2025-10-01")
    for answers in (ZHENGZHOU, HONGHE_TWINS, GONGSHU):
        client.logout()
        response, _view = results(english(client), answers)
        page = response.content.decode()
        page = re.sub(r'<(\w+)[^>]*\blang="zh-Hans"[^>]*>.*?</\1>', "", page, flags=re.S)
        page = re.sub(r'<div class="notes">.*?</div>', "", page, flags=re.S)
        found = sorted(set(HAN.findall(re.sub(r"<[^>]+>", " ", page))))
        assert found == [], [m for m in re.findall(r".{30}[\u4e00-\u9fff]+.{10}", text_of(page))]
    save = client.get("/save/").content.decode()
    save = re.sub(r'<(\w+)[^>]*\blang="zh-Hans"[^>]*>.*?</\1>', "", save, flags=re.S)
    assert not HAN.search(re.sub(r"<[^>]+>", " ", save))


def test_citations_name_the_document_in_english(client, today) -> None:
    today("2025-06-01")
    response, _view = results(english(client), ZHENGZHOU)
    body = text_of(response.content.decode())
    assert (
        "Policy: Zhengzhou Measures to Optimise the Birth Policy and Promote Long-term Balanced "
        "Population Development ( 郑政〔2023〕19号 ), section 2(7)"
    ) in body
    assert "Policy: Implementation Plan for the Childcare Subsidy System , section 2(2)" in body
    assert (
        "Special Rules on the Labour Protection of Female Employees ( 国务院令第619号 ), Article 7"
        in body
    )


@pytest.mark.parametrize(
    ("clause", "english"),
    [
        ("第七条", "Article 7"),
        ("第二十五条", "Article 25"),
        ("第十八条第二款", "Article 18(2)"),
        ("二（七）", "section 2(7)"),
        ("二（二）4", "section 2(2)4"),
        ("五（十三）", "section 5(13)"),
        ("八", "section 8"),
        ("其他", "其他"),
    ],
)
def test_clause_numbers_in_english(clause: str, english: str) -> None:
    from apps.households.results import clause_in_english

    assert clause_in_english(clause) == english


def test_the_page_works_on_the_day_asked(client, today) -> None:
    day = today("2025-06-01")
    response, view = results(client, ZHENGZHOU)
    assert response.context["evaluation"].as_of == day == date(2025, 6, 1)
    assert view["as_of"] == "2025年6月1日"
