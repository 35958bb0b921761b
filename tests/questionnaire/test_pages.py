"""The questionnaire's promises: nothing typed is lost, answers can be changed, saved, resumed
and deleted, and the calendar file is valid iCalendar."""

from __future__ import annotations

import re
from datetime import date, datetime

import pytest
from django.conf import settings
from django.test import Client
from django.utils import timezone
from icalendar import Calendar

from apps.households.models import Household
from apps.households.selectors import SESSION_KEY
from tests.questionnaire.support import (
    Family,
    Kid,
    children_data,
    place_data,
    shown_dates,
    walk,
)

pytestmark = pytest.mark.django_db

FAMILY = Family(
    "郑州",
    home="410105",
    mother="410105",
    father="410102",
    children=[Kid("2021-03-02", hukou="410105"), Kid("2024-07-01", hukou="410105")],
)


def test_it_shows_the_progress_and_every_page_works(client):
    assert client.get("/").status_code == 200
    page = client.get("/place/").content.decode()
    assert "第1步，共5步" in page
    assert "（有本地政策）" in page
    assert page.index("河南省（有本地政策）") < page.index("青海省")


def test_the_update_button_fills_the_next_select_without_js(client):
    response = client.post("/place/", {"home-province": "410000", "refresh": "home"})
    page = response.content.decode()
    assert response.status_code == 200
    assert 'name="home-city"' in page
    assert "郑州市（有本地政策）" in page
    assert "error-message" not in page


def test_the_place_select_endpoint_returns_the_next_level(client):
    response = client.get(
        "/places/select/",
        {"prefix": "home", "kind": "residence", "home-province": "330000", "home-city": "331100"},
        HTTP_HX_REQUEST="true",
    )
    page = response.content.decode()
    assert "庆元县（有本地政策）" in page
    assert "<html" not in page


def test_residence_needs_a_city(client):
    response = client.post("/place/", {"home-province": "410000"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "请选择城市" in page
    assert 'href="#id_home-city"' in page
    assert 'role="alert"' in page


def test_validation_errors_keep_the_entered_values_and_name_the_field(client):
    walk(client, FAMILY)
    data = children_data([Kid("2021-03-02", hukou="410105"), Kid("2099-01-01")])
    response = client.post("/children/", data)
    page = response.content.decode()
    assert response.status_code == 200
    assert "第2胎：出生日期不能晚于今天" in page
    assert 'href="#id_child-1-date-year"' in page  # the first box of the date to fix
    assert shown_dates(page) == ["2021-3-2", "2099-1-1"]
    assert 'aria-describedby="id_child-1-date-hint id_child-1-date-error"' in page
    assert Household.objects.get().children.count() == 2  # the saved answers are untouched


def test_an_expected_date_more_than_ten_months_ahead_is_refused(client):
    walk(client, FAMILY)
    response = client.post("/children/", children_data([Kid("2099-01-01", born=False)]))
    assert "预产期应在今天起10个月内" in response.content.decode()


COUNTED = {"child-INITIAL_FORMS": "0"}  # the children's formset's management form, but its total
NO_ROWS = 'name="child-TOTAL_FORMS" value="0"'


@pytest.mark.parametrize(
    ("url", "data", "message", "kept"),
    [
        ("/children/", {}, "孩子的数量有误", NO_ROWS),
        ("/children/", {**COUNTED, "child-TOTAL_FORMS": "x"}, "孩子的数量有误", NO_ROWS),
        (
            "/children/",
            {"child-TOTAL_FORMS": "x", "child-0-born": "born", "child-0-date-year": "2024"},
            "孩子的数量有误",
            'name="child-0-date-year" id="id_child-0-date-year" value="2024"',
        ),
        ("/children/", {**COUNTED, "child-TOTAL_FORMS": "1000"}, "孩子的数量有误", NO_ROWS),
        ("/children/", {**COUNTED, "child-TOTAL_FORMS": "21"}, "孩子的数量有误", NO_ROWS),
        ("/children/", {**COUNTED, "child-TOTAL_FORMS": "-1"}, "孩子的数量有误", NO_ROWS),
        ("/children/", {**COUNTED, "child-TOTAL_FORMS": "9" * 4300}, "孩子的数量有误", NO_ROWS),
        ("/children/", {**COUNTED, "child-TOTAL_FORMS": "9" * 4301}, "孩子的数量有误", NO_ROWS),
        (
            "/children/",
            {
                **COUNTED,
                "child-TOTAL_FORMS": "9" * 4300,
                "child-0-date": "2024-07-01",
                "child-1-date": "2025-01-01",
            },
            "孩子的数量有误",
            'name="child-TOTAL_FORMS" value="2"',
        ),
        (
            "/children/",
            {
                **COUNTED,
                "child-TOTAL_FORMS": "1",
                "child-0-date-year": "20x4",
                "child-0-date-month": "7",
                "child-0-date-day": "1",
                "child-0-babies": "9",
            },
            "第1胎：“年”只能填数字",
            'value="20x4"',
        ),
        (
            "/place/",
            {"home-province": "999999", "home-city": "x"},
            "请选择省份",
            'name="home-province"',
        ),
        (
            "/parents/",
            {
                "who": "mother",
                "mother-employed": "no",
                "mother-receives_unemployment_benefit": "yes",
                "mother-unemployment_benefit": "x",
            },
            "母亲：金额只能填数字",
            'value="x"',
        ),
    ],
)
def test_bad_input_shows_the_page_again_with_its_error_and_saves_nothing(
    client, url, data, message, kept
):
    walk(client, FAMILY)
    response = client.post(url, data)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'class="error-summary"' in page and message in page
    assert kept in page
    household = Household.objects.get()
    assert household.jurisdiction_id == FAMILY.home
    assert household.children.count() == 2
    assert household.parents.count() == 2


def test_a_remove_button_that_names_no_row_removes_nothing(client):
    data = children_data([Kid("2021-03-02")])
    page = client.post("/children/", {**data, "action": "remove-abc"}).content.decode()
    assert page.count('class="child-row"') == 1
    assert shown_dates(page) == ["2021-3-2"]


def test_the_place_select_endpoint_refuses_a_bad_prefix(client):
    assert client.get("/places/select/", {"prefix": "<x>", "kind": "no"}).status_code == 400


def test_adding_and_removing_a_child_keeps_what_was_typed(client):
    data = children_data([Kid("2021-03-02"), Kid("2024-07-01")])
    page = client.post("/children/", {**data, "action": "add"}).content.decode()
    assert page.count('class="child-row"') == 3
    assert shown_dates(page) == ["2021-3-2", "2024-7-1", "--"]
    page = client.post("/children/", {**data, "action": "remove-0"}).content.decode()
    assert page.count('class="child-row"') == 1
    assert shown_dates(page) == ["2024-7-1"]


@pytest.mark.parametrize(
    ("rows", "action", "focused"),
    [
        (1, "add", r'id="id_child-1-born_0"[^>]* autofocus'),  # the new row's first question
        (3, "remove-1", r'id="id_child-0-born_0"[^>]* autofocus'),  # the row before the removed
        (2, "remove-0", r'id="id_child-0-born_0"[^>]* autofocus'),  # the row now in its place
        (1, "remove-0", r'value="add"[^>]* autofocus'),  # no row left: the "add" button
    ],
)
def test_after_adding_or_removing_a_row_the_focus_goes_to_one_place(client, rows, action, focused):
    data = children_data([Kid("2021-03-02")] * rows)
    page = client.post("/children/", {**data, "action": action}, HTTP_HX_REQUEST="true")
    page = page.content.decode()
    assert re.search(focused, page)
    assert page.count("autofocus") == 1


def test_htmx_gets_only_the_rows(client):
    data = children_data([Kid("2021-03-02")])
    response = client.post("/children/", {**data, "action": "add"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert page.lstrip().startswith('<div id="children-rows"')
    assert page.count('class="child-row"') == 2


def test_validation_as_you_go_returns_the_row_with_its_message(client):
    data = children_data([Kid("2099-01-01")])
    response = client.post("/children/", {**data, "action": "validate-0"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert page.lstrip().startswith("<fieldset")
    assert "出生日期不能晚于今天" in page


def test_validation_as_you_go_judges_only_the_questions_answered(client):
    data = children_data([Kid("2024-07-01")] * 2)
    data |= {"child-1-date": "", "child-1-born": "", "child-1-babies": "9"}
    response = client.post("/children/", {**data, "action": "validate-1"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert page.lstrip().startswith('<fieldset class="child-row" id="child-1"')
    assert "error-message" in page  # 9 babies is not a choice
    assert "请填写出生日期或预产期" not in page and "请选择孩子是否已出生" not in page
    data["child-1-date"] = "2099-01-01"
    response = client.post("/children/", {**data, "action": "validate-1"}, HTTP_HX_REQUEST="true")
    assert "出生日期不能晚于今天" not in response.content.decode()  # born or expected: not said


def test_rows_are_added_and_removed_even_when_the_count_was_tampered_with(client):
    data = children_data([Kid("2021-03-02"), Kid("2024-07-01")])
    data["child-TOTAL_FORMS"] = "9" * 4300
    page = client.post("/children/", {**data, "action": "add"}).content.decode()
    assert page.count('class="child-row"') == 3
    assert 'name="child-TOTAL_FORMS" value="3"' in page
    assert shown_dates(page) == ["2021-3-2", "2024-7-1", "--"]
    page = client.post("/children/", {**data, "action": "remove-0"}).content.decode()
    assert 'name="child-TOTAL_FORMS" value="1"' in page
    assert shown_dates(page) == ["2024-7-1"]  # renumbered: child-0


def test_no_more_than_twenty_rows_are_added(client):
    data = children_data([Kid("2021-03-02")] * 20)
    page = client.post("/children/", {**data, "action": "add"}).content.decode()
    assert page.count('class="child-row"') == 20
    assert 'name="child-TOTAL_FORMS" value="20"' in page


def test_a_button_naming_a_huge_row_is_not_an_error_of_the_server(client):
    data = children_data([Kid("2021-03-02")])
    for action in ("remove-" + "9" * 5000, "validate-" + "9" * 5000):
        response = client.post("/children/", {**data, "action": action})
        assert response.status_code in (200, 400)
    page = client.post("/children/", {**data, "action": "remove-" + "9" * 5000})
    assert page.content.decode().count('class="child-row"') == 1


def test_the_saved_children_are_shown_with_their_count(client):
    walk(client, FAMILY)
    page = client.get("/children/").content.decode()
    assert page.count('class="child-row"') == 2
    assert 'name="child-TOTAL_FORMS" value="2"' in page
    assert '<option value="410105" selected>' in page


def test_checking_a_row_that_is_not_there_is_refused_and_saves_nothing(client):
    walk(client, FAMILY)
    data = children_data([Kid("2024-07-01")])
    for action in ("validate-1", "validate-20", "validate-x"):
        for htmx in ({"HTTP_HX_REQUEST": "true"}, {}):
            response = client.post("/children/", {**data, "action": action}, **htmx)
            assert response.status_code == 400
            assert "可以检查" in response.content.decode()
    assert Household.objects.get().children.count() == 2  # the saved answers are untouched


def test_the_language_buttons_of_a_question_page_post_what_was_typed(client):
    page = client.get("/children/").content.decode()
    assert '<form method="post" action="/children/" id="question-form"' in page
    assert re.search(
        r'<button type="submit" form="question-form"[^>]*name="switch_language" value="en"', page
    )


def test_switching_language_keeps_what_was_typed_and_saves_nothing(client):
    walk(client, FAMILY)
    typed = children_data([Kid("2021-03-02", hukou="410105"), Kid("2099-01-01")])
    response = client.post("/children/", {**typed, "switch_language": "en"})
    page = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="en">' in page
    assert "<h1>About the children</h1>" in page
    assert shown_dates(page) == ["2021-3-2", "2099-1-1"]
    assert '<option value="410105" selected>Jinshui District' in page
    assert "error-message" not in page  # shown as typed, not judged yet
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert Household.objects.get().children.count() == 2  # nothing saved
    assert '<html lang="en">' in client.get("/check/").content.decode()  # the choice stays


def test_check_page_change_link_comes_back_and_keeps_other_answers(client):
    walk(client, FAMILY)
    page = client.get("/check/").content.decode()
    assert "/place/?return=check" in page and "修改" in page
    response = client.post("/place/?return=check", place_data("home", "410102"), follow=True)
    assert response.redirect_chain[-1][0] == "/check/"
    household = Household.objects.get()
    assert household.jurisdiction_id == "410102"
    assert household.children.count() == 2
    assert household.parents.get(role="father").hukou_id == "410102"
    assert "中原区" in response.content.decode()


def test_back_link_shows_what_was_entered(client):
    walk(client, FAMILY)
    page = client.get("/parents/").content.decode()
    assert '<option value="410105" selected>' in page
    assert "第2步，共5步" in page


def test_save_and_resume_in_a_new_session(client):
    walk(client, FAMILY)
    page = client.get("/save/").content.decode()
    url = re.search(r'value="(http://testserver(/resume/[^"]+/))"', page).group(2)
    household = Household.objects.get()
    assert household.token in url

    other = Client(enforce_csrf_checks=True)
    page = other.get(url)
    assert page.status_code == 200
    assert "继续上次的回答" in page.content.decode()
    assert f'<form method="post" action="{url}">' in page.content.decode()
    assert other.get("/results/").status_code == 302  # opening the link changed nothing yet

    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())
    response = other.post(url, {"csrfmiddlewaretoken": csrf.group(1)}, follow=True)
    assert response.redirect_chain[-1][0] == "/results/"  # back to the results, not the check page
    assert other.get("/results/").status_code == 200


def test_opening_a_resume_link_leaves_the_session_alone(client):
    walk(client, FAMILY)
    saved = Household.objects.get()
    mine = Client()
    mine.post("/place/", place_data("home", "140881"))
    before = mine.session.session_key
    assert mine.get(f"/resume/{saved.token}/").status_code == 200
    assert mine.session.session_key == before
    assert mine.session[SESSION_KEY] != saved.token
    assert Household.objects.get(pk=saved.pk).session_key == saved.session_key


def test_resuming_needs_the_button_and_its_csrf_token(client):
    walk(client, FAMILY)
    token = Household.objects.get().token
    assert Client(enforce_csrf_checks=True).post(f"/resume/{token}/").status_code == 403


def test_a_resume_link_that_is_gone_says_so(client):
    for method in (client.get, client.post):
        response = method("/resume/not-a-token/")
        assert response.status_code == 404
        assert "找不到保存的回答" in response.content.decode()


def test_start_again_asks_then_deletes_the_answers(client):
    walk(client, FAMILY)
    assert "要删除所有回答" in client.get("/start-again/").content.decode()
    assert Household.objects.count() == 1
    response = client.post("/start-again/", follow=True)
    assert response.redirect_chain[-1][0] == "/"
    assert Household.objects.count() == 0
    assert client.get("/results/").status_code == 302


def test_results_need_the_answers_first(client):
    response = client.get("/results/")
    assert response.status_code == 302 and response["Location"] == "/place/"


def test_the_calendar_file_is_valid_icalendar(client, today):
    today("2025-06-01")
    walk(client, FAMILY)
    response = client.get("/results/calendar.ics")
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert body.endswith("\r\n") and "\n" not in body.replace("\r\n", "")
    assert all(len(line.encode()) <= 75 for line in body.split("\r\n")[:-1])
    calendar = Calendar.from_ical(response.content)
    assert calendar.name == "VCALENDAR" and not calendar.errors
    assert str(calendar["VERSION"]) == "2.0" and str(calendar["METHOD"]) == "PUBLISH"
    events = calendar.walk("VEVENT")
    uids = [str(event["UID"]) for event in events]
    assert events and len(uids) == len(set(uids))
    again = Calendar.from_ical(client.get("/results/calendar.ics").content)
    assert [str(event["UID"]) for event in again.walk("VEVENT")] == uids
    unfolded = re.sub(r"\r\n[ \t]", "", body).split("\r\n")
    written = {
        name: [line.split(":", 1)[1] for line in unfolded if line.startswith(name + ":")]
        for name in ("SUMMARY", "DESCRIPTION")
    }
    for name, values in written.items():
        assert len(values) == len(events)
        for event, value in zip(events, values, strict=True):
            assert re.search(r"(?<!\\)[,;]", value) is None  # escaped in the file
            parsed = str(event[name])
            assert "\\," not in parsed and "\\;" not in parsed
            assert parsed.count(",") == value.count("\\,")  # and intact once parsed
            assert parsed.count(";") == value.count("\\;")
    summaries = [str(event["SUMMARY"]) for event in events]
    assert "育儿补贴（国家） 300元" in summaries  # one event per payment
    for event in events:
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert not isinstance(start, datetime) and not isinstance(end, datetime)
        assert isinstance(start, date) and isinstance(end, date) and start < end


FIELD_NAME = re.compile(r'<(?:input|select|textarea|button)\b[^>]*\sname="([^"]+)"')
ROW_INDEX = re.compile(r"^child-\d+-")


@pytest.mark.parametrize(
    ("url", "questions"),
    [
        ("/place/", {"home-province", "home-city", "home-county"}),
        (
            "/parents/",
            {"who"}
            | {
                f"{role}-{name}"
                for role in ("mother", "father")
                for name in (
                    "hukou-province",
                    "hukou-city",
                    "hukou-county",
                    "employed",
                    "works_where",
                    "work-province",
                    "receives_unemployment_benefit",
                    "unemployment_benefit",
                )
            },
        ),
        (
            "/children/",
            {"born", "date-year", "date-month", "date-day", "babies", "of_this_couple"}
            | {"difficult_birth"}
            | {"hukou-province", "hukou-city", "hukou-county"},
        ),
    ],
)
def test_the_questions_are_about_the_family_never_a_name_or_id_number(client, url, questions):
    """Every field a page sends is one of the questions below, or the page's own machinery."""
    walk(client, FAMILY)
    page = client.get(url).content.decode()
    machinery = {"csrfmiddlewaretoken", "next", "switch_language", "refresh", "action"}
    machinery |= {f"child-{name}" for name in ("TOTAL_FORMS", "INITIAL_FORMS")}
    machinery |= {f"child-{name}" for name in ("MIN_NUM_FORMS", "MAX_NUM_FORMS")}
    sent = {ROW_INDEX.sub("", name) for name in FIELD_NAME.findall(page)}
    assert sent - machinery == questions
    assert "姓名" not in page.replace("不需要姓名", "").replace("不会问姓名", "")


def test_today_is_the_date_where_the_service_runs(client, settings):
    walk(client, FAMILY)
    days = set()
    for zone in ("Etc/GMT+12", "Etc/GMT-14"):  # 26 hours apart: always two different dates
        settings.TIME_ZONE = zone
        as_of = client.get("/results/").context["evaluation"].as_of
        assert as_of == timezone.localdate()
        days.add(as_of)
    assert len(days) == 2


def test_leave_that_has_ended_is_set_apart_from_leave_that_can_be_taken(client):
    family = Family(
        "gongshu-older",
        home="330105",
        mother="330105",
        father="330105",
        children=[Kid("2019-05-01", hukou="330105"), Kid("2025-10-01", hukou="330105")],
    )
    page = walk(client, family)
    results = page.context["results"]
    as_of = page.context["evaluation"].as_of
    ended = {(item.first.child, item.first.leave_type) for item in results["ended"]}
    # Zhejiang's 育儿假 is the family's (reading 10): its stretch for the older child has ended
    assert {(0, "maternity"), (0, "paternity"), (None, "parental")} <= ended
    assert {item.status for item in results["ended"]} == {"ended"}
    leave = next(g for g in results["groups"] if g.key == "leave")
    for item in leave.items:
        assert all(e.status(as_of) != "past" for e in item.entries), item.title
    # the stretch while the younger child is under 3 can still be taken
    assert any(item.first.leave_type == "parental" for item in leave.items)
    assert "已经结束的假期" in page.content.decode()
