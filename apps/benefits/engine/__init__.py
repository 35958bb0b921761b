"""The rules engine: plain Python over frozen dataclasses, no ORM, request or settings inside."""

from apps.benefits.engine.evaluate import evaluate
from apps.benefits.engine.family import Child, Family, Parent, Place, Places
from apps.benefits.engine.programs import Citation, Condition, Note, Program, RuleSet
from apps.benefits.engine.results import Change, Entitlement, Evaluation, Payment

__all__ = [
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
    "evaluate",
]
