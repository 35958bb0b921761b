"""育儿假: days per parent per year while a child is under an age, counted per child, per birth
or for the family (reading 10)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Literal, Self

from pydantic import model_validator

from apps.benefits.engine.dates import add_years
from apps.benefits.engine.family import Child, Role
from apps.benefits.engine.kinds.context import (
    Context,
    Verdict,
    check_conditions,
    check_employed,
    check_window,
    child_facts,
    entitlement,
)
from apps.benefits.engine.kinds.params import Days, Params, Years
from apps.benefits.engine.results import Entitlement
from apps.benefits.engine.rules import Rule


class ParentalLeave(Params):
    days_per_year: Days
    counting: Literal["per_child", "per_birth", "per_family"] = "per_child"
    until_age: Years = 3
    extra_days_when_two: Days = 0

    @model_validator(mode="after")
    def _extra_for_the_family(self) -> Self:
        if self.extra_days_when_two and self.counting != "per_family":
            raise ValueError("extra_days_when_two is only for counting per_family")
        return self


def parental_leave(ctx: Context, program: Rule) -> Iterator[Entitlement]:
    """育儿假: days per parent per year until a child reaches `until_age` years.

    `counting` says what the days are per: `per_child` (each child adds its own days),
    `per_birth` (each delivery: twins do not add up, 郑州 多胞胎育儿假不累计) or `per_family`
    (the days are the family's while it has a child under age, with `extra_days_when_two` more
    while two or more are: 红河 二（二）4). A child's window runs from birth to the birthday,
    exclusive; the family's from a birth to the last birthday of its stretch.
    """
    params: ParentalLeave = program.params
    for role in ("mother", "father"):
        if ctx.family.parent(role) is not None:
            if params.counting == "per_family":
                yield from _for_the_family(ctx, program, params, role)
            else:
                yield from _per_child(ctx, program, params, role)


def _per_child(
    ctx: Context, program: Rule, params: ParentalLeave, role: Role
) -> Iterator[Entitlement]:
    births = ctx.family.births
    children: list[tuple[Child, int]] = (
        [(birth.first, birth.babies) for birth in births]
        if params.counting == "per_birth"
        else [(child, 1) for child in ctx.family.couple_children]
    )
    for child, babies in children:
        verdict = Verdict(facts=child_facts(ctx, child))
        check_employed(ctx, role, verdict)
        check_window(ctx, program, child, verdict)
        check_conditions(ctx, program, child, verdict, role=role)
        verdict.facts.append(ctx.say("per_year", days=params.days_per_year, years=params.until_age))
        if babies > 1:
            verdict.facts.append(ctx.say("twins_once"))
        yield entitlement(
            ctx,
            program,
            verdict,
            child=child,
            parent=role,
            leave_type="parental",
            days=params.days_per_year,
            start=child.date,
            end=add_years(child.date, params.until_age),
        )


def _for_the_family(
    ctx: Context, program: Rule, params: ParentalLeave, role: Role
) -> Iterator[Entitlement]:
    """One entry per stretch of time with a child under age, and one per stretch with two or
    more under age for the extra days."""
    windows = [
        (child.date, add_years(child.date, params.until_age), child)
        for child in ctx.family.couple_children
    ]
    tiers = [
        (1, params.days_per_year, "per_year_family"),
        (2, params.extra_days_when_two, "per_year_bonus"),
    ]
    for at_least, days, sentence in tiers:
        if not days:
            continue
        for start, end in _stretches([(s, e) for s, e, _ in windows], at_least=at_least):
            opening = next(child for s, _, child in windows if s == start)
            verdict = Verdict(facts=[ctx.say(sentence, days=days, years=params.until_age)])
            check_employed(ctx, role, verdict)
            check_window(ctx, program, opening, verdict)
            check_conditions(ctx, program, None, verdict, role=role)
            yield entitlement(
                ctx,
                program,
                verdict,
                child=None,
                parent=role,
                leave_type="parental",
                days=days,
                start=start,
                end=end,
            )


def _stretches(intervals: list[tuple[date, date]], *, at_least: int) -> list[tuple[date, date]]:
    """The maximal stretches of time covered by at least `at_least` of the intervals."""
    events = sorted([(s, 1) for s, _ in intervals] + [(e, -1) for _, e in intervals])
    stretches: list[tuple[date, date]] = []
    count, opened = 0, None
    for day, step in events:
        before = count
        count += step
        if before < at_least <= count:
            opened = day
        elif count < at_least <= before and opened is not None:
            if opened < day:
                stretches.append((opened, day))
            opened = None
    return stretches
