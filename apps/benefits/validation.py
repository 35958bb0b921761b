"""The checks a program must pass beyond its model fields, shared by the loader and the admin."""

from __future__ import annotations

from typing import TYPE_CHECKING

from apps.benefits.engine.kinds import REGISTRY

if TYPE_CHECKING:
    from apps.benefits.models import Program

Problems = list[tuple[str, str]]


def program_problems(program: Program) -> Problems:
    """Every problem with a program: its kind, the kind's parameters, its citation, its window,
    its conditions and the programs it names."""
    problems: Problems = []
    kind = REGISTRY.get(program.kind)
    if kind is None:
        return [("kind", f"unknown kind {program.kind!r}; known: {', '.join(REGISTRY)}")]
    if program.category != kind.category:
        problems.append(
            ("category", f"kind {kind.name} is {kind.category}, not {program.category}")
        )
    if not isinstance(program.params, dict):
        problems.append(("params", "must be an object"))
    else:
        problems.extend(kind.check_params(program.params))
    # A citation on every amount: the program's amounts all come from its document and clause.
    if not program.clause.strip():
        problems.append(("clause", "every program cites the clause that sets its amounts"))
    if not program.document_id:
        problems.append(("document", "every program cites its document"))
    if program.events_from and program.events_to and program.events_to < program.events_from:
        problems.append(("events_to", "the window ends before it starts"))
    problems.extend(_condition_problems(program.conditions))
    if not isinstance(program.replaces, list) or not all(
        isinstance(s, str) for s in program.replaces
    ):
        problems.append(("replaces", "a list of program slugs"))
    if not isinstance(program.notes, list) or not all(
        isinstance(n, dict) and n.get("zh") and n.get("en") for n in program.notes
    ):
        problems.append(("notes", 'a list of {"zh": ..., "en": ...} readings'))
    return problems


def _condition_problems(conditions: object) -> Problems:
    from apps.jurisdictions.models import Jurisdiction

    if not isinstance(conditions, list):
        return [("conditions", "a list of conditions")]
    problems: Problems = []
    for i, condition in enumerate(conditions):
        where = f"conditions[{i}]"
        if not isinstance(condition, dict) or set(condition) != {"subject", "hukou_within"}:
            problems.append((where, 'expected {"subject": ..., "hukou_within": "<code>"}'))
            continue
        if condition["subject"] not in ("child", "mother", "father"):
            problems.append((f"{where}.subject", "child, mother or father"))
        if not Jurisdiction.objects.filter(code=condition["hukou_within"]).exists():
            problems.append(
                (f"{where}.hukou_within", f"unknown code {condition['hukou_within']!r}")
            )
    return problems
