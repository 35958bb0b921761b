"""Engine tests run on the real policy fixtures, read from the files: no database at all."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from apps.benefits.engine import Child, Entitlement, Evaluation, Family, Parent, evaluate
from apps.benefits.policy_files import places_from_file, rules_from_files

RULES = rules_from_files()
PLACES = places_from_file()


def born(day: str, hukou: str | None = None, **facts: object) -> dict[str, object]:
    return {"birth_date": date.fromisoformat(day), "hukou": hukou, **facts}


def expected(day: str, hukou: str | None = None, **facts: object) -> dict[str, object]:
    return {"expected_date": date.fromisoformat(day), "hukou": hukou, **facts}


def ask(
    jurisdiction: str,
    as_of: str,
    children: list[dict[str, object]],
    *,
    mother: dict[str, object] | None = None,
    father: dict[str, object] | None = None,
    lang: str = "zh-hans",
    single_mother: bool = False,
) -> Evaluation:
    """Evaluate a family: both parents employed with hukou where they live unless told."""
    parents = [Parent("mother", **({"hukou": jurisdiction} | (mother or {})))]
    if not single_mother:
        parents.append(Parent("father", **({"hukou": jurisdiction} | (father or {}))))
    family = Family(
        parents=tuple(parents),
        children=tuple(Child(index=i, **c) for i, c in enumerate(children)),  # type: ignore[arg-type]
    )
    return evaluate(
        family,
        jurisdiction=jurisdiction,
        as_of=date.fromisoformat(as_of),
        rules=RULES,
        places=PLACES,
        lang=lang,
    )


def entry(
    evaluation: Evaluation, program: str, *, child: int | None = None, parent: str | None = None
) -> Entitlement:
    found = [
        e
        for e in evaluation.entitlements
        if e.program == program
        and (child is None or e.child == child)
        and (parent is None or e.parent == parent)
    ]
    assert len(found) == 1, f"{len(found)} entries of {program} child={child} parent={parent}"
    return found[0]


def paid(evaluation: Evaluation, program: str, *, child: int) -> Decimal:
    """What the program pays for the child: 0 when it does not apply."""
    e = entry(evaluation, program, child=child)
    return e.amount if e.eligible and e.amount is not None else Decimal(0)


def leave_days(evaluation: Evaluation, leave_type: str, *, child: int, parent: str) -> int:
    """Eligible days of one type of leave for one birth and parent, all levels summed."""
    return sum(
        e.days or 0
        for e in evaluation.entitlements
        if e.eligible and e.leave_type == leave_type and e.child == child and e.parent == parent
    )


def parental_days_on(evaluation: Evaluation, parent: str, day: str) -> int:
    """育儿假 days a year a parent has on a day: the entries whose window holds it."""
    on = date.fromisoformat(day)
    return sum(
        e.days or 0
        for e in evaluation.entitlements
        if e.eligible
        and e.leave_type == "parental"
        and e.parent == parent
        and e.start is not None
        and e.start <= on
        and (e.end is None or on < e.end)
    )


def earlier_children(order: int, hukou: str | None) -> list[dict[str, object]]:
    """order - 1 children born before any window, so that the next child has `order`."""
    return [born(f"{2012 + 2 * k}-06-01", hukou) for k in range(order - 1)]


def with_order(order: int, child: dict[str, object]) -> list[dict[str, object]]:
    """A family whose last child, `child`, has birth order `order`."""
    return [*earlier_children(order, child.get("hukou")), child]  # type: ignore[arg-type]
