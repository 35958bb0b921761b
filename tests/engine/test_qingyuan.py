"""庆元县实施意见, for a family in 庆元."""

import pytest

from tests.engine.support import ask, born, entry, expected, paid, with_order

QINGYUAN = "331126"
ALLOWANCE = "qingyuan-2023-childcare-allowance"
PREGNANCY = "qingyuan-2023-pregnancy-subsidy"


@pytest.mark.parametrize(
    ("order", "monthly", "total"), [(1, 0, 0), (2, 300, 10800), (3, 600, 21600), (4, 0, 0)]
)
def test_the_allowance_by_birth_order(order: int, monthly: int, total: int) -> None:
    result = ask(QINGYUAN, "2024-06-01", with_order(order, born("2023-08-08", QINGYUAN)))
    allowance = entry(result, ALLOWANCE, child=order - 1)
    assert paid(result, ALLOWANCE, child=order - 1) == total
    assert (allowance.period_amount or 0) == monthly


def test_36_months_from_the_month_of_birth() -> None:
    result = ask(QINGYUAN, "2024-06-01", with_order(2, born("2023-08-08")))
    allowance = entry(result, ALLOWANCE, child=1)
    assert allowance.period == "month" and allowance.periods == 36
    assert allowance.payments[0].start.isoformat() == "2023-08-01"
    assert allowance.payments[-1].start.isoformat() == "2026-07-01"


@pytest.mark.parametrize(("birth_date", "total"), [("2022-12-31", 0), ("2023-01-01", 10800)])
def test_births_from_1_january_2023(birth_date: str, total: int) -> None:
    result = ask(QINGYUAN, "2024-06-01", with_order(2, born(birth_date)))
    assert paid(result, ALLOWANCE, child=1) == total


def test_no_hukou_condition_but_a_note_that_detailed_rules_may_add_one() -> None:
    result = ask(QINGYUAN, "2024-06-01", with_order(2, born("2023-08-08", "110101")))
    allowance = entry(result, ALLOWANCE, child=1)
    assert allowance.eligible
    assert any("实施细则" in note for note in allowance.notes)


@pytest.mark.parametrize(("order", "amount"), [(1, 0), (2, 500), (3, 500)])
def test_pregnancy_subsidy(order: int, amount: int) -> None:
    result = ask(QINGYUAN, "2024-06-01", with_order(order, born("2023-08-08")))
    assert paid(result, PREGNANCY, child=order - 1) == amount


def test_an_expected_third_child_within_the_trial() -> None:
    result = ask(
        QINGYUAN, "2024-06-01", [born("2019-04-04"), born("2023-08-08"), expected("2024-12-15")]
    )
    allowance = entry(result, ALLOWANCE, child=2)
    assert allowance.estimate and allowance.amount == 21600
    assert paid(result, PREGNANCY, child=2) == 500


def test_an_expected_child_after_the_trial_is_told_the_programme_has_ended() -> None:
    result = ask(
        QINGYUAN, "2026-11-22", [born("2019-04-04"), born("2023-08-08"), expected("2027-03-15")]
    )
    allowance = entry(result, ALLOWANCE, child=2)
    assert not allowance.eligible and allowance.reason.startswith("本项已经结束")
    assert any("县卫生健康局" in note for note in allowance.notes)
    assert paid(result, PREGNANCY, child=2) == 0


def test_local_and_national_allowances_add_up() -> None:
    result = ask(QINGYUAN, "2025-06-01", with_order(2, born("2023-08-08")))
    assert paid(result, ALLOWANCE, child=1) == 10800
    assert paid(result, "national-2025-childcare-subsidy", child=1) == 300 * 20  # Jan 2025–Aug 2026
