"""The rules engine: plain Python over frozen dataclasses, no ORM, request or settings inside."""

from apps.benefits.engine.evaluate import evaluate
from apps.benefits.engine.family import Child, Family, Parent, Place, Places
from apps.benefits.engine.programs import Citation, Condition, Note, Program, RuleSet
from apps.benefits.engine.results import (
    CASH_CATEGORIES,
    Change,
    Entitlement,
    Evaluation,
    Payment,
    counts_as_cash,
)

__all__ = [
    "CASH_CATEGORIES",
    "Change",
    "Child",
    "Citation",
    "Condition",
    "Entitlement",
    "Evaluation",
    "Family",
    "Note",
    "Parent",
    "Payment",
    "Place",
    "Places",
    "Program",
    "RuleSet",
    "counts_as_cash",
    "evaluate",
]
