"""拱墅区若干措施（试行）, Hangzhou's grants and the Zhejiang rules, for a family in 拱墅."""

from decimal import Decimal

import pytest

from tests.engine.support import ask, born, entry, expected, leave_days, paid, with_order

GONGSHU, XIHU = "330105", "330106"
PREGNANCY, GRANT = "gongshu-2023-pregnancy-subsidy", "gongshu-2023-childcare-grant"
HZ_PREGNANCY, HZ_GRANT = "hangzhou-pregnancy-subsidy", "hangzhou-childcare-grant"


@pytest.mark.parametrize(
    ("order", "pregnancy", "grant"), [(1, 0, 0), (2, 2000, 5000), (3, 5000, 20000), (4, 0, 0)]
)
def test_grants_by_birth_order(order: int, pregnancy: int, grant: int) -> None:
    result = ask(GONGSHU, "2025-01-01", with_order(order, born("2024-02-20", GONGSHU)))
    assert paid(result, PREGNANCY, child=order - 1) == pregnancy
    assert paid(result, GRANT, child=order - 1) == grant


def test_the_pregnancy_subsidy_is_paid_to_the_mother() -> None:
    result = ask(GONGSHU, "2025-01-01", with_order(2, born("2024-02-20", GONGSHU)))
    assert entry(result, PREGNANCY, child=1).parent == "mother"


@pytest.mark.parametrize(
    ("birth_date", "pregnancy", "grant"),
    [
        ("2022-12-31", 0, 0),
        ("2023-01-01", 2000, 5000),
        ("2025-12-31", 2000, 5000),
        # born after the measures ended: the pregnancy began inside them (reading 12)
        ("2026-01-01", 2000, 0),
        ("2026-10-06", 2000, 0),  # conceived about 2025-12-30
        ("2026-10-08", 0, 0),  # conceived about 2026-01-01
    ],
)
def test_events_from_2023_until_the_measures_end(
    birth_date: str, pregnancy: int, grant: int
) -> None:
    result = ask(GONGSHU, "2026-11-22", with_order(2, born(birth_date, GONGSHU)))
    assert paid(result, PREGNANCY, child=1) == pregnancy
    assert paid(result, GRANT, child=1) == grant


def test_hangzhou_pays_the_same_grants_once_not_twice() -> None:
    result = ask(GONGSHU, "2025-01-01", with_order(2, born("2024-02-20", GONGSHU)))
    hangzhou = entry(result, HZ_GRANT, child=1)
    assert not hangzhou.eligible and "育儿补助（拱墅）" in hangzhou.reason
    assert result.total("one_off") == 7000


def test_a_mother_registered_elsewhere_in_hangzhou_gets_the_city_s_subsidy() -> None:
    result = ask(
        GONGSHU, "2025-01-01", with_order(2, born("2024-02-20", GONGSHU)), mother={"hukou": XIHU}
    )
    assert paid(result, PREGNANCY, child=1) == 0
    assert paid(result, HZ_PREGNANCY, child=1) == 2000


@pytest.mark.parametrize(
    ("hukou", "gongshu", "hangzhou"),
    [(GONGSHU, 5000, 0), (XIHU, 0, 5000), ("330000", 0, 0), ("110101", 0, 0)],
)
def test_the_grant_needs_the_child_s_first_registration(
    hukou: str, gongshu: int, hangzhou: int
) -> None:
    result = ask(GONGSHU, "2025-01-01", [born("2020-09-01", hukou), born("2024-02-20", hukou)])
    assert paid(result, GRANT, child=1) == gongshu
    assert paid(result, HZ_GRANT, child=1) == hangzhou


def test_twins_counted_by_their_own_order() -> None:
    children = [
        born("2020-09-01", GONGSHU),
        born("2024-02-20", GONGSHU),
        born("2024-02-20", GONGSHU),
    ]
    result = ask(GONGSHU, "2025-01-01", children)
    assert [paid(result, GRANT, child=i) for i in (1, 2)] == [5000, 20000]
    assert [paid(result, PREGNANCY, child=i) for i in (1, 2)] == [2000, 5000]


def test_an_expected_second_child() -> None:
    result = ask(
        GONGSHU, "2025-06-01", [born("2022-01-01", GONGSHU), expected("2025-10-01", GONGSHU)]
    )
    pregnancy = entry(result, PREGNANCY, child=1)
    assert pregnancy.eligible and pregnancy.estimate and pregnancy.amount == 2000


def test_unemployment_birth_grant_is_three_months_of_the_benefit() -> None:
    result = ask(
        GONGSHU,
        "2025-01-01",
        [born("2024-02-20", GONGSHU)],
        mother={"employed": False, "unemployment_benefit": Decimal("2100")},
    )
    assert paid(result, "gongshu-2023-unemployment-birth-grant", child=0) == 6300


def test_no_unemployment_grant_without_the_benefit() -> None:
    result = ask(GONGSHU, "2025-01-01", [born("2024-02-20", GONGSHU)])
    grant = entry(result, "gongshu-2023-unemployment-birth-grant", child=0)
    assert not grant.eligible
    assert grant.changes[0].field == "parents[0].unemployment_benefit"


@pytest.mark.parametrize(("order", "days"), [(1, 158), (2, 188), (3, 188), (4, 98)])
def test_zhejiang_maternity_leave_by_order(order: int, days: int) -> None:
    result = ask(GONGSHU, "2025-01-01", with_order(order, born("2024-02-20", GONGSHU)))
    assert leave_days(result, "maternity", child=order - 1, parent="mother") == days


def test_paternity_leave_is_15_days() -> None:
    result = ask(GONGSHU, "2025-01-01", [born("2024-02-20")])
    assert leave_days(result, "paternity", child=0, parent="father") == 15


def test_a_single_mother_has_no_paternity_entry_to_claim() -> None:
    result = ask(GONGSHU, "2025-01-01", [born("2024-02-20")], single_mother=True)
    paternity = entry(result, "zhejiang-paternity-leave", child=0)
    assert not paternity.eligible
