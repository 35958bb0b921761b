"""One-off payments: by the child's birth order, or a multiple of a benefit the mother receives."""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Literal

from apps.benefits.engine import text
from apps.benefits.engine.kinds.context import (
    Context,
    Verdict,
    amount_for,
    check_conditions,
    check_window,
    child_facts,
    entitlement,
    order_not_covered,
)
from apps.benefits.engine.kinds.params import MoneyByOrder, Months, Params
from apps.benefits.engine.results import Change, Entitlement
from apps.benefits.engine.rules import Rule


class ByBirthOrder(Params):
    amounts: MoneyByOrder
    event: Literal["birth", "pregnancy"] = "birth"


def one_off_by_birth_order(ctx: Context, program: Rule) -> Iterator[Entitlement]:
    """A single payment for a child, its amount set by the child's birth order.

    `event` is "birth" (paid for the child) or "pregnancy" (孕产/孕期补助, paid to the mother,
    dated by the pregnancy that ends at the child's birth or expected date: reading 12).
    """
    params: ByBirthOrder = program.params
    pregnancy = params.event == "pregnancy"
    for child in ctx.family.children:
        verdict = Verdict(facts=child_facts(ctx, child))
        amount = None
        if not child.of_this_couple:
            verdict.fail(ctx.say("not_couple"))
        else:
            order = ctx.family.birth_orders[child.index]
            amount = amount_for(params.amounts, order)
            if amount is None:
                verdict.fail(order_not_covered(ctx, order, params.amounts))
        check_window(ctx, program, child, verdict, pregnancy=pregnancy)
        check_conditions(ctx, program, child, verdict)
        yield entitlement(
            ctx,
            program,
            verdict,
            child=child,
            parent="mother" if pregnancy else None,
            amount=amount,
            start=child.date,
        )


class BenefitMultiple(Params):
    months: Months


def one_off_benefit_multiple(ctx: Context, program: Rule) -> Iterator[Entitlement]:
    """A single payment of `months` months of the mother's unemployment insurance benefit, for
    each birth while she receives it (拱墅 八: 失业保险生育补助)."""
    params: BenefitMultiple = program.params
    mother = ctx.family.parent("mother")
    for birth in ctx.family.births:
        verdict = Verdict(facts=child_facts(ctx, birth.first))
        benefit = mother.unemployment_benefit if mother else None
        if mother is None:
            verdict.fail(ctx.say("no_parent", role=text.pick(text.ROLE["mother"], ctx.lang)))
        elif not benefit:
            index = ctx.parent_index("mother")
            verdict.fail(
                ctx.say("no_unemployment_benefit"),
                Change("mother", "unemployment_benefit", index=index),
            )
        else:
            verdict.facts.append(
                ctx.say("benefit_multiple", benefit=text.fmt_money(benefit), months=params.months)
            )
        check_window(ctx, program, birth.first, verdict)
        check_conditions(ctx, program, birth.first, verdict)
        yield entitlement(
            ctx,
            program,
            verdict,
            child=birth.first,
            parent="mother",
            amount=(benefit * params.months).quantize(Decimal("0.01")) if benefit else None,
            start=birth.date,
        )
