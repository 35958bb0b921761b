"""Generated families for the benchmarks: every shape the questionnaire allows, in every place a
policy file names (and one place under each) and in a sample of the others.

Plain engine data, no Django: `python bench/engine.py`, `bench/openfisca_compare.py` and the
batch path's tests (tests/engine/test_batch.py) use it.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Sequence
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from apps.benefits.engine import Child, Family, Parent, Places, RuleSet

AS_OF = date(2025, 6, 1)


def policy_places(rules: RuleSet, places: Places) -> list[str]:
    """Every place a policy file names (granting a program, or in a hukou condition), and the
    first place under each where there is one."""
    named = {p.jurisdiction for p in rules.programs}
    named |= {c.hukou_within for p in rules.programs for c in p.conditions}
    below: dict[str, list[str]] = {code: [] for code in named}
    for place in places.by_code.values():
        if place.parent in below:
            below[place.parent].append(place.code)
    return sorted(named) + [min(below[code]) for code in sorted(below) if below[code]]


def sample_places(rules: RuleSet, places: Places, *, others: int = 300, seed: int = 1) -> list[str]:
    """The places families live in: every policy place and `others` more drawn from the tree."""
    named = policy_places(rules, places)
    rest = sorted(set(places.by_code) - set(named))
    return named + random.Random(seed).sample(rest, others)


def families(
    count: int, *, homes: Sequence[str], elsewhere: Sequence[str], seed: int = 13
) -> list[tuple[Family, str]]:
    """`count` families living in `homes` (drawn with replacement): one or two parents with
    hukou at home, elsewhere (`elsewhere`) or unknown, employed or not, working at home or
    elsewhere; none to four children born over fifteen years before AS_OF or expected, twins, a
    child of one parent only, a difficult birth."""
    rng = random.Random(seed)

    def somewhere(home: str) -> str | None:
        return rng.choice([home, home, rng.choice(elsewhere), None])

    made = []
    for _ in range(count):
        home = rng.choice(homes)
        parents = [
            Parent(
                role,
                hukou=somewhere(home),
                employed=rng.random() < 0.85,
                unemployment_benefit=Decimal("1850.50") if rng.random() < 0.05 else None,
                works_in=rng.choice([None, None, home, rng.choice(elsewhere)]),
            )
            for role in ("mother", "father")
        ]
        if rng.random() < 0.05:
            parents.pop()  # a mother on her own
        children: list[Child] = []
        for index in range(rng.choice([0, 1, 1, 2, 2, 3, 4])):
            if children and rng.random() < 0.1:  # a twin of the child before
                day, born = children[-1].date, children[-1].born
            elif rng.random() < 0.15:
                day, born = AS_OF + timedelta(days=rng.randint(1, 300)), False
            else:
                day, born = AS_OF - timedelta(days=rng.randint(0, 15 * 365)), True
            children.append(
                Child(
                    index,
                    birth_date=day if born else None,
                    expected_date=None if born else day,
                    hukou=somewhere(home) if born else rng.choice([None, home]),
                    of_this_couple=rng.random() > 0.05,
                    difficult_birth=rng.random() < 0.05,
                )
            )
        made.append((Family(parents=tuple(parents), children=tuple(children)), home))
    return made
