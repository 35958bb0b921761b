"""Reads of a household's answers, and their translation into the engine's facts."""

from __future__ import annotations

from apps.benefits.engine import Child, Family, Parent
from apps.households.models import Household

# Where a browser session keeps the token of the household it is answering for.
SESSION_KEY = "household_token"


def household_family(*, household: Household) -> Family:
    """The engine's family for a household: each baby of a multiple birth is its own child."""
    parents = tuple(
        Parent(
            role=p.role,  # type: ignore[arg-type]
            hukou=p.hukou_id,
            employed=p.employed,
            unemployment_benefit=p.unemployment_benefit,
        )
        for p in household.parents.all()
    )
    children: list[Child] = []
    for row in household.children.all():
        for _ in range(row.babies):
            children.append(
                Child(
                    index=len(children),
                    birth_date=row.date if row.born else None,
                    expected_date=None if row.born else row.date,
                    hukou=row.hukou_id,
                    of_this_couple=row.of_this_couple,
                    difficult_birth=row.difficult_birth,
                )
            )
    return Family(parents=parents, children=tuple(children))


def household_from_session(*, session: object) -> Household | None:
    """The household whose token this browser session holds, if any."""
    token = session.get(SESSION_KEY)  # type: ignore[attr-defined]
    if not token:
        return None
    return (
        Household.objects.filter(token=token)
        .select_related("jurisdiction")
        .prefetch_related("parents", "children")
        .first()
    )


def household_by_token(*, token: str) -> Household | None:
    """The household a "save and come back later" link names, if it is still kept."""
    return Household.objects.filter(token=token).first()


def household_child_rows(*, household: Household) -> list[int]:
    """For each engine child index, the position of the questionnaire row it came from."""
    rows: list[int] = []
    for position, row in enumerate(household.children.all()):
        rows.extend([position] * row.babies)
    return rows
