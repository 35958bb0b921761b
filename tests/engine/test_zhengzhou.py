"""郑政〔2023〕19号 and the Henan and national rules, for a family in 郑州."""

from decimal import Decimal

import pytest

from tests.engine.support import (
    ask,
    born,
    entry,
    expected,
    leave_days,
    paid,
    parental_days_on,
    with_order,
)

SUBSIDY = "zhengzhou-2023-childrearing-subsidy"
JINSHUI = "410105"


@pytest.mark.parametrize(("order", "amount"), [(1, 2000), (2, 5000), (3, 15000), (4, 15000)])
def test_the_subsidy_follows_birth_order(order: int, amount: int) -> None:
    result = ask(JINSHUI, "2025-03-01", with_order(order, born("2024-07-01", JINSHUI)))
    assert paid(result, SUBSIDY, child=order - 1) == amount


@pytest.mark.parametrize(
    ("birth_date", "amount"),
    [("2023-08-31", 0), ("2023-09-01", 5000), ("2026-11-01", 5000)],
)
def test_births_from_the_day_the_measures_took_effect(birth_date: str, amount: int) -> None:
    result = ask(JINSHUI, "2026-11-22", with_order(2, born(birth_date, JINSHUI)))
    assert paid(result, SUBSIDY, child=1) == amount


@pytest.mark.parametrize(
    ("hukou", "amount"),
    [("410105", 5000), ("410100", 5000), ("410122", 5000), ("410300", 0), ("110101", 0), (None, 0)],
)
def test_the_child_must_be_registered_in_zhengzhou(hukou: str | None, amount: int) -> None:
    result = ask(JINSHUI, "2025-03-01", [born("2020-01-01", hukou), born("2024-07-01", hukou)])
    assert paid(result, SUBSIDY, child=1) == amount


def test_a_child_outside_is_told_what_would_change_it() -> None:
    result = ask(JINSHUI, "2025-03-01", [born("2020-01-01"), born("2024-07-01", "410300")])
    missed = entry(result, SUBSIDY, child=1)
    assert not missed.eligible
    assert "洛阳市" in missed.reason
    assert [c.field for c in missed.changes] == ["children[1].hukou"]


def test_twins_are_counted_by_their_own_order() -> None:
    children = [
        born("2020-01-01", JINSHUI),
        born("2024-07-01", JINSHUI),
        born("2024-07-01", JINSHUI),
    ]
    result = ask(JINSHUI, "2025-03-01", children)
    assert [paid(result, SUBSIDY, child=i) for i in (1, 2)] == [5000, 15000]


def test_an_expected_child_is_an_estimate() -> None:
    result = ask(
        JINSHUI, "2026-11-22", [born("2024-07-01", JINSHUI), expected("2027-03-01", JINSHUI)]
    )
    subsidy = entry(result, SUBSIDY, child=1)
    assert subsidy.eligible and subsidy.estimate
    assert subsidy.amount == Decimal(5000)


def test_maternity_leave_is_98_national_and_90_henan_days() -> None:
    result = ask(JINSHUI, "2025-03-01", [born("2024-07-01", JINSHUI)])
    assert leave_days(result, "maternity", child=0, parent="mother") == 188
    national = entry(result, "national-maternity-leave", child=0)
    extension = entry(result, "henan-maternity-leave-extension", child=0)
    assert extension.start == national.end  # taken in one stretch


@pytest.mark.parametrize(
    ("facts", "babies", "days"),
    [({}, 1, 188), ({"difficult_birth": True}, 1, 203), ({}, 2, 203), ({}, 3, 218)],
)
def test_difficult_births_and_multiples_add_national_days(
    facts: dict, babies: int, days: int
) -> None:
    result = ask(JINSHUI, "2025-03-01", [born("2024-07-01", JINSHUI, **facts)] * babies)
    assert leave_days(result, "maternity", child=0, parent="mother") == days


def test_a_mother_without_an_employer_has_no_maternity_leave() -> None:
    result = ask(JINSHUI, "2025-03-01", [born("2024-07-01")], mother={"employed": False})
    assert leave_days(result, "maternity", child=0, parent="mother") == 0
    assert (
        entry(result, "national-maternity-leave", child=0).changes[0].field == "parents[0].employed"
    )


def test_paternity_leave_is_henan_s_month() -> None:
    result = ask(JINSHUI, "2025-03-01", [born("2024-07-01")])
    assert leave_days(result, "paternity", child=0, parent="father") == 30


@pytest.mark.parametrize(("day", "days"), [("2027-06-30", 10), ("2027-07-01", 0)])
def test_parental_leave_runs_until_the_third_birthday(day: str, days: int) -> None:
    result = ask(JINSHUI, day, [born("2024-07-01")])
    assert parental_days_on(result, "mother", day) == days
    assert parental_days_on(result, "father", day) == days


def test_parental_leave_of_twins_does_not_add_up() -> None:
    result = ask(JINSHUI, "2025-03-01", [born("2024-07-01"), born("2024-07-01")])
    assert parental_days_on(result, "mother", "2025-03-01") == 10


def test_parental_leave_of_two_children_under_three_adds_up() -> None:
    result = ask(JINSHUI, "2025-03-01", [born("2023-01-01"), born("2024-07-01")])
    assert parental_days_on(result, "father", "2025-03-01") == 20


def test_henan_parental_leave_is_replaced_by_zhengzhou_s_restatement() -> None:
    result = ask(JINSHUI, "2025-03-01", [born("2024-07-01")])
    assert not [e for e in result.entitlements if e.program == "henan-parental-leave"]


def test_elsewhere_in_henan_the_province_s_rules_apply() -> None:
    luoyang = "410302"
    result = ask(luoyang, "2025-03-01", [born("2024-07-01", luoyang), born("2024-07-01", luoyang)])
    assert not [e for e in result.entitlements if e.program == SUBSIDY]
    # Henan's 育儿假 is the family's, not per child (reading 10): twins or not, 10 days a year
    assert parental_days_on(result, "mother", "2025-03-01") == 10
    assert leave_days(result, "maternity", child=0, parent="mother") == 203


@pytest.mark.parametrize(("babies", "hours"), [(1, 2), (2, 3)])
def test_breastfeeding_time_is_two_hours_in_zhengzhou(babies: int, hours: int) -> None:
    result = ask(JINSHUI, "2025-03-01", [born("2024-07-01")] * babies)
    assert entry(result, "zhengzhou-2023-breastfeeding-time", child=0).hours_per_day == hours
    assert not [e for e in result.entitlements if e.program == "national-breastfeeding-time"]


def test_leave_until_the_first_birthday_with_the_employer_s_approval() -> None:
    result = ask(JINSHUI, "2025-03-01", [born("2024-07-01")])
    leave = entry(result, "zhengzhou-2023-leave-until-first-birthday", child=0)
    assert leave.eligible and leave.days is None
    assert (leave.start.isoformat(), leave.end.isoformat()) == ("2024-07-01", "2025-07-01")


def test_the_reason_names_order_date_and_place_in_either_language() -> None:
    children = [born("2021-03-02", JINSHUI), born("2024-07-01", JINSHUI)]
    zh = entry(ask(JINSHUI, "2025-03-01", children), SUBSIDY, child=1)
    en = entry(ask(JINSHUI, "2025-03-01", children, lang="en"), SUBSIDY, child=1)
    assert zh.reason == "第二个孩子，2024年7月1日出生，孩子户口登记在金水区"
    assert (
        en.reason
        == "Second child; born 1 July 2024; the child's hukou registered in Jinshui District"
    )
    assert zh.citation.document == "郑政〔2023〕19号" and zh.citation.clause == "二（七）"
