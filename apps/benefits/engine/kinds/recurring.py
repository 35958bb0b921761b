"""Allowances paid per month or per year until the child reaches an age."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from decimal import Decimal
from typing import Literal, Self

from pydantic import model_validator

from apps.benefits.engine import text
from apps.benefits.engine.dates import add_months, month_start, months_between, next_month
from apps.benefits.engine.family import Child, Role
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
from apps.benefits.engine.kinds.params import IsoDate, MoneyByOrder, Months, Params, Slug
from apps.benefits.engine.results import Entitlement, Schedule
from apps.benefits.engine.rules import Rule

CENT = Decimal("0.01")


class UntilAge(Params):
    """`amounts` by birth order; `period` month or year; `months` of the child's life covered (36
    for 3 years); `first_month` (the birth month, as 庆元 counts it, or the month after);
    `payable_from` (no month before it); `prorate_from` (a yearly allowance that began on that
    day pays children born before it per remaining month); `paid_until` with `replaced_by`
    (periods from that day are paid by another programme instead); `beneficiary` (the child,
    or each employed parent); `children` ("couple": the couple's children by birth order;
    "every": every child, whatever its order or parentage, as the national 育儿补贴: reading 11).
    """

    amounts: MoneyByOrder
    period: Literal["month", "year"] = "month"
    months: Months = 36
    first_month: Literal["birth_month", "month_after_birth"] = "birth_month"
    payable_from: IsoDate | None = None
    prorate_from: IsoDate | None = None
    paid_until: IsoDate | None = None
    replaced_by: Slug | None = None
    beneficiary: Literal["child", "each_employed_parent"] = "child"
    children: Literal["couple", "every"] = "couple"

    @model_validator(mode="after")
    def _consistent(self) -> Self:
        if self.period == "year" and self.months % 12:
            raise ValueError("a yearly allowance covers whole years: months a multiple of 12")
        if (self.paid_until is None) != (self.replaced_by is None):
            raise ValueError("paid_until and replaced_by go together")
        if self.children == "every" and set(self.amounts) != {"any"}:
            raise ValueError('a program for every child has one amount, keyed "any"')
        return self


def recurring_until_age(ctx: Context, program: Rule) -> Iterator[Entitlement]:
    """An allowance paid per month or per year until the child reaches an age."""
    params: UntilAge = program.params
    beneficiaries: list[Role | None] = (
        ["mother", "father"] if params.beneficiary == "each_employed_parent" else [None]
    )
    every_child = params.children == "every"
    for child in ctx.family.children:
        order = ctx.family.birth_orders.get(child.index)
        table_amount: Decimal | None
        if every_child:
            table_amount = params.amounts["any"]
        else:
            table_amount = amount_for(params.amounts, order) if order else None
        for role in beneficiaries:
            verdict = Verdict(facts=child_facts(ctx, child))
            if not every_child and not child.of_this_couple:
                verdict.fail(ctx.say("not_couple"))
            elif table_amount is None:
                verdict.fail(order_not_covered(ctx, order or 0, params.amounts))
            if role is not None:
                check_employed(ctx, role, verdict)
            check_window(ctx, program, child, verdict)
            check_conditions(ctx, program, child, verdict, role=role)
            paid, replaced = None, 0
            if verdict.ok and table_amount is not None:
                paid, replaced = _payment_schedule(params, child, table_amount)
                if not paid.count:
                    verdict.fail(
                        _replaced_reason(ctx, params) if replaced else ctx.say("no_periods")
                    )
            entry = entitlement(
                ctx,
                program,
                verdict,
                child=child,
                parent=role,
                amount=paid.total.quantize(CENT) if paid else None,
                period=paid.period if paid else params.period,
                period_amount=paid.amount.quantize(CENT) if paid else None,
                periods=paid.count if paid else 0,
                payments=paid or (),
                start=paid.start if paid else None,
                end=paid.end if paid else None,
            )
            if entry.eligible and paid:
                key = "periods_month" if paid.period == "month" else "periods_year"
                said = ctx.say(
                    key,
                    amount=text.fmt_money(paid.amount),
                    count=paid.count,
                    first=text.fmt_month(paid.first, ctx.lang),
                )
                entry.reason = text.join(ctx.lang, [entry.reason, said])
                if replaced:
                    entry.notes.append(_replaced_reason(ctx, params))
            yield entry


def _periods_before(schedule: Schedule, day: date) -> int:
    """How many of the schedule's periods start before `day`."""
    if schedule.period == "month":  # month periods start on the 1st
        return max(0, min(schedule.count, months_between(schedule.first, day) + (day.day > 1)))
    return sum(1 for payment in schedule if payment.start < day)


def _skip(schedule: Schedule, periods: int) -> Schedule:
    step = periods if schedule.period == "month" else 12 * periods
    return Schedule(
        add_months(schedule.first, step), schedule.period, schedule.count - periods, schedule.amount
    )


def _payment_schedule(params: UntilAge, child: Child, amount: Decimal) -> tuple[Schedule, int]:
    """One child's paid periods, and how many more a successor programme took over."""
    born = child.date
    if params.period == "year" and params.prorate_from and born < params.prorate_from:
        # Born before the programme began: paid per remaining month of the child's 36 months,
        # counted from the month after birth to the month of the birthday (national reading).
        schedule = Schedule(next_month(born), "month", params.months, amount / 12)
        schedule = _skip(schedule, _periods_before(schedule, params.prorate_from))
    elif params.period == "year":
        schedule = Schedule(born, "year", params.months // 12, amount)
    else:
        first = month_start(born) if params.first_month == "birth_month" else next_month(born)
        schedule = Schedule(first, "month", params.months, amount)
        if params.payable_from:
            schedule = _skip(schedule, _periods_before(schedule, params.payable_from))
    if params.paid_until is None:
        return schedule, 0
    kept = _periods_before(schedule, params.paid_until)
    return Schedule(schedule.first, schedule.period, kept, schedule.amount), schedule.count - kept


def _replaced_reason(ctx: Context, params: UntilAge) -> str:
    successor = ctx.rules.by_slug.get(params.replaced_by or "")
    name = successor.name(ctx.lang) if successor else params.replaced_by
    assert params.paid_until is not None  # the model has both or neither
    return ctx.say("replaced_from", date=ctx.date(params.paid_until), successor=name)
