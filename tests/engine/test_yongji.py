"""永办发〔2023〕13号 and the Shanxi rules, for a family in 永济."""

import pytest

from tests.engine.support import ask, born, entry, leave_days, paid, parental_days_on, with_order

YONGJI = "140881"


@pytest.mark.parametrize(("order", "days"), [(1, 158), (2, 158), (3, 158), (4, 98)])
def test_maternity_leave_is_158_days_not_218(order: int, days: int) -> None:
    result = ask(YONGJI, "2025-01-01", with_order(order, born("2024-03-03", YONGJI)))
    assert leave_days(result, "maternity", child=order - 1, parent="mother") == days


def test_the_local_text_restates_shanxi_rather_than_adding_to_it() -> None:
    result = ask(YONGJI, "2025-01-01", [born("2024-03-03")])
    programs = {e.program for e in result.entitlements}
    assert "shanxi-maternity-leave-extension" not in programs
    assert (
        entry(result, "yongji-2023-maternity-leave-extension", child=0).citation.clause
        == "五（十三）"
    )


def test_paternity_leave_is_15_days() -> None:
    result = ask(YONGJI, "2025-01-01", [born("2020-02-02"), born("2024-03-03")])
    assert leave_days(result, "paternity", child=1, parent="father") == 15


@pytest.mark.parametrize(
    ("children", "days"),
    [
        (["2024-03-03"], 20),
        (["2020-02-02", "2024-03-03"], 20),
        (["2023-06-01", "2024-03-03"], 20),
        (["2024-03-03", "2024-03-03"], 20),
        (["2021-01-01"], 0),
    ],
)
def test_parental_leave_is_shanxi_s_15_days_plus_5_for_the_family(
    children: list[str], days: int
) -> None:
    result = ask(YONGJI, "2025-01-01", [born(day) for day in children])
    assert parental_days_on(result, "mother", "2025-01-01") == days
    assert parental_days_on(result, "father", "2025-01-01") == days


def test_no_one_off_cash_is_set_by_yongji() -> None:
    result = ask(YONGJI, "2025-01-01", [born("2020-02-02", YONGJI), born("2024-03-03", YONGJI)])
    assert not [e for e in result.entitlements if e.category == "one_off"]


def test_the_employer_s_care_allowance_is_shown_but_not_counted() -> None:
    result = ask(YONGJI, "2025-01-01", [born("2024-03-03")], father={"employed": False})
    mother = entry(result, "yongji-2023-childcare-fee", child=0, parent="mother")
    father = entry(result, "yongji-2023-childcare-fee", child=0, parent="father")
    assert mother.eligible and mother.basis == "employer_may"
    assert mother.periods == 36 and mother.amount == 7200
    assert not father.eligible
    assert result.total("recurring") == paid(result, "national-2025-childcare-subsidy", child=0)


def test_the_care_allowance_counts_months_from_may_2023_only() -> None:
    result = ask(YONGJI, "2025-01-01", [born("2022-01-15")])
    allowance = entry(result, "yongji-2023-childcare-fee", child=0, parent="mother")
    assert allowance.payments[0].start.isoformat() == "2023-05-01"
    assert allowance.periods == 20  # May 2023 to December 2024
