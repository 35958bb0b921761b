"""The checks a program must pass beyond its model fields, shared by the loader and the admin."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from pydantic import ValidationError

from apps.benefits.engine.kinds import REGISTRY
from apps.benefits.policy_schema import ClaimFields, field_path
from apps.jurisdictions.models import Jurisdiction

if TYPE_CHECKING:  # the model calls these checks: only its type is needed here
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
    problems.extend(kind.problems(program.params))
    problems.extend(_citation_problems(program))
    if not program.document_id:
        problems.append(("document", "every program cites its document"))
    if program.events_from and program.events_to and program.events_to < program.events_from:
        problems.append(("events_to", "the window ends before it starts"))
    problems.extend(_condition_problems(program.conditions))
    problems.extend(_place_problems(program))
    if not isinstance(program.replaces, list) or not all(
        isinstance(s, str) for s in program.replaces
    ):
        problems.append(("replaces", "a list of program slugs"))
    for name in ("notes", "documents"):
        value = getattr(program, name)
        if not isinstance(value, list) or not all(
            isinstance(n, dict) and set(n) == {"zh", "en"} and n["zh"] and n["en"] for n in value
        ):
            problems.append((name, 'a list of {"zh": ..., "en": ...}'))
    problems.extend(_claim_problems(program))
    return problems


def _claim_problems(program: Program) -> Problems:
    """How to claim, as the schema has it (types, lengths, the URL's form), edited in the admin
    or loaded from a file; a clause it names is an article or numbered clause (reading 16), and
    leave is claimed from the employer."""
    if program.claim is None:
        return []
    try:
        claim = ClaimFields.model_validate(program.claim)
    except ValidationError as invalid:
        return [
            (
                field_path(["claim", *error["loc"]]),
                str(error.get("ctx", {}).get("error") or error["msg"]),
            )
            for error in invalid.errors()
        ]
    if claim.clause and not NUMBERED_CLAUSE.match(claim.clause):
        return [("claim.clause", f"{claim.clause!r} is a label, not an article or numbered clause")]
    if program.category == "leave" and claim.channel != "employer":
        return [("claim.channel", "leave is asked of the employer: employer")]
    return []


# An article or a numbered clause as the document numbers it: 第二十五条, 第十八条第二款, 二（七）,
# 三, 二（二）5, 一（一）. A label such as 生育假期条款 or 补贴对象和标准 is not a citation.
NUMBERED_CLAUSE = re.compile(
    r"^(第[一二三四五六七八九十百零〇\d]+(?:条|章|节|部分)"
    r"(第[一二三四五六七八九十\d]+款)?(第?[（(][一二三四五六七八九十\d]+[)）]项)?"
    r"|[一二三四五六七八九十]+([（(][一二三四五六七八九十]+[)）])*\d*)$"
)


def _citation_problems(program: Program) -> Problems:
    """A citation on every amount (reading 16): the program's amounts come from its document and
    an article or numbered clause of it. Where the article could not be found, the clause is left
    empty, `clause_confidence` says so and a note tells the family."""
    clause = program.clause.strip()
    if program.clause_confidence == "unverified":
        if clause:
            return [("clause", "unverified: leave the clause empty rather than guess one")]
        if not program.notes:
            return [("notes", "unverified: a note must say the article could not be found")]
        return []
    if not clause:
        return [("clause", "every program cites the article or numbered clause of its amounts")]
    if not NUMBERED_CLAUSE.match(clause):
        return [
            (
                "clause",
                f"{clause!r} is a label, not an article or numbered clause (第N条, 二（七）)",
            )
        ]
    return []


def _place_problems(program: Program) -> Problems:
    """A program says which of the family's places ties it (reading 9), and that place can be
    checked: hukou conditions to follow, or a parent whose employer's place is known."""
    if program.follows == "hukou" and not program.conditions:
        return [("follows", "hukou: the program's hukou conditions decide, so it needs one")]
    if program.follows == "employer":
        per_parent = program.category == "leave" or (
            isinstance(program.params, dict)
            and program.params.get("beneficiary") == "each_employed_parent"
        )
        if not per_parent:
            return [("follows", "employer: only for leave, or money paid to each employed parent")]
    return []


def _condition_problems(conditions: object) -> Problems:
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
