"""The batch path answers exactly as `evaluate` does, family by family, over many generated
families in every place a policy file names and a sample of others."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

import pytest

from apps.benefits.engine import Child, Entitlement, Evaluation, Family, Parent, RuleSet, evaluate
from apps.benefits.engine.batch import cash_deciding, evaluate_many
from tests.engine.support import PLACES, RULES

AS_OF = date(2025, 6, 1)


def policy_places() -> list[str]:
    """Every place a policy file names (granting a program, or in a hukou condition), and one
    place under each where there is one."""
    named = {p.jurisdiction for p in RULES.programs}
    named |= {c.hukou_within for p in RULES.programs for c in p.conditions}
    below = {code: [] for code in named}  # type: dict[str, list[str]]
    for place in PLACES.by_code.values():
        if place.parent in below:
            below[place.parent].append(place.code)
    return sorted(named) + [min(children) for children in below.values() if children]


def generated_families(count: int, seed: int) -> list[tuple[Family, str]]:
    """Families of every shape the questionnaire allows: one or two parents with hukou here,
    elsewhere or unknown, employed or not, working here or elsewhere; none to four children,
    born over fifteen years or expected, twins, a child of one parent only, a difficult birth."""
    rng = random.Random(seed)
    named = policy_places()
    others = rng.sample(sorted(PLACES.by_code), 300)
    places = named + others

    def somewhere(home: str) -> str | None:
        return rng.choice([home, home, rng.choice(places), rng.choice(named), None])

    families = []
    for _ in range(count):
        home = rng.choice(places)
        parents = [
            Parent(
                role,
                hukou=somewhere(home),
                employed=rng.random() < 0.85,
                unemployment_benefit=Decimal("1850.50") if rng.random() < 0.05 else None,
                works_in=rng.choice([None, None, home, rng.choice(places)]),
            )
            for role in ("mother", "father")
        ]
        if rng.random() < 0.05:
            parents.pop()  # a mother on her own
        children: list[Child] = []
        for index in range(rng.choice([0, 1, 1, 2, 2, 3, 4])):
            if children and rng.random() < 0.1:  # a twin of the child before
                twin = children[-1]
                day, born = twin.date, twin.born
            elif rng.random() < 0.15:
                day, born = AS_OF + timedelta(days=rng.randint(1, 300)), False
            else:
                day, born = AS_OF - timedelta(days=rng.randint(0, 15 * 365)), True
            children.append(
                Child(
                    index,
                    birth_date=day if born else None,
                    expected_date=None if born else day,
                    hukou=somewhere(home) if born else None,
                    of_this_couple=rng.random() > 0.05,
                    difficult_birth=rng.random() < 0.05,
                )
            )
        families.append((Family(parents=tuple(parents), children=tuple(children)), home))
    return families


FAMILIES = generated_families(1500, seed=13)


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
