"""The national childcare subsidy (育儿补贴制度实施方案) and 女职工劳动保护特别规定."""

import pytest

from tests.engine.support import ask, born, entry, expected, paid, parental_days_on

SUBSIDY = "national-2025-childcare-subsidy"
ELSEWHERE = "630102"  # 西宁市城东区: no local or provincial programme of ours


@pytest.mark.parametrize(
    ("birth_date", "period", "periods", "amount"),
    [
        ("2025-04-01", "year", 3, 10800),
        ("2025-01-01", "year", 3, 10800),
        ("2024-12-31", "month", 36, 10800),
        ("2023-12-15", "month", 24, 7200),  # the reported example
        ("2022-01-15", "month", 1, 300),
        ("2021-12-31", None, 0, 0),
    ],
)
def test_3600_a_year_or_300_for_each_remaining_month(
    birth_date: str, period: str | None, periods: int, amount: int
) -> None:
    result = ask(ELSEWHERE, "2025-06-01", [born(birth_date)])
    subsidy = entry(result, SUBSIDY, child=0)
    assert paid(result, SUBSIDY, child=0) == amount
    assert (subsidy.periods or 0) == periods
    if periods:
        assert subsidy.period == period


def test_every_child_from_the_first_and_no_hukou_condition() -> None:
    result = ask(
        ELSEWHERE, "2025-06-01", [born("2025-01-10"), born("2025-01-10")], mother={"hukou": None}
    )
    assert paid(result, SUBSIDY, child=0) == paid(result, SUBSIDY, child=1) == 10800


def test_yearly_payments_follow_the_child_s_birthdays() -> None:
    result = ask(ELSEWHERE, "2025-06-01", [born("2025-04-01")])
    starts = [p.start.isoformat() for p in entry(result, SUBSIDY, child=0).payments]
    assert starts == ["2025-04-01", "2026-04-01", "2027-04-01"]


def test_an_expected_child_gets_the_whole_three_years() -> None:
    result = ask(ELSEWHERE, "2026-11-22", [expected("2027-05-01")])
    subsidy = entry(result, SUBSIDY, child=0)
    assert subsidy.estimate and subsidy.amount == 10800


def test_a_place_without_local_programmes_still_gets_national_ones() -> None:
    result = ask(ELSEWHERE, "2025-06-01", [born("2025-04-01")])
    assert {e.jurisdiction for e in result.entitlements} == {"100000"}
    assert parental_days_on(result, "mother", "2025-06-01") == 0


def test_children_not_of_this_couple_do_not_take_a_birth_order() -> None:
    result = ask(
        "410105",
        "2025-03-01",
        [born("2015-01-01", "410105", of_this_couple=False), born("2024-07-01", "410105")],
    )
    assert result.birth_orders == {0: None, 1: 1}
    assert paid(result, "zhengzhou-2023-childrearing-subsidy", child=1) == 2000
