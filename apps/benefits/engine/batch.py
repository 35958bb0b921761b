"""Many families on one rule set: the recompute, the impact preview, the benchmarks.

`evaluate` works some things out again for every family that depend only on the rule set, or
only on the family's places: which programs those places bring in, which of them restate others,
how deep each program's place lies, and the coverage of the places (which walks every program of
the rule set). A `Batch` works each of them out once per rule set and set of places and keeps it
for every family that shares those places; what is the family's own (each kind of rule for this
family, the paid-once groups, the chained leave, the order) runs the same functions `evaluate`
runs. Its evaluations are therefore exactly `evaluate`'s, compared over many generated families
by tests/engine/test_batch.py.

With `cash_only`, a batch evaluates only the programs that can pay the family cash (the cash
categories), with those that decide them (the others of their paid-once groups, their local
restatements): the entries the recompute and the impact preview count (`counted_cash`) are the
same as `evaluate`'s, without the leave, which is most of the work (tests/engine/test_batch.py
compares them).

Households are evaluated one after another, not column by column: a program-major order (each
program over a group of families with the same places) was measured slower (`bench/engine.py`),
and the gain of the batch itself is small, a few per cent, since the time goes into each kind's
work for each family and the building of each entitlement, which no order saves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date

from apps.benefits.engine.evaluate import _applies_to, family_places, finish
from apps.benefits.engine.family import Family, Places
from apps.benefits.engine.kinds import REGISTRY, Context
from apps.benefits.engine.results import (
    CASH_CATEGORIES,
    LEVELS,
    Coverage,
    Entitlement,
    Evaluation,
)
from apps.benefits.engine.rules import Rule, RuleSet

# A program to run for a family: the program, its kind's function, and the local rules among
# the family's programs that stand in for it where they apply.
Step = tuple[Rule, Callable[[Context, Rule], Iterator[Entitlement]], list[Rule]]


@dataclass(frozen=True, slots=True)
class Around:
    """What a list of a family's places brings in: each program (in the rule set's order) with
    its kind's function and the local rules standing in for it, and the coverage of the places."""

    programs: list[Rule]
    steps: list[Step]
    coverage: tuple[Coverage, ...]


class Batch:
    """Evaluate many families on one rule set, day and language: `batch.evaluate(family,
    jurisdiction)` answers exactly as `evaluate(family, jurisdiction=..., as_of=..., rules=...,
    places=..., lang=...)` does."""

    def __init__(
        self,
        *,
        rules: RuleSet,
        places: Places,
        as_of: date,
        lang: str = "zh-hans",
        cash_only: bool = False,
    ) -> None:
        self.rules = rules
        self.places = places
        self.as_of = as_of
        self.lang = lang
        # What `evaluate` reads of the whole rule set for each family, read once: the programs
        # each place grants (by their number in the rule set's order), each program's kind and
        # depth, who restates whom, and each place's documents (for the coverage, which is of
        # the whole rule set whatever the batch evaluates).
        self._programs = rules.programs
        evaluated = cash_deciding(rules) if cash_only else None
        self._granted: dict[str, list[int]] = {}
        self._titles: dict[str, list[str]] = {}
        self._restated_by: dict[str, list[tuple[int, Rule]]] = {}
        for number, rule in enumerate(rules.programs):
            titles = self._titles.setdefault(rule.jurisdiction, [])
            if rule.citation.title not in titles:
                titles.append(rule.citation.title)
            if evaluated is not None and rule.slug not in evaluated:
                continue
            self._granted.setdefault(rule.jurisdiction, []).append(number)
            for slug in rule.replaces:
                self._restated_by.setdefault(slug, []).append((number, rule))
        self._kind = [REGISTRY[rule.kind].evaluate for rule in rules.programs]
        self.depth = {rule.slug: places.depth(rule.jurisdiction) for rule in rules.programs}
        # Each place once: the programs granted at it or above it, and its coverage entries.
        self._at: dict[str, tuple[list[int], list[Coverage]]] = {}

    def _place(self, code: str) -> tuple[list[int], list[Coverage]]:
        found = self._at.get(code)
        if found is None:
            path = self.places.path(code)
            numbers = sorted(n for place in path for n in self._granted.get(place.code, ()))
            covered = []
            for depth, place in enumerate(path):
                documents = tuple(self._titles.get(place.code, ()))
                level = LEVELS[min(depth, len(LEVELS) - 1)]
                covered.append(Coverage(place.code, level, bool(documents), documents))
            found = self._at[code] = (numbers, covered)
        return found

    def around(self, considered: list[str]) -> Around:
        """As `evaluate.programs_for`, `_replacing` and `coverage` find them for these places."""
        numbers: list[int] = []
        seen: dict[str, Coverage] = {}
        for code in considered:
            granted, covered = self._place(code)
            numbers += granted
            for entry in covered:
                seen.setdefault(entry.code, entry)
        if len(considered) > 1:
            numbers = sorted(set(numbers))
        among = set(numbers)
        steps: list[Step] = []
        for number in numbers:
            program = self._programs[number]
            restated = self._restated_by.get(program.slug)
            stand_ins = [local for n, local in restated if n in among] if restated else []
            steps.append((program, self._kind[number], stand_ins))
        return Around(
            programs=[self._programs[n] for n in numbers],
            steps=steps,
            coverage=tuple(seen.values()),
        )

    def evaluate(self, family: Family, jurisdiction: str) -> Evaluation:
        ctx = Context(
            family=family,
            places=self.places,
            as_of=self.as_of,
            lang=self.lang,
            rules=self.rules,
            residence=jurisdiction,
        )
        considered = family_places(family, jurisdiction)
        around = self.around(considered)
        entitlements: list[Entitlement] = []
        for program, evaluate_kind, stand_ins in around.steps:
            if stand_ins:
                entitlements.extend(
                    entry
                    for entry in evaluate_kind(ctx, program)
                    if not any(_applies_to(ctx, local, entry) for local in stand_ins)
                )
            else:
                entitlements.extend(evaluate_kind(ctx, program))
        return finish(ctx, around.programs, entitlements, self.depth, considered, around.coverage)


def cash_deciding(rules: RuleSet) -> set[str]:
    """The programs that can pay cash, and those that decide what they pay: the others of their
    paid-once groups and the local restatements of any of them (the slugs)."""
    kept = {rule.slug for rule in rules.programs if rule.category in CASH_CATEGORIES}
    while True:
        groups = {rules.by_slug[slug].paid_once_group for slug in kept} - {""}
        more = {
            rule.slug
            for rule in rules.programs
            if rule.paid_once_group in groups or kept.intersection(rule.replaces)
        }
        if more <= kept:
            return kept
        kept |= more


def evaluate_many(
    families: Iterable[tuple[Family, str]],
    *,
    as_of: date,
    rules: RuleSet,
    places: Places,
    lang: str = "zh-hans",
    cash_only: bool = False,
) -> Iterator[Evaluation]:
    """Each (family, the place it lives) evaluated in turn, in the order given: the same
    evaluations as `evaluate` on each, with what they share worked out once (with `cash_only`,
    the same cash entries)."""
    batch = Batch(rules=rules, places=places, as_of=as_of, lang=lang, cash_only=cash_only)
    for family, jurisdiction in families:
        yield batch.evaluate(family, jurisdiction)
