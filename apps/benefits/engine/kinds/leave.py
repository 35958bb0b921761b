"""Leave at a birth: days for one parent (产假, 护理假), hours a day (哺乳时间), and leave an
employer may grant until an age."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from apps.benefits.engine.dates import add_months, plus_days
from apps.benefits.engine.kinds.context import (
    Context,
    Verdict,
    amount_for,
    check_conditions,
    check_employed,
    check_window,
    child_facts,
    entitlement,
    order_not_covered,
)
from apps.benefits.engine.kinds.params import Days, DaysByOrder, Hours, Months, Params
from apps.benefits.engine.results import Entitlement
from apps.benefits.engine.rules import Rule


class PerBirth(Params):
    leave_type: Literal["maternity", "paternity", "other"]
    parent: Literal["mother", "father"]
    days: DaysByOrder
    difficult_birth_days: Days = 0
    extra_baby_days: Days = 0


def leave_per_birth(ctx: Context, program: Rule) -> Iterator[Entitlement]:
    """Days of leave for one parent at each birth: maternity (产假/生育假) or paternity (护理假).

    `days` by the birth order of the first baby of the delivery, plus `difficult_birth_days`
    for 难产 and `extra_baby_days` for each extra baby of a multiple birth (女职工劳动保护特别
    规定 第七条). The window starts on the day of birth; up to 15 days may be taken before it.
    """
    params: PerBirth = program.params
    role = params.parent
    for child in ctx.family.children:
        if not child.of_this_couple:
            verdict = Verdict(facts=child_facts(ctx, child))
            verdict.fail(ctx.say("not_couple"))
            yield entitlement(
                ctx, program, verdict, child=child, parent=role, leave_type=params.leave_type
            )
    for birth in ctx.family.births:
        verdict = Verdict(facts=child_facts(ctx, birth.first))
        base = amount_for(params.days, birth.first_order)
        if base is None:
            verdict.fail(order_not_covered(ctx, birth.first_order, params.days))
        check_employed(ctx, role, verdict)
        check_window(ctx, program, birth.first, verdict)
        check_conditions(ctx, program, birth.first, verdict, role=role)
        days = base or 0
        parts = [ctx.say("days", days=days)]
        if birth.difficult and params.difficult_birth_days:
            days += params.difficult_birth_days
            parts.append(ctx.say("difficult_birth_days", days=params.difficult_birth_days))
        if birth.babies > 1 and params.extra_baby_days:
            days += params.extra_baby_days * (birth.babies - 1)
            parts.append(ctx.say("extra_baby_days", days=params.extra_baby_days))
        if verdict.ok and len(parts) > 1:
            verdict.facts.append(", ".join(parts) if ctx.lang == "en" else "、".join(parts))
        yield entitlement(
            ctx,
            program,
            verdict,
            child=birth.first,
            parent=role,
            leave_type=params.leave_type,
            days=days,
            start=birth.date,
            end=plus_days(birth.date, days),
        )


class BreastfeedingTime(Params):
    hours_per_day: Hours
    extra_hours_per_extra_baby: Hours = 0
    until_months: Months = 12


def breastfeeding_time(ctx: Context, program: Rule) -> Iterator[Entitlement]:
    """哺乳时间: hours a working day for the mother until the baby is `until_months` old, with
    `extra_hours_per_extra_baby` for each extra baby of a multiple birth."""
    params: BreastfeedingTime = program.params
    for birth in ctx.family.births:
        verdict = Verdict(facts=child_facts(ctx, birth.first))
        check_employed(ctx, "mother", verdict)
        check_window(ctx, program, birth.first, verdict)
        check_conditions(ctx, program, birth.first, verdict, role="mother")
        hours = params.hours_per_day + params.extra_hours_per_extra_baby * (birth.babies - 1)
        verdict.facts.append(ctx.say("hours_per_day", hours=hours, months=params.until_months))
        yield entitlement(
            ctx,
            program,
            verdict,
            child=birth.first,
            parent="mother",
            leave_type="breastfeeding",
            hours_per_day=hours,
            start=birth.date,
            end=add_months(birth.date, params.until_months),
        )


class UntilAge(Params):
    until_months: Months = 12
    parent: Literal["mother", "father"] = "mother"


def leave_until_age(ctx: Context, program: Rule) -> Iterator[Entitlement]:
    """Leave with no set number of days, from birth until the baby is `until_months` old, that
    the employer may grant (郑州 二（一）: 可以请假至婴儿1周岁)."""
    params: UntilAge = program.params
    for birth in ctx.family.births:
        verdict = Verdict(facts=child_facts(ctx, birth.first))
        check_employed(ctx, params.parent, verdict)
        check_window(ctx, program, birth.first, verdict)
        check_conditions(ctx, program, birth.first, verdict, role=params.parent)
        verdict.facts.append(ctx.say("until_first_birthday"))
        yield entitlement(
            ctx,
            program,
            verdict,
            child=birth.first,
            parent=params.parent,
            leave_type="other",
            start=birth.date,
            end=add_months(birth.date, params.until_months),
        )
