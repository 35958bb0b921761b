"""Dates as the GOV.UK Design System types them: year, month and day boxes with a numeric keypad,
in a fieldset with its legend and hint, never the browser's date picker. Each way a date can be
wrong says which child and which box, in both languages."""

from __future__ import annotations

import re
from datetime import date

import pytest

from apps.households.models import Household
from tests.questionnaire.support import Kid, children_data, error_summary, place_data

pytestmark = pytest.mark.django_db


def typed(row: int = 0, **boxes: str) -> dict[str, str]:
    return {f"child-{row}-date-{part}": value for part, value in boxes.items()}


def post_children(client, *rows: dict[str, str], lang: str = "zh-hans"):
    """Two births, the first 2021-03-02, the second as typed in `rows` (its boxes)."""
    if lang != "zh-hans":
        client.cookies["django_language"] = lang
    client.post("/place/", place_data("home", "410105"))
    data = children_data([Kid("2021-03-02"), Kid("2024-07-01")])
    for boxes in rows:
        data |= boxes
    return client.post("/children/", data)


def test_the_date_is_three_numeric_boxes_in_a_fieldset_with_legend_and_hint(client):
    page = client.get("/children/").content.decode()
    assert 'type="date"' not in page
    fieldset = re.search(r'<fieldset class="field date"[^>]*>.*?</fieldset>', page, re.S)[0]
    assert 'aria-describedby="id_child-0-date-hint"' in fieldset
    assert "<legend>出生日期，或预产期</legend>" in fieldset
    assert "例如 2024 3 15" in fieldset
    boxes = re.findall(r'<label for="([^"]+)">([^<]+)</label>\s*<input ([^>]+)>', fieldset)
    assert [(label_for, label) for label_for, label, _ in boxes] == [
        ("id_child-0-date-year", "年"),
        ("id_child-0-date-month", "月"),
        ("id_child-0-date-day", "日"),
    ]
    for label_for, _, attributes in boxes:
        assert 'type="text"' in attributes and 'inputmode="numeric"' in attributes
        assert f'id="{label_for}"' in attributes
        assert f'name="{label_for.removeprefix("id_")}"' in attributes


def test_a_date_typed_in_its_boxes_is_saved_as_one_date(client):
    response = post_children(client, typed(1, year="2024", month="7", day="1"))
    assert response.status_code == 302
    assert [c.date for c in Household.objects.get().children.all()] == [
        date(2021, 3, 2),
        date(2024, 7, 1),
    ]


@pytest.mark.parametrize(
    ("boxes", "saved"),
    [
        ({"year": "２０２４", "month": "０７", "day": "０１"}, date(2024, 7, 1)),  # full-width
        ({"year": " 2024 ", "month": "07", "day": "1 "}, date(2024, 7, 1)),
        ({"year": "2024", "month": "2", "day": "29"}, date(2024, 2, 29)),  # a leap day
    ],
    ids=["full-width digits", "spaces and zeros", "29 February 2024"],
)
def test_a_date_is_read_as_a_parent_may_type_it(client, boxes, saved):
    assert post_children(client, typed(1, **boxes)).status_code == 302
    assert Household.objects.get().children.all()[1].date == saved


def test_a_whole_date_posted_under_the_field_s_old_name_still_works(client):
    """A page opened before the boxes came (or a script) posts child-1-date=2024-07-01."""
    client.post("/place/", place_data("home", "410105"))
    data = children_data([Kid("2021-03-02"), Kid("2024-07-01")])
    for part in ("year", "month", "day"):
        del data[f"child-1-date-{part}"]
    data["child-1-date"] = "2024-07-01"
    assert client.post("/children/", data).status_code == 302
    assert Household.objects.get().children.all()[1].date == date(2024, 7, 1)


@pytest.mark.parametrize(
    ("boxes", "message", "invalid"),
    [
        (
            {"year": "2024", "month": "2", "day": "30"},
            "第2胎：“日”要在1到29之间（2024年2月只有29天）",
            ["day"],
        ),
        (
            {"year": "2023", "month": "2", "day": "29"},
            "第2胎：“日”要在1到28之间（2023年2月只有28天）",
            ["day"],
        ),
        (
            {"year": "2024", "month": "4", "day": "31"},
            "第2胎：“日”要在1到30之间（2024年4月只有30天）",
            ["day"],
        ),
        ({"year": "2024", "month": "13", "day": "1"}, "第2胎：“月”要在1到12之间", ["month"]),
        ({"year": "24", "month": "7", "day": "1"}, "第2胎：“年”要填4位数字，例如 2024", ["year"]),
        ({"year": "2024", "month": "七", "day": "1"}, "第2胎：“月”只能填数字，例如 3", ["month"]),
        ({"year": "2024", "month": "7", "day": ""}, "第2胎：日期还缺“日”", ["day"]),
        ({"year": "", "month": "7", "day": ""}, "第2胎：日期还缺“年”和“日”", ["year", "day"]),
        ({"year": "", "month": "", "day": ""}, "第2胎：请输入出生日期或预产期", None),
        (
            {"year": "2099", "month": "1", "day": "1"},
            "第2胎：出生日期不能晚于今天；还没出生请选“还没出生”并填写预产期",
            None,
        ),
    ],
    ids=[
        "2024-02-30",
        "2023-02-29",
        "2024-04-31",
        "month 13",
        "2-digit year",
        "month in words",
        "no day",
        "no year or day",
        "nothing",
        "born after today",
    ],
)
def test_a_wrong_date_names_the_child_and_the_box(client, boxes, message, invalid):
    page = post_children(client, typed(1, **boxes)).content.decode()
    assert error_summary(page) == [message]
    parts = invalid or ["year", "month", "day"]  # a date wrong as a whole marks all three
    assert f'<a href="#id_child-1-date-{parts[0]}">' in page  # the first box to fix
    for part in ("year", "month", "day"):
        box = re.search(rf'<input [^>]*id="id_child-1-date-{part}"[^>]*>', page)[0]
        assert ('aria-invalid="true"' in box) is (part in parts), part
        assert f'value="{boxes[part]}"' in box  # kept as typed
    assert 'aria-describedby="id_child-1-date-hint id_child-1-date-error"' in page
    assert Household.objects.get().children.count() == 0  # nothing saved


@pytest.mark.parametrize(
    ("boxes", "message"),
    [
        (
            {"year": "2024", "month": "2", "day": "30"},
            "Birth 2: The day must be between 1 and 29 (February 2024 has 29 days)",
        ),
        (
            {"year": "2024", "month": "13", "day": "1"},
            "Birth 2: The month must be between 1 and 12",
        ),
        ({"year": "", "month": "7", "day": "1"}, "Birth 2: The date must include a year"),
        ({"year": "", "month": "", "day": ""}, "Birth 2: Enter the date of birth or the due date"),
    ],
)
def test_the_messages_are_in_english_too(client, boxes, message):
    page = post_children(client, typed(1, **boxes), lang="en").content.decode()
    assert error_summary(page) == [message]
    assert "<legend>Date of birth, or expected date</legend>" in page
    assert "For example, 2024 3 15" in page


def test_each_row_s_messages_are_its_own(client):
    client.post("/place/", place_data("home", "410105"))
    data = children_data([Kid("2021-03-02"), Kid("2024-07-01")])
    data |= typed(0, day="") | {
        "child-1-born": "",
        "child-1-babies": "",
        "child-1-of_this_couple": "",
    }
    data |= {"child-1-hukou-province": ""}
    assert error_summary(client.post("/children/", data).content.decode()) == [
        "第1胎：日期还缺“日”",
        "第2胎：请选择孩子是否已出生",
        "第2胎：请选择这一胎有几个孩子",
        "第2胎：请选择户口所在地",
        "第2胎：请回答是不是这对夫妻共同生育的孩子",
    ]


def test_checking_a_date_as_the_parent_goes_marks_only_its_boxes(client):
    data = children_data([Kid("2024-07-01")]) | typed(0, year="2024", month="2", day="30")
    response = client.post("/children/", {**data, "action": "validate-0"}, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    feedback = re.search(r'<div id="id_child-0-date-feedback"[^>]*>', page)[0]
    assert 'data-invalid="id_child-0-date-day "' in feedback
    assert "第1胎：“日”要在1到29之间（2024年2月只有29天）" in page
