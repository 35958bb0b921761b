"""The questionnaire's promises: nothing typed is lost, answers can be changed, saved, resumed
and deleted, and the calendar file is valid iCalendar."""

from __future__ import annotations

import re

import pytest

from apps.households.models import Household
from tests.questionnaire.support import Family, Kid, children_data, place_data, walk

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
    assert page.index("河南省（有本地政策）") < page.index("北京市")


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
    assert "出生日期不能晚于今天" in page
    assert 'href="#id_child-1-date"' in page
    assert 'value="2099-01-01"' in page
    assert 'value="2021-03-02"' in page
    assert 'aria-describedby="id_child-1-date-hint id_child-1-date-error"' in page
    assert Household.objects.get().children.count() == 2  # the saved answers are untouched


def test_an_expected_date_more_than_ten_months_ahead_is_refused(client):
    walk(client, FAMILY)
    response = client.post("/children/", children_data([Kid("2099-01-01", born=False)]))
    assert "预产期应在今天起10个月内" in response.content.decode()


def test_bad_input_never_gives_a_500(client):
    for data in (
        {"rows": "x"},
        {"rows": "1", "child-0-date": "not a date", "child-0-babies": "9"},
        {"action": "remove-abc"},
        {"rows": "1000"},
    ):
        assert client.post("/children/", data).status_code in (200, 302)
    assert client.post("/place/", {"home-province": "999999", "home-city": "x"}).status_code == 200
    assert (
        client.post("/parents/", {"who": "nobody", "mother-unemployment_benefit": "x"}).status_code
        == 200
    )
    assert client.get("/places/select/", {"prefix": "<x>", "kind": "no"}).status_code == 400


def test_adding_and_removing_a_child_keeps_what_was_typed(client):
    data = children_data([Kid("2021-03-02"), Kid("2024-07-01")])
    page = client.post("/children/", {**data, "action": "add"}).content.decode()
    assert page.count('class="child-row"') == 3
    assert 'value="2024-07-01"' in page
    page = client.post("/children/", {**data, "action": "remove-0"}).content.decode()
    assert page.count('class="child-row"') == 1
    assert 'value="2024-07-01"' in page and 'value="2021-03-02"' not in page


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


def test_save_and_resume_in_a_new_session(client, django_user_model):
    walk(client, FAMILY)
    page = client.get("/save/").content.decode()
    url = re.search(r'value="(http://testserver(/resume/[^"]+/))"', page).group(2)
    household = Household.objects.get()
    assert household.token in url
    from django.test import Client

    other = Client()
    response = other.get(url, follow=True)
    assert response.redirect_chain[-1][0] == "/check/"
    assert other.get("/results/").status_code == 200
    assert Client().get("/resume/not-a-token/").status_code == 404


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


def test_the_calendar_file_is_valid_icalendar(client):
    walk(client, FAMILY)
    response = client.get("/results/calendar.ics")
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert body.endswith("\r\n") and "\n" not in body.replace("\r\n", "")
    lines = body.split("\r\n")[:-1]
    assert all(len(line.encode()) <= 75 for line in lines)
    unfolded = re.sub(r"\r\n[ \t]", "", body).split("\r\n")[:-1]
    depth, stack = 0, []
    for line in unfolded:
        if line.startswith("BEGIN:"):
            stack.append(line[6:])
        elif line.startswith("END:"):
            assert stack.pop() == line[4:]
        depth = max(depth, len(stack))
    assert not stack and depth == 2
    events = [line for line in unfolded if line == "BEGIN:VEVENT"]
    uids = [line for line in unfolded if line.startswith("UID:")]
    assert events and len(uids) == len(set(uids)) == len(events)
    assert client.get("/results/calendar.ics").content.decode().count("UID:") == len(uids)
    assert set(uids) == {
        line
        for line in re.sub(
            r"\r\n[ \t]", "", client.get("/results/calendar.ics").content.decode()
        ).split("\r\n")
        if line.startswith("UID:")
    }
    for line in unfolded:
        if line.startswith(("SUMMARY:", "DESCRIPTION:")):
            assert re.search(r"(?<!\\)[,;]", line.split(":", 1)[1]) is None


def test_no_name_or_id_number_is_asked(client):
    walk(client, FAMILY)
    for url in ("/place/", "/parents/", "/children/"):
        page = client.get(url).content.decode()
        assert "姓名" not in page.replace("不需要姓名", "").replace("不会问姓名", "")
        assert 'name="id_number"' not in page


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
    assert {(0, "maternity"), (0, "paternity"), (0, "parental")} <= ended
    leave = next(s for s in results["sections"] if s.key == "leave")
    for item in (item for group in leave.groups for item in group.items):
        assert any(e.status(as_of) != "past" for e in item.entries), item.title
    assert (1, "parental") not in ended  # the younger child's leave can still be taken
    assert "已经结束的假期" in page.content.decode()
