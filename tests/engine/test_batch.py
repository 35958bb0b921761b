"""The batch path answers exactly as `evaluate` does, family by family, over many generated
families in every place a policy file names and a sample of others."""

from __future__ import annotations

from datetime import date

import pytest

from apps.benefits.engine import Entitlement, Evaluation, Family, RuleSet, evaluate
from apps.benefits.engine.batch import cash_deciding, evaluate_many
from bench.families import AS_OF, families, sample_places
from tests.engine.support import PLACES, RULES

# Families of every shape the questionnaire allows (bench/families.py, which the benchmarks
# use too): one or two parents with hukou here, elsewhere or unknown, employed or not, working
# here or elsewhere; none to four children, born over fifteen years or expected, twins, a child
# of one parent only, a difficult birth; in every place a policy file names and 300 others.
HOMES = sample_places(RULES, PLACES)
FAMILIES = families(1500, homes=HOMES, elsewhere=HOMES, seed=13)


def one_by_one(families: list[tuple[Family, str]], **how: object) -> list[Evaluation]:
    return [evaluate(family, jurisdiction=home, **how) for family, home in families]  # type: ignore[arg-type]


@pytest.mark.parametrize("lang", ["zh-hans", "en"])
def test_a_batch_answers_as_each_family_alone(lang: str) -> None:
    how = {"as_of": AS_OF, "rules": RULES, "places": PLACES, "lang": lang}
    batched = list(evaluate_many(FAMILIES, **how))  # type: ignore[arg-type]
    alone = one_by_one(FAMILIES, **how)
    assert len(batched) == len(alone) == len(FAMILIES)
    for number, (got, expected) in enumerate(zip(batched, alone, strict=True)):
        assert got == expected, f"family {number}: {FAMILIES[number]}"


def test_the_families_cover_every_kind_of_answer() -> None:
    """Not a vacuous comparison: the generated families are paid, refused and given leave."""
    evaluations = list(evaluate_many(FAMILIES, as_of=AS_OF, rules=RULES, places=PLACES))
    entries = [e for evaluation in evaluations for e in evaluation.entitlements]
    assert {e.kind for e in entries} == {p.kind for p in RULES.programs}
    assert any(e.counted_cash for e in entries)
    assert any(not e.eligible and e.changes for e in entries)
    assert sum(1 for e in evaluations if e.cash_total() > 0) > len(FAMILIES) // 10


def test_another_day_and_one_rule_alone() -> None:
    """A rule set of one program (郑州's one-off grant), asked on another day."""
    rules = RuleSet((RULES.by_slug["zhengzhou-2023-childrearing-subsidy"],), version="one")
    how = {"as_of": date(2026, 11, 22), "rules": rules, "places": PLACES}
    families = FAMILIES[:500]
    assert list(evaluate_many(families, **how)) == one_by_one(families, **how)  # type: ignore[arg-type]


def cash(evaluation: Evaluation) -> list[Entitlement]:
    return [e for e in evaluation.entitlements if e.counted_cash]


def test_a_cash_only_batch_counts_the_same_cash_as_each_family_alone() -> None:
    """What the recompute and the impact preview count: every entry counted as cash, and the
    totals, without the leave."""
    how = {"as_of": AS_OF, "rules": RULES, "places": PLACES}
    cash_only = list(evaluate_many(FAMILIES, cash_only=True, **how))  # type: ignore[arg-type]
    alone = one_by_one(FAMILIES, **how)
    for number, (got, expected) in enumerate(zip(cash_only, alone, strict=True)):
        assert cash(got) == cash(expected), f"family {number}: {FAMILIES[number]}"
        assert got.cash_total() == expected.cash_total()
        assert got.coverage == expected.coverage
    assert not any(e.category == "leave" for got in cash_only for e in got.entitlements)
    assert sum(1 for got in cash_only if got.cash_total() > 0) > len(FAMILIES) // 10


def test_cash_only_keeps_what_decides_a_paid_once_group() -> None:
    """拱墅's pregnancy grant is paid once with Hangzhou's: both are evaluated."""
    kept = cash_deciding(RULES)
    grouped = {p.slug for p in RULES.programs if p.paid_once_group}
    assert grouped <= kept
    assert not any(RULES.by_slug[slug].category == "leave" for slug in kept)
