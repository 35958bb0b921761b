"""The calendar file: what is still to come on the day asked, nothing past; one event per
payment; each leave says whose it is and its unit; the last day to claim a grant."""

from __future__ import annotations

from datetime import date

import pytest
from icalendar import Calendar

from tests.results.support import Answers, Birth, english, hold, household_make

pytestmark = pytest.mark.django_db

ZHENGZHOU = Answers("410105", [Birth("2021-03-02"), Birth("2024-07-01")])
GONGSHU_NEWBORN = Answers("330105", [Birth("2020-09-01"), Birth("2024-05-01")])


def events(client, answers: Answers) -> list[tuple[date, date, str]]:
    hold(client, household_make(answers))
    response = client.get("/results/calendar.ics")
    assert response.status_code == 200
    calendar = Calendar.from_ical(response.content)
    return [
        (event.decoded("DTSTART"), event.decoded("DTEND"), str(event["SUMMARY"]))
        for event in calendar.walk("VEVENT")
    ]


def test_nothing_past_is_in_the_calendar(client, today) -> None:
    day = today("2025-06-01")
    found = events(client, ZHENGZHOU)
    assert found
    assert all(end > day for _start, end, _summary in found)
    summaries = [summary for *_days, summary in found]
    assert not any("产假" in s for s in summaries)  # the younger child's ended on 2025-01-04
    assert not any(s.startswith("育儿补贴（郑州）") for s in summaries)  # paid for a birth in 2024


def test_one_event_per_payment_date(client, today) -> None:
    today("2025-06-01")
    payments = [
        (start, end) for start, end, s in events(client, ZHENGZHOU) if s == "育儿补贴（国家） 300元"
    ]
    # 300 a month from June 2025 (January to May have passed) to July 2027: 26 payment dates
    assert len(payments) == 26
    assert payments[0] == (date(2025, 6, 1), date(2025, 6, 2))
    assert payments[-1] == (date(2027, 7, 1), date(2027, 7, 2))
    assert all((end - start).days == 1 for start, end in payments)


def test_leave_says_whose_it_is_and_its_unit(client, today) -> None:
    today("2025-06-01")
    found = {summary: (start, end) for start, end, summary in events(client, ZHENGZHOU)}
    assert found["母亲 哺乳时间 每个工作日2小时"] == (date(2024, 7, 1), date(2025, 7, 1))
    assert found["母亲 育儿假 10天/年"] == (date(2024, 7, 1), date(2027, 7, 1))
    assert found["父亲 育儿假 10天/年"] == (date(2024, 7, 1), date(2027, 7, 1))


def test_a_leave_of_several_parts_is_one_event_and_a_deadline_is_one_too(client, today) -> None:
    """浙江: the national 98 days and the province's 90 are taken in one stretch; 拱墅's grant
    is claimed within 180 days of the birth (杭州市育儿补助实施办法 一（二）4)."""
    today("2024-05-10")
    found = {summary: (start, end) for start, end, summary in events(client, GONGSHU_NEWBORN)}
    assert found["母亲 产假 188天"] == (date(2024, 5, 1), date(2024, 11, 5))
    assert found["父亲 护理假 15天"] == (date(2024, 5, 1), date(2024, 5, 16))
    assert found["育儿补助（拱墅） 5,000元：最后申请日"] == (date(2024, 10, 28), date(2024, 10, 29))


def test_the_calendar_in_english(client, today) -> None:
    today("2024-06-01")
    found = {summary for *_days, summary in events(english(client), GONGSHU_NEWBORN)}
    assert "Mother: maternity leave, 188 days" in found
    assert "Mother: breastfeeding time, 1 hour each working day" in found
    assert "Father: parental leave, 10 days a year" in found
    assert "Childcare grant (Gongshu), 5,000 yuan: last day to claim" in found
