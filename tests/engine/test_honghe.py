"""红发〔2023〕5号 and the Yunnan rules, for a family in 蒙自 (红河州)."""

import pytest

from tests.engine.support import ask, born, entry, leave_days, paid, parental_days_on, with_order

MENGZI = "532503"
SUBSIDY = "honghe-2023-birth-subsidy"
ALLOWANCE = "honghe-2023-childcare-allowance"


@pytest.mark.parametrize(("order", "amount"), [(1, 0), (2, 2000), (3, 5000), (4, 0)])
def test_the_birth_subsidy_is_for_second_and_third_children(order: int, amount: int) -> None:
    result = ask(MENGZI, "2025-01-01", with_order(order, born("2024-05-10", MENGZI)))
    assert paid(result, SUBSIDY, child=order - 1) == amount


@pytest.mark.parametrize(
    ("birth_date", "amount"),
    [("2022-12-31", 0), ("2023-01-01", 2000), ("2025-12-31", 2000), ("2026-01-01", 0)],
)
def test_births_in_2023_to_2025(birth_date: str, amount: int) -> None:
    result = ask(MENGZI, "2026-11-22", with_order(2, born(birth_date, MENGZI)))
    assert paid(result, SUBSIDY, child=1) == amount


def test_a_birth_after_the_window_says_the_programme_ended() -> None:
    result = ask(MENGZI, "2026-11-22", with_order(2, born("2026-01-01", MENGZI)))
    assert "2025年12月31日" in entry(result, SUBSIDY, child=1).reason


@pytest.mark.parametrize(
    ("hukou", "honghe", "yunnan"),
    [("532503", 2000, 0), ("532501", 2000, 0), ("530102", 0, 2000), ("330105", 0, 0)],
)
def test_the_subsidy_is_paid_once_by_honghe_or_else_by_yunnan(
    hukou: str, honghe: int, yunnan: int
) -> None:
    result = ask(MENGZI, "2025-01-01", [born("2019-06-01", hukou), born("2024-05-10", hukou)])
    assert paid(result, SUBSIDY, child=1) == honghe
    assert paid(result, "yunnan-birth-subsidy", child=1) == yunnan


def test_twins_as_second_and_third_children() -> None:
    children = [born("2019-06-01", MENGZI), born("2024-05-10", MENGZI), born("2024-05-10", MENGZI)]
    result = ask(MENGZI, "2025-01-01", children)
    assert [paid(result, SUBSIDY, child=i) for i in (1, 2)] == [2000, 5000]


@pytest.mark.parametrize(
    ("birth_date", "amount", "years"),
    [("2023-03-01", 1600, 2), ("2024-05-10", 800, 1), ("2024-12-31", 800, 1), ("2025-02-01", 0, 0)],
)
def test_800_a_year_until_the_national_subsidy_replaced_it(
    birth_date: str, amount: int, years: int
) -> None:
    result = ask(MENGZI, "2026-11-22", with_order(2, born(birth_date, MENGZI)))
    allowance = entry(result, ALLOWANCE, child=1)
    assert paid(result, ALLOWANCE, child=1) == amount
    assert (allowance.periods or 0) == years
    if not amount:
        assert "替代" in allowance.reason


def test_the_national_subsidy_takes_over_from_2025() -> None:
    result = ask(MENGZI, "2025-06-01", with_order(2, born("2024-05-10", MENGZI)))
    national = entry(result, "national-2025-childcare-subsidy", child=1)
    assert national.payments[0].start.isoformat() == "2025-01-01"
    assert paid(result, ALLOWANCE, child=1) == 800


def test_maternity_paternity_leave() -> None:
    result = ask(MENGZI, "2025-01-01", with_order(3, born("2024-05-10", MENGZI)))
    assert leave_days(result, "maternity", child=2, parent="mother") == 158
    assert leave_days(result, "paternity", child=2, parent="father") == 30


@pytest.mark.parametrize(
    ("children", "day", "days"),
    [
        (["2024-05-10"], "2025-01-01", 10),
        (["2023-03-01", "2024-05-10"], "2025-01-01", 15),
        (["2024-05-10", "2024-05-10"], "2025-01-01", 15),
        (["2023-03-01", "2024-05-10"], "2026-03-01", 10),
        (["2023-03-01", "2024-05-10"], "2026-02-28", 15),
        (["2016-01-01", "2019-06-01"], "2025-01-01", 0),
    ],
)
def test_parental_leave_is_per_family_with_five_more_for_two_under_three(
    children: list[str], day: str, days: int
) -> None:
    result = ask(MENGZI, day, [born(d) for d in children])
    assert parental_days_on(result, "mother", day) == days
    assert parental_days_on(result, "father", day) == days


def test_accident_insurance_subsidy_for_each_child_born_in_the_window() -> None:
    result = ask(MENGZI, "2025-01-01", [born("2024-05-10", MENGZI)])
    assert paid(result, "honghe-2023-accident-insurance-subsidy", child=0) == 150


def test_a_child_born_on_29_february_has_birthdays_on_1_march() -> None:
    result = ask(MENGZI, "2025-06-01", with_order(2, born("2024-02-29", MENGZI)))
    allowance = entry(result, "honghe-2023-accident-insurance-subsidy", child=1)
    starts = [p.start.isoformat() for p in allowance.payments]
    assert starts == ["2024-02-29", "2025-03-01", "2026-03-01"]
    assert allowance.end.isoformat() == "2027-03-01"
