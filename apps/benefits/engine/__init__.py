"""The rules engine: plain Python over frozen dataclasses, no ORM, request or settings inside.

Its input: a `Family` (its `Parent`s and `Child`ren), the `Places` of China, and a `RuleSet` of
each program's `Rule`. Its output: an `Evaluation` of `Entitlement`s, each with what would
`Change` it, as structured facts the caller puts into words.
"""

from apps.benefits.engine.evaluate import evaluate
from apps.benefits.engine.family import Child, Family, Parent, Place, Places
from apps.benefits.engine.results import (
    CASH_CATEGORIES,
    Change,
    Coverage,
    Entitlement,
    Evaluation,
    Payment,
    counts_as_cash,
)
from apps.benefits.engine.rules import Citation, Claim, Condition, HowToClaim, Note, Rule, RuleSet

__all__ = [
    "CASH_CATEGORIES",
    "Change",
    "Child",
    "Citation",
    "Claim",
    "Condition",
    "Coverage",
    "Entitlement",
    "Evaluation",
    "Family",
    "HowToClaim",
    "Note",
    "Parent",
    "Payment",
    "Place",
    "Places",
    "Rule",
    "RuleSet",
    "counts_as_cash",
    "evaluate",
]
