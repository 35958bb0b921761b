"""Readings 9-16 of the policy README, on the engine: where a family's entitlements come from,
what is owed and what only may be granted, pregnancies, ended trials, deadlines and citations."""

from __future__ import annotations

from datetime import date

import pytest

from apps.benefits.engine import Parent
from tests.engine.support import (
    RULES,
    ask,
    born,
    entry,
    expected,
    leave_days,
    paid,
    parental_days_on,
    with_order,
)

GONGSHU, XIHU, NINGBO = "330105", "330106", "330203"
JINSHUI, LUOYANG, BEIJING = "410105", "410302", "110105"
XINING = "630102"  # 西宁市城东区: 青海's regulation is not covered
MENGZI, QINGYUAN, YONGJI = "532503", "331126", "140881"


# --- reading 9: every place of the family counts ---------------------------------------------


def test_a_family_living_elsewhere_gets_the_grants_of_its_hukou_place() -> None:
    result = ask(
        NINGBO,
        "2024-06-01",
        [born("2020-01-01", GONGSHU), born("2024-05-01", GONGSHU)],
        mother={"hukou": GONGSHU},
    )
    grant = entry(result, "gongshu-2023-childcare-grant", child=1)
    assert grant.eligible and grant.jurisdiction == GONGSHU
    assert "孩子户口登记在拱墅区" in grant.reason
    assert paid(result, "gongshu-2023-pregnancy-subsidy", child=1) == 2000
    assert {GONGSHU, NINGBO} <= set(result.places)


def test_a_place_only_a_hukou_ties_the_family_to_gives_no_leave() -> None:
    """Leave follows the employer: 郑州's and Henan's leave are shown as not applying to a
    family in 西宁 whose child's hukou is in 郑州, with what would change it; 青海's own leave is
    not covered, so the national 98 days are what is shown."""
    result = ask(XINING, "2025-03-01", [born("2024-07-01", JINSHUI)])
    henan = entry(result, "henan-maternity-leave-extension", child=0)
    assert not henan.eligible
    assert henan.reason == "母亲的用人单位在城东区，不在河南省；本项按用人单位所在地的规定享受"
    assert [c.field for c in henan.changes] == ["parents[0].works_in"]
    assert leave_days(result, "maternity", child=0, parent="mother") == 98


def test_leave_follows_each_parent_s_employer() -> None:
    result = ask(
        JINSHUI,
        "2025-03-01",
        [born("2023-03-02", JINSHUI), born("2024-07-01", JINSHUI)],
        father={"works_in": XIHU},
    )
    assert leave_days(result, "paternity", child=1, parent="father") == 15
    assert not entry(result, "henan-paternity-leave", child=1).eligible
    assert entry(result, "zhejiang-paternity-leave", child=1).reason.endswith(
        "父亲的用人单位在西湖区"
    )


def test_a_local_restatement_stands_in_only_for_the_parent_it_applies_to() -> None:
    """郑州's 育儿假 replaces Henan's for the mother working in 郑州; the father working in 洛阳
    keeps Henan's."""
    result = ask(
        JINSHUI,
        "2025-03-01",
        [born("2023-05-01", JINSHUI), born("2024-07-01", JINSHUI)],
        father={"works_in": LUOYANG},
    )
    henan = [e for e in result.entitlements if e.program == "henan-parental-leave"]
    assert {e.parent for e in henan} == {"father"}
    assert parental_days_on(result, "mother", "2025-03-01") == 20  # 郑州: per child
    assert parental_days_on(result, "father", "2025-03-01") == 10  # Henan: for the family


def test_a_parent_without_an_employer_has_no_work_place_considered() -> None:
    result = ask(
        QINGYUAN,
        "2024-06-01",
        with_order(2, born("2024-03-03")),
        father={"employed": False, "works_in": JINSHUI},
    )
    assert JINSHUI not in result.places
    assert not [e for e in result.entitlements if e.jurisdiction.startswith("41")]


def test_paid_once_holds_across_places() -> None:
    """Mother registered in 西湖区, child in 拱墅, living in 宁波: each grant once."""
    result = ask(
        NINGBO,
        "2024-06-01",
        [born("2021-01-01", NINGBO), born("2024-05-01", GONGSHU)],
        mother={"hukou": XIHU},
    )
    assert paid(result, "hangzhou-pregnancy-subsidy", child=1) == 2000
    assert paid(result, "gongshu-2023-pregnancy-subsidy", child=1) == 0
    assert paid(result, "gongshu-2023-childcare-grant", child=1) == 5000
    hangzhou = entry(result, "hangzhou-childcare-grant", child=1)
    assert not hangzhou.eligible and "育儿补助（拱墅）" in hangzhou.reason
    assert result.total("one_off") == 7000


def test_a_county_grant_with_no_hukou_condition_is_for_families_living_there() -> None:
    result = ask(
        XIHU, "2024-06-01", with_order(2, born("2024-03-03", QINGYUAN)), mother={"hukou": QINGYUAN}
    )
    allowance = entry(result, "qingyuan-2023-childcare-allowance", child=1)
    assert not allowance.eligible
    assert allowance.reason == "您家住在西湖区；本项适用于住在庆元县的家庭"
    assert [c.field for c in allowance.changes] == ["jurisdiction"]


def test_the_place_reasons_in_english() -> None:
    result = ask(BEIJING, "2025-03-01", [born("2024-07-01", JINSHUI)], lang="en")
    henan = entry(result, "henan-maternity-leave-extension", child=0)
    assert henan.reason == (
        "The mother's employer is in Chaoyang District, not in Henan Province; this follows "
        "the rules of the employer's place"
    )


# --- reading 10: 育儿假 for the family unless the text says per child --------------------------


@pytest.mark.parametrize(
    ("place", "days"),
    [(LUOYANG, 10), (NINGBO, 10), (YONGJI, 20), (MENGZI, 15), ("530102", 15), (JINSHUI, 20)],
)
def test_parental_leave_with_two_children_under_3(place: str, days: int) -> None:
    result = ask(place, "2025-03-01", [born("2023-05-01"), born("2024-07-01")])
    assert parental_days_on(result, "mother", "2025-03-01") == days
    assert parental_days_on(result, "father", "2025-03-01") == days


def test_per_family_leave_is_a_stretch_with_more_days_while_two_are_under_3() -> None:
    """红河 二（二）4: 10 days from the first birth, 15 while both are under 3."""
    result = ask(MENGZI, "2025-10-01", [born("2024-02-01"), born("2025-09-15")])
    stretches = sorted(
        (e.start.isoformat(), e.end.isoformat(), e.days)
        for e in result.entitlements
        if e.program == "honghe-2023-parental-leave" and e.parent == "mother"
    )
    assert stretches == [
        ("2024-02-01", "2028-09-15", 10),
        ("2025-09-15", "2027-02-01", 5),
    ]


# --- reading 11: the national subsidy is per child --------------------------------------------


def test_the_national_subsidy_pays_a_child_of_one_parent_only() -> None:
    result = ask(
        JINSHUI, "2025-03-01", [born("2018-01-01"), born("2024-06-01", of_this_couple=False)]
    )
    subsidy = entry(result, "national-2025-childcare-subsidy", child=1)
    assert subsidy.eligible and subsidy.periods == 30 and subsidy.amount == 9000
    assert not entry(result, "zhengzhou-2023-childrearing-subsidy", child=1).eligible


@pytest.mark.parametrize(
    ("birth_date", "months"),
    [("2021-12-31", 0), ("2022-01-01", 1), ("2022-01-31", 1), ("2023-12-15", 24)],
)
def test_the_national_subsidy_s_months_at_the_edges(birth_date: str, months: int) -> None:
    result = ask(QINGYUAN, "2024-12-31", [born(birth_date)])
    assert paid(result, "national-2025-childcare-subsidy", child=0) == 300 * months


def test_the_edge_reading_is_said() -> None:
    result = ask(QINGYUAN, "2024-12-31", [born("2022-01-01")])
    subsidy = entry(result, "national-2025-childcare-subsidy", child=0)
    assert any("2022年1月1日出生" in note for note in subsidy.notes)


# --- reading 12: pregnancy grants go by the pregnancy -----------------------------------------


def test_a_pregnancy_begun_in_the_window_counts_though_the_birth_is_after_it() -> None:
    result = ask(QINGYUAN, "2025-09-01", [born("2021-01-01"), born("2025-06-01")])
    grant = entry(result, "qingyuan-2023-pregnancy-subsidy", child=1)
    assert grant.eligible and grant.amount == 500
    assert "怀孕约自2024年8月25日起，在本项适用期间内" in grant.reason
    assert not entry(result, "qingyuan-2023-childcare-allowance", child=1).eligible


def test_a_pregnancy_begun_after_the_window_does_not() -> None:
    result = ask(QINGYUAN, "2025-11-01", [born("2021-01-01"), born("2025-10-08")])
    grant = entry(result, "qingyuan-2023-pregnancy-subsidy", child=1)
    assert not grant.eligible
    assert grant.reason == (
        "本项已经结束：只适用于2024年12月31日前（含）的怀孕或生育；"
        "孩子2025年10月8日出生，怀孕约自2025年1月1日起"
    )


def test_an_expected_child_s_pregnancy_is_dated_from_the_due_date() -> None:
    result = ask(GONGSHU, "2025-11-01", [born("2022-01-01", GONGSHU), expected("2026-07-01")])
    assert paid(result, "gongshu-2023-pregnancy-subsidy", child=1) == 2000
    assert entry(result, "gongshu-2023-pregnancy-subsidy", child=1).estimate


# --- reading 13: what is owed, what an employer may grant, what is paid in kind ---------------


def test_what_an_employer_may_grant_is_shown_never_counted() -> None:
    result = ask(YONGJI, "2025-01-01", [born("2024-03-03")])
    fee = entry(result, "yongji-2023-childcare-fee", child=0, parent="mother")
    assert fee.eligible and fee.basis == "employer_may" and not fee.counted_cash
    assert result.total("recurring") == paid(result, "national-2025-childcare-subsidy", child=0)
    leave = entry(
        ask(JINSHUI, "2025-01-01", [born("2024-07-01")]),
        "zhengzhou-2023-leave-until-first-birthday",
        child=0,
    )
    assert leave.basis == "employer_may"


def test_insurance_paid_for_the_family_is_in_kind() -> None:
    result = ask(MENGZI, "2024-06-01", [born("2024-05-10", MENGZI)])
    insurance = entry(result, "honghe-2023-accident-insurance-subsidy", child=0)
    assert insurance.eligible and insurance.basis == "in_kind" and insurance.amount == 150
    assert result.total("recurring") == paid(result, "national-2025-childcare-subsidy", child=0)


def test_every_program_says_what_the_family_gets() -> None:
    bases = {p.slug: p.basis for p in RULES.programs}
    assert bases["yongji-2023-childcare-fee"] == "employer_may"
    assert bases["zhengzhou-2023-leave-until-first-birthday"] == "employer_may"
    assert bases["honghe-2023-accident-insurance-subsidy"] == "in_kind"
    # What the provincial texts leave to the employer ("经单位同意", "经单位批准").
    assert {slug for slug, basis in bases.items() if basis != "entitlement"} == {
        "yongji-2023-childcare-fee",
        "zhengzhou-2023-leave-until-first-birthday",
        "honghe-2023-accident-insurance-subsidy",
        "beijing-extra-leave-employer-may",
        "fujian-maternity-leave-extension-up-to-180",
        "chongqing-childcare-leave-until-one",
        "chongqing-parental-leave",
    }


# --- reading 14: 庆元's trial ended -----------------------------------------------------------


@pytest.mark.parametrize(("birth_date", "total"), [("2024-12-31", 10800), ("2025-01-01", 0)])
def test_the_one_year_trial_covers_births_to_the_end_of_2024(birth_date: str, total: int) -> None:
    result = ask(QINGYUAN, "2025-03-01", with_order(2, born(birth_date)))
    assert paid(result, "qingyuan-2023-childcare-allowance", child=1) == total


def test_after_the_trial_the_family_is_told_it_ended_and_whom_to_ask() -> None:
    result = ask(QINGYUAN, "2027-09-01", with_order(2, born("2027-06-01")), lang="en")
    allowance = entry(result, "qingyuan-2023-childcare-allowance", child=1)
    assert allowance.reason.startswith("This programme has ended")
    assert any("county health bureau" in note for note in allowance.notes)


# --- deadlines -------------------------------------------------------------------------------


def test_a_grant_to_claim_within_180_days_says_its_last_day() -> None:
    result = ask(GONGSHU, "2024-06-01", with_order(2, born("2024-02-20", GONGSHU)))
    grant = entry(result, "gongshu-2023-childcare-grant", child=1)
    assert grant.apply_by == date(2024, 8, 18) and not grant.deadline_passed


def test_a_deadline_passed_keeps_the_entitlement_but_says_it_can_no_longer_be_claimed() -> None:
    result = ask(GONGSHU, "2026-11-29", with_order(2, born("2024-02-20", GONGSHU)))
    grant = entry(result, "gongshu-2023-childcare-grant", child=1)
    assert grant.eligible and grant.deadline_passed
    assert result.total("one_off") == 7000  # owed then: the page says it can't be claimed now


def test_programs_with_no_deadline_have_none() -> None:
    result = ask(JINSHUI, "2026-11-29", with_order(2, born("2024-07-01", JINSHUI)))
    grant = entry(result, "zhengzhou-2023-childrearing-subsidy", child=1)
    assert grant.apply_by is None and not grant.deadline_passed


# --- reading 16: citations -------------------------------------------------------------------


def test_a_citation_whose_article_could_not_be_found_says_so() -> None:
    result = ask(YONGJI, "2025-01-01", [born("2024-03-03")], mother={"works_in": "140105"})
    shanxi = entry(result, "shanxi-maternity-leave-extension", child=0)
    assert shanxi.citation.confidence == "unverified" and shanxi.citation.clause == ""
    assert any("未能核实" in note for note in shanxi.notes)


def test_the_family_s_place_defaults_for_the_api() -> None:
    """An employed parent with no work place given works where the family lives."""
    assert Parent("mother").works_in is None
    result = ask(YONGJI, "2025-01-01", [born("2024-03-03")])
    assert leave_days(result, "maternity", child=0, parent="mother") == 158
