"""The kinds of rule: one small function per kind, in a registry.

A kind turns one program (its parameters) and one family into entitlements. A new city with the
same kinds of rules is a fixture; a new *kind* of rule is a function here, with its parameter
check (used by the loader and the admin) and its tests.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from apps.benefits.engine import text
from apps.benefits.engine.dates import (
    add_months,
    add_years,
    month_start,
    months_between,
    next_month,
    plus_days,
)
from apps.benefits.engine.family import Birth, Child, Family, Places, Role
from apps.benefits.engine.programs import Category, Condition, Program, RuleSet
from apps.benefits.engine.results import Change, Entitlement, Schedule

# ---------------------------------------------------------------------------------------------
# Context and the checks every kind shares


# A pregnancy is taken to run from 280 days before the birth (or the due date) to the birth:
# a pregnancy grant applies when that stretch meets the program's window (reading 12).
PREGNANCY = timedelta(days=280)


@dataclass(frozen=True)
class Context:
    family: Family
    places: Places
    as_of: date
    lang: str
    rules: RuleSet
    residence: str  # the place the family lives in
    _memo: dict[object, Any] = field(default_factory=dict, repr=False, compare=False)
    _sentences: dict[str, str] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        sentences = text.BY_LANG["en" if self.lang == "en" else "zh-hans"]
        object.__setattr__(self, "_sentences", sentences)

    def say(self, key: str, **values: object) -> str:
        return self._sentences[key].format(**values)

    def date(self, day: date) -> str:
        return text.fmt_date(day, self.lang)

    def place(self, code: str) -> str:
        return self.places.name(code, self.lang)

    def work_place(self, role: str) -> str:
        """Where a parent's employer is: the answer given, else where the family lives (also
        for a parent with no employer, whose leave is refused for that reason)."""
        parent = self.family.parent(role)
        return (parent.works_in if parent and parent.employed else None) or self.residence


@dataclass(slots=True)
class Verdict:
    """Facts that make a program apply, or the first reason it does not, and what would help."""

    facts: list[str] = field(default_factory=list)
    failure: str | None = None
    changes: list[Change] = field(default_factory=list)

    def fail(self, reason: str, change: Change | None = None) -> None:
        if self.failure is None:
            self.failure = reason
        if change is not None:
            self.changes.append(change)

    @property
    def ok(self) -> bool:
        return self.failure is None


def amount_for(table: Mapping[str, Any], order: int) -> Any | None:
    """Look a birth order up in a table keyed "1", "2", "3+" (3 and later) or "any"."""
    if str(order) in table:
        return table[str(order)]
    plus = [int(k[:-1]) for k in table if k.endswith("+") and int(k[:-1]) <= order]
    if plus:
        return table[f"{max(plus)}+"]
    return table.get("any")


def event_phrase(ctx: Context, child: Child) -> str:
    key = "born_on" if child.born else "expected_on"
    return ctx.say(key, date=ctx.date(child.date))


def check_window(
    ctx: Context, program: Program, child: Child, verdict: Verdict, *, pregnancy: bool = False
) -> None:
    """A one-off is decided by the date of its event, whatever day the family asks (reading 2).

    A pregnancy grant's event is the pregnancy, from `PREGNANCY` before the birth to the birth:
    it applies when that stretch meets the window (reading 12), so a pregnancy begun inside the
    window with the birth after its end still counts."""
    begun = child.date - PREGNANCY if pregnancy else child.date
    if program.events_from and child.date < program.events_from:
        verdict.fail(
            ctx.say(
                "before_window", event=event_phrase(ctx, child), start=ctx.date(program.events_from)
            )
        )
    elif program.events_to and begun > program.events_to:
        key = "after_window_pregnancy" if pregnancy else "after_window"
        end = ctx.date(program.events_to)
        verdict.fail(ctx.say(key, event=event_phrase(ctx, child), end=end, start=ctx.date(begun)))
    elif program.events_to and child.date > program.events_to:
        verdict.facts.append(ctx.say("pregnancy_in_window", start=ctx.date(begun)))


def check_conditions(
    ctx: Context,
    program: Program,
    child: Child | None,
    verdict: Verdict,
    *,
    role: Role | None = None,
) -> None:
    """The place that ties the family to the program (`follows`: where it lives, or for `role`
    where the employer is), then the program's hukou conditions."""
    if program.follows == "residence":
        _record(verdict, _residence_check(ctx, program.jurisdiction))
    elif program.follows == "employer" and role is not None:
        _record(verdict, _work_check(ctx, program.jurisdiction, role))
    for condition in program.conditions:
        _record(verdict, _hukou_check(ctx, condition, child))


Check = tuple[bool, str | None, Change | None]  # holds, what is said, what would change it


def _record(verdict: Verdict, check: Check) -> None:
    ok, said, change = check
    if ok:
        if said:
            verdict.facts.append(said)
    else:
        verdict.fail(said or "", change)


def _residence_check(ctx: Context, place: str) -> Check:
    """Whether the family lives in `place`; nothing is said of the country-wide level."""
    key = ("lives", place)
    found = ctx._memo.get(key)
    if found is None:
        if not ctx.places.within(ctx.residence, place):
            change = Change("jurisdiction", ctx.say("lives_change", place=ctx.place(place)))
            said = ctx.say("lives_outside", actual=ctx.place(ctx.residence), place=ctx.place(place))
            found = (False, said, change)
        elif ctx.places.depth(place) > 1:
            found = (True, ctx.say("lives_in", place=ctx.place(ctx.residence)), None)
        else:
            found = (True, None, None)
        ctx._memo[key] = found
    return found


def _work_check(ctx: Context, place: str, role: Role) -> Check:
    """Whether the parent's employer is in `place`: leave follows the employer's place."""
    key = ("works", place, role)
    found = ctx._memo.get(key)
    if found is None:
        parent = ctx.family.parent(role)
        work = ctx.work_place(role)
        role_name = text.pick(text.ROLE[role], ctx.lang)
        if parent is None or not parent.employed:
            found = (True, None, None)  # check_employed says why there is no leave
        elif not ctx.places.within(work, place):
            index = ctx.family.parents.index(parent)
            change = Change(
                f"parents[{index}].works_in",
                ctx.say("works_change", role=role_name, place=ctx.place(place)),
            )
            said = ctx.say(
                "works_outside", role=role_name, actual=ctx.place(work), place=ctx.place(place)
            )
            found = (False, said, change)
        elif ctx.places.depth(place) > 1:
            found = (True, ctx.say("works_in", role=role_name, place=ctx.place(work)), None)
        else:
            found = (True, None, None)
        ctx._memo[key] = found
    return found


def _hukou_check(ctx: Context, condition: Condition, child: Child | None) -> Check:
    """Whether the subject's hukou is within the place, said once per evaluation."""
    key = ("hukou", condition.subject, condition.hukou_within, child.index if child else None)
    found = ctx._memo.get(key)
    if found is not None:
        return found
    family = ctx.family
    who = text.pick(text.WHO[condition.subject], ctx.lang)
    place = ctx.place(condition.hukou_within)
    if condition.subject == "child":
        hukou = child.hukou if child else None
        field_name = f"children[{child.index}].hukou" if child else "children"
    else:
        parent = family.parent(condition.subject)
        hukou = parent.hukou if parent else None
        field_name = f"parents[{family.parents.index(parent)}].hukou" if parent else "parents"
    change = Change(field_name, ctx.say("hukou_change", who=who, place=place))
    if hukou is None:
        found = (False, ctx.say("hukou_unknown", who=who, place=place), change)
    elif not ctx.places.within(hukou, condition.hukou_within):
        found = (
            False,
            ctx.say("hukou_outside", who=who, actual=ctx.place(hukou), place=place),
            change,
        )
    else:
        found = (True, ctx.say("hukou_in", who=who, place=ctx.place(hukou)), None)
    ctx._memo[key] = found
    return found


def check_employed(ctx: Context, role: Role, verdict: Verdict) -> None:
    key = ("employed", role)
    found = ctx._memo.get(key)
    if found is None:
        parent = ctx.family.parent(role)
        role_name = text.pick(text.ROLE[role], ctx.lang)
        if parent is None:
            found = (False, ctx.say("no_parent", role=role_name), None)
        elif not parent.employed:
            index = ctx.family.parents.index(parent)
            change = Change(
                f"parents[{index}].employed", ctx.say("employed_change", role=role_name)
            )
            found = (False, ctx.say("not_employed", role=role_name), change)
        else:
            found = (True, ctx.say(f"{role}_employed"), None)
        ctx._memo[key] = found
    _record(verdict, found)


def child_facts(ctx: Context, child: Child) -> list[str]:
    """The child's order and date, said once per evaluation."""
    facts = ctx._memo.get(("child", child.index))
    if facts is None:
        order = ctx.family.birth_orders.get(child.index)
        facts = [text.ordinal_child(order, ctx.lang)] if order else []
        facts = ctx._memo[("child", child.index)] = [*facts, event_phrase(ctx, child)]
    return list(facts)


def program_notes(ctx: Context, program: Program) -> list[str]:
    notes = ctx._memo.get(("notes", program.slug))
    if notes is None:
        notes = ctx._memo[("notes", program.slug)] = [n.text(ctx.lang) for n in program.notes]
    return list(notes)


def entitlement(
    ctx: Context,
    program: Program,
    verdict: Verdict,
    *,
    child: Child | None,
    parent: Role | None = None,
    **values: Any,
) -> Entitlement:
    """Build one entry; an entry that does not apply keeps its window but no amount or days."""
    notes = program_notes(ctx, program)
    estimate = child is not None and not child.born
    if estimate:
        notes.insert(0, ctx.say("estimate"))
    if not verdict.ok:
        for key in ("amount", "period_amount", "periods", "days", "hours_per_day"):
            values.pop(key, None)
        values.pop("payments", None)
    apply_by = claim_deadline(program, child)
    return Entitlement(
        program=program.slug,
        name=program.name(ctx.lang),
        jurisdiction=program.jurisdiction,
        category=program.category,
        kind=program.kind,
        eligible=verdict.ok,
        reason=text.join(ctx.lang, [verdict.failure] if verdict.failure else verdict.facts),
        citation=program.citation,
        child=child.index if child else None,
        parent=parent,
        estimate=estimate,
        basis=program.basis,
        apply_by=apply_by,
        deadline_passed=apply_by is not None and apply_by < ctx.as_of,
        notes=notes,
        changes=verdict.changes if not verdict.ok else [],
        **values,
    )


def claim_deadline(program: Program, child: Child | None) -> date | None:
    """The last day to claim: `apply_within_days` after the event (the birth, or the due date
    of an expected child), and never after `apply_by`."""
    days = [program.apply_by] if program.apply_by else []
    if program.apply_within_days is not None and child is not None:
        days.append(child.date + timedelta(days=program.apply_within_days))
    return min(days, default=None)


# ---------------------------------------------------------------------------------------------
# Parameter checks: each returns (field, message) pairs; the loader names the file and object.

Problems = list[tuple[str, str]]
CENT = Decimal("0.01")


def _check_amount(value: Any, where: str, problems: Problems) -> None:
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        problems.append((where, f"not an amount: {value!r}"))
        return
    if amount < 0 or not amount.is_finite():
        problems.append((where, f"must be a positive amount: {value!r}"))


def _check_order_table(
    params: Mapping[str, Any], key: str, problems: Problems, *, money: bool
) -> None:
    table = params.get(key)
    if not isinstance(table, dict) or not table:
        problems.append((f"params.{key}", "required: a table keyed by birth order"))
        return
    for order, value in table.items():
        if not (order == "any" or order.rstrip("+").isdigit()):
            problems.append((f"params.{key}.{order}", "keys are birth orders: 1, 2, 3+ or any"))
        if money:
            _check_amount(value, f"params.{key}.{order}", problems)
        elif not isinstance(value, int) or value < 0:
            problems.append((f"params.{key}.{order}", f"must be a whole number of days: {value!r}"))


def _check_int(params: Mapping[str, Any], key: str, problems: Problems, *, required: bool) -> None:
    if key not in params:
        if required:
            problems.append((f"params.{key}", "required"))
        return
    value = params[key]
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        problems.append((f"params.{key}", f"must be a whole number: {value!r}"))


def _check_choice(
    params: Mapping[str, Any],
    key: str,
    choices: tuple[str, ...],
    problems: Problems,
    default: str | None = None,
) -> None:
    value = params.get(key, default)
    if value not in choices:
        problems.append((f"params.{key}", f"must be one of {', '.join(choices)}: {value!r}"))


def _check_date(params: Mapping[str, Any], key: str, problems: Problems) -> None:
    if key in params:
        try:
            date.fromisoformat(str(params[key]))
        except ValueError:
            problems.append((f"params.{key}", f"not an ISO date: {params[key]!r}"))


def _check_known(params: Mapping[str, Any], allowed: set[str], problems: Problems) -> None:
    for key in params:
        if key not in allowed:
            problems.append((f"params.{key}", "unknown parameter for this kind"))


# ---------------------------------------------------------------------------------------------
# The kinds


def one_off_by_birth_order(ctx: Context, program: Program) -> Iterator[Entitlement]:
    """A single payment for a child, its amount set by the child's birth order.

    `event` is "birth" (paid for the child) or "pregnancy" (孕产/孕期补助, paid to the mother,
    dated by the pregnancy that ends at the child's birth or expected date: reading 12).
    """
    amounts = program.params["amounts"]
    to_mother = program.params.get("event") == "pregnancy"
    for child in ctx.family.children:
        verdict = Verdict(facts=child_facts(ctx, child))
        amount = None
        if not child.of_this_couple:
            verdict.fail(ctx.say("not_couple"))
        else:
            order = ctx.family.birth_orders[child.index]
            amount = amount_for(amounts, order)
            if amount is None:
                verdict.fail(
                    ctx.say(
                        "order_not_covered",
                        order=text.ordinal_child(order, ctx.lang),
                        covered=text.covered_orders(list(amounts), ctx.lang),
                    )
                )
        check_window(ctx, program, child, verdict, pregnancy=to_mother)
        check_conditions(ctx, program, child, verdict)
        yield entitlement(
            ctx,
            program,
            verdict,
            child=child,
            parent="mother" if to_mother else None,
            amount=Decimal(str(amount)) if amount is not None else None,
            start=child.date,
        )


def check_one_off_by_birth_order(params: Mapping[str, Any]) -> Problems:
    problems: Problems = []
    _check_known(params, {"amounts", "event"}, problems)
    _check_order_table(params, "amounts", problems, money=True)
    _check_choice(params, "event", ("birth", "pregnancy"), problems, default="birth")
    return problems


def one_off_benefit_multiple(ctx: Context, program: Program) -> Iterator[Entitlement]:
    """A single payment of `months` months of the mother's unemployment insurance benefit, for
    each birth while she receives it (拱墅 八: 失业保险生育补助)."""
    months = int(program.params["months"])
    mother = ctx.family.parent("mother")
    for birth in ctx.family.births:
        verdict = Verdict(facts=child_facts(ctx, birth.first))
        benefit = mother.unemployment_benefit if mother else None
        if mother is None:
            verdict.fail(ctx.say("no_parent", role=text.pick(text.ROLE["mother"], ctx.lang)))
        elif not benefit:
            index = ctx.family.parents.index(mother)
            verdict.fail(
                ctx.say("no_unemployment_benefit"),
                Change(f"parents[{index}].unemployment_benefit", ctx.say("benefit_change")),
            )
        else:
            verdict.facts.append(
                ctx.say("benefit_multiple", benefit=text.fmt_money(benefit), months=months)
            )
        check_window(ctx, program, birth.first, verdict)
        check_conditions(ctx, program, birth.first, verdict)
        yield entitlement(
            ctx,
            program,
            verdict,
            child=birth.first,
            parent="mother",
            amount=(benefit * months).quantize(Decimal("0.01")) if benefit else None,
            start=birth.date,
        )


def check_one_off_benefit_multiple(params: Mapping[str, Any]) -> Problems:
    problems: Problems = []
    _check_known(params, {"months"}, problems)
    _check_int(params, "months", problems, required=True)
    return problems


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


def _payment_schedule(
    params: Mapping[str, Any], child: Child, amount: Decimal
) -> tuple[Schedule, int]:
    """One child's paid periods, and how many more a successor programme took over."""
    months: int = params.get("months", 36)
    born = child.date
    prorate_from = date.fromisoformat(params["prorate_from"]) if "prorate_from" in params else None
    if params.get("period") == "year" and prorate_from and born < prorate_from:
        # Born before the programme began: paid per remaining month of the child's 36 months,
        # counted from the month after birth to the month of the birthday (national reading).
        schedule = Schedule(next_month(born), "month", months, amount / 12)
        schedule = _skip(schedule, _periods_before(schedule, prorate_from))
    elif params.get("period") == "year":
        schedule = Schedule(born, "year", months // 12, amount)
    else:
        first_month = params.get("first_month", "birth_month")
        first = month_start(born) if first_month == "birth_month" else next_month(born)
        schedule = Schedule(first, "month", months, amount)
        if "payable_from" in params:
            payable_from = date.fromisoformat(params["payable_from"])
            schedule = _skip(schedule, _periods_before(schedule, payable_from))
    if "paid_until" not in params:
        return schedule, 0
    kept = _periods_before(schedule, date.fromisoformat(params["paid_until"]))
    return Schedule(schedule.first, schedule.period, kept, schedule.amount), schedule.count - kept


def recurring_until_age(ctx: Context, program: Program) -> Iterator[Entitlement]:
    """An allowance paid per month or per year until the child reaches an age.

    Parameters: `amounts` by birth order, `period` (month or year), `months` (how many months of
    the child's life it covers, 36 for 3 years), `first_month` (birth_month as 庆元 counts it, or
    month_after_birth), `payable_from` (no month before it), `prorate_from` (a yearly allowance
    that began on that day pays children born before it per remaining month), `paid_until` with
    `replaced_by` (periods from that day are paid by another programme instead), `beneficiary`
    (the child, or each employed parent), `children` ("couple": the couple's children by birth
    order; "every": every child, whatever its order or parentage, as the national 育儿补贴 is
    per child: reading 11).
    """
    params = program.params
    beneficiaries: list[Role | None] = (
        ["mother", "father"] if params.get("beneficiary") == "each_employed_parent" else [None]
    )
    every_child = params.get("children") == "every"
    for child in ctx.family.children:
        order = ctx.family.birth_orders.get(child.index)
        if every_child:
            table_amount = params["amounts"]["any"]
        else:
            table_amount = amount_for(params["amounts"], order) if order else None
        for role in beneficiaries:
            verdict = Verdict(facts=child_facts(ctx, child))
            if not every_child and not child.of_this_couple:
                verdict.fail(ctx.say("not_couple"))
            elif table_amount is None:
                verdict.fail(
                    ctx.say(
                        "order_not_covered",
                        order=text.ordinal_child(order or 0, ctx.lang),
                        covered=text.covered_orders(list(params["amounts"]), ctx.lang),
                    )
                )
            if role is not None:
                check_employed(ctx, role, verdict)
            check_window(ctx, program, child, verdict)
            check_conditions(ctx, program, child, verdict, role=role)
            paid, replaced = None, 0
            if verdict.ok:
                paid, replaced = _payment_schedule(params, child, Decimal(str(table_amount)))
                if not paid.count:
                    verdict.fail(
                        _replaced_reason(ctx, program) if replaced else ctx.say("no_periods")
                    )
            entry = entitlement(
                ctx,
                program,
                verdict,
                child=child,
                parent=role,
                amount=paid.total.quantize(CENT) if paid else None,
                period=paid.period if paid else params.get("period", "month"),
                period_amount=paid.amount.quantize(CENT) if paid else None,
                periods=paid.count if paid else 0,
                payments=paid or (),
                start=paid.start if paid else None,
                end=paid.end if paid else None,
            )
            if entry.eligible and paid:
                key = "periods_month" if paid.period == "month" else "periods_year"
                entry.reason = text.join(
                    ctx.lang,
                    [
                        entry.reason,
                        ctx.say(
                            key,
                            amount=text.fmt_money(paid.amount),
                            count=paid.count,
                            first=text.fmt_month(paid.first, ctx.lang),
                        ),
                    ],
                )
                if replaced:
                    entry.notes.append(_replaced_reason(ctx, program))
            yield entry


def _replaced_reason(ctx: Context, program: Program) -> str:
    successor = ctx.rules.by_slug.get(program.params.get("replaced_by", ""))
    name = successor.name(ctx.lang) if successor else program.params.get("replaced_by", "")
    return ctx.say(
        "replaced_from",
        date=ctx.date(date.fromisoformat(program.params["paid_until"])),
        successor=name,
    )


def check_recurring_until_age(params: Mapping[str, Any]) -> Problems:
    problems: Problems = []
    _check_known(
        params,
        {
            "amounts",
            "period",
            "months",
            "first_month",
            "payable_from",
            "prorate_from",
            "paid_until",
            "replaced_by",
            "beneficiary",
            "children",
        },
        problems,
    )
    _check_order_table(params, "amounts", problems, money=True)
    _check_choice(params, "period", ("month", "year"), problems, default="month")
    _check_int(params, "months", problems, required=False)
    if params.get("period") == "year" and params.get("months", 36) % 12:
        problems.append(
            ("params.months", "a yearly allowance covers whole years (a multiple of 12)")
        )
    _check_choice(
        params, "first_month", ("birth_month", "month_after_birth"), problems, default="birth_month"
    )
    _check_choice(
        params, "beneficiary", ("child", "each_employed_parent"), problems, default="child"
    )
    _check_choice(params, "children", ("couple", "every"), problems, default="couple")
    if params.get("children") == "every" and set(params.get("amounts") or {}) != {"any"}:
        problems.append(("params.amounts", 'a program for every child has one amount, "any"'))
    for key in ("payable_from", "prorate_from", "paid_until"):
        _check_date(params, key, problems)
    if ("paid_until" in params) != ("replaced_by" in params):
        problems.append(("params.replaced_by", "paid_until and replaced_by go together"))
    return problems


def leave_per_birth(ctx: Context, program: Program) -> Iterator[Entitlement]:
    """Days of leave for one parent at each birth: maternity (产假/生育假) or paternity (护理假).

    `days` by the birth order of the first baby of the delivery, plus `difficult_birth_days`
    for 难产 and `extra_baby_days` for each extra baby of a multiple birth (女职工劳动保护特别
    规定 第七条). The window starts on the day of birth; up to 15 days may be taken before it.
    """
    params = program.params
    role: Role = params["parent"]
    for child in ctx.family.children:
        if not child.of_this_couple:
            verdict = Verdict(facts=child_facts(ctx, child))
            verdict.fail(ctx.say("not_couple"))
            yield entitlement(
                ctx, program, verdict, child=child, parent=role, leave_type=params["leave_type"]
            )
    for birth in ctx.family.births:
        verdict = Verdict(facts=child_facts(ctx, birth.first))
        base = amount_for(params["days"], birth.first_order)
        if base is None:
            verdict.fail(
                ctx.say(
                    "order_not_covered",
                    order=text.ordinal_child(birth.first_order, ctx.lang),
                    covered=text.covered_orders(list(params["days"]), ctx.lang),
                )
            )
        check_employed(ctx, role, verdict)
        check_window(ctx, program, birth.first, verdict)
        check_conditions(ctx, program, birth.first, verdict, role=role)
        days = int(base or 0)
        parts = [ctx.say("days", days=days)]
        if birth.difficult and params.get("difficult_birth_days"):
            days += params["difficult_birth_days"]
            parts.append(ctx.say("difficult_birth_days", days=params["difficult_birth_days"]))
        if birth.babies > 1 and params.get("extra_baby_days"):
            days += params["extra_baby_days"] * (birth.babies - 1)
            parts.append(ctx.say("extra_baby_days", days=params["extra_baby_days"]))
        if verdict.ok and len(parts) > 1:
            verdict.facts.append("、".join(parts) if ctx.lang != "en" else ", ".join(parts))
        yield entitlement(
            ctx,
            program,
            verdict,
            child=birth.first,
            parent=role,
            leave_type=params["leave_type"],
            days=days,
            start=birth.date,
            end=plus_days(birth.date, days),
        )


def check_leave_per_birth(params: Mapping[str, Any]) -> Problems:
    problems: Problems = []
    _check_known(
        params,
        {"leave_type", "parent", "days", "difficult_birth_days", "extra_baby_days"},
        problems,
    )
    _check_choice(params, "leave_type", ("maternity", "paternity", "other"), problems)
    _check_choice(params, "parent", ("mother", "father"), problems)
    _check_order_table(params, "days", problems, money=False)
    _check_int(params, "difficult_birth_days", problems, required=False)
    _check_int(params, "extra_baby_days", problems, required=False)
    return problems


def parental_leave(ctx: Context, program: Program) -> Iterator[Entitlement]:
    """育儿假: days per parent per year until a child reaches `until_age` years.

    `counting` says what the days are per: `per_child` (each child adds its own days),
    `per_birth` (each delivery: twins do not add up, 郑州 多胞胎育儿假不累计) or `per_family`
    (the days are the family's, with `extra_days_when_two` more while two or more children are
    under age: 红河 二（二）4). The window runs from birth to the birthday, exclusive.
    """
    params = program.params
    years: int = params.get("until_age", 3)
    days: int = params["days_per_year"]
    counting = params.get("counting", "per_child")
    for role in ("mother", "father"):
        if ctx.family.parent(role) is None:
            continue
        if counting == "per_family":
            yield from _family_parental_leave(ctx, program, role, days, years)
            continue
        children = (
            [birth.first for birth in ctx.family.births]
            if counting == "per_birth"
            else list(ctx.family.couple_children)
        )
        for child in children:
            verdict = Verdict(facts=child_facts(ctx, child))
            check_employed(ctx, role, verdict)
            check_window(ctx, program, child, verdict)
            check_conditions(ctx, program, child, verdict, role=role)
            verdict.facts.append(ctx.say("per_year", days=days, years=years))
            if counting == "per_birth" and len(_birth_of(ctx.family, child).children) > 1:
                verdict.facts.append(ctx.say("twins_once"))
            yield entitlement(
                ctx,
                program,
                verdict,
                child=child,
                parent=role,
                leave_type="parental",
                days=days,
                start=child.date,
                end=add_years(child.date, years),
            )


def _birth_of(family: Family, child: Child) -> Birth:
    return next(birth for birth in family.births if child in birth.children)


def _family_parental_leave(
    ctx: Context, program: Program, role: Role, days: int, years: int
) -> Iterator[Entitlement]:
    """Per-family leave: one entry per stretch of time with a child under age, and one per
    stretch with two or more under age for the extra days."""
    intervals = [(b.date, add_years(b.date, years), b) for b in ctx.family.births]
    extra = program.params.get("extra_days_when_two", 0)
    stretches = _stretches(
        [(start, end) for start, end, b in intervals for _ in b.children], at_least=1
    )
    for start, end in stretches:
        first = next(b for s, _, b in intervals if s == start)
        verdict = Verdict(facts=[ctx.say("per_year_family", days=days, years=years)])
        check_employed(ctx, role, verdict)
        check_window(ctx, program, first.first, verdict)
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
    if not extra:
        return
    for start, end in _stretches(
        [(start, end) for start, end, b in intervals for _ in b.children], at_least=2
    ):
        verdict = Verdict(facts=[ctx.say("per_year_bonus", days=extra, years=years)])
        check_employed(ctx, role, verdict)
        check_conditions(ctx, program, None, verdict, role=role)
        yield entitlement(
            ctx,
            program,
            verdict,
            child=None,
            parent=role,
            leave_type="parental",
            days=extra,
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


def check_parental_leave(params: Mapping[str, Any]) -> Problems:
    problems: Problems = []
    _check_known(
        params, {"days_per_year", "counting", "until_age", "extra_days_when_two"}, problems
    )
    _check_int(params, "days_per_year", problems, required=True)
    _check_int(params, "until_age", problems, required=False)
    _check_int(params, "extra_days_when_two", problems, required=False)
    _check_choice(
        params, "counting", ("per_child", "per_birth", "per_family"), problems, default="per_child"
    )
    if params.get("extra_days_when_two") and params.get("counting") != "per_family":
        problems.append(("params.extra_days_when_two", "only for counting per_family"))
    return problems


def breastfeeding_time(ctx: Context, program: Program) -> Iterator[Entitlement]:
    """哺乳时间: hours a working day for the mother until the baby is `until_months` old, with
    `extra_hours_per_extra_baby` for each extra baby of a multiple birth."""
    params = program.params
    months: int = params.get("until_months", 12)
    for birth in ctx.family.births:
        verdict = Verdict(facts=child_facts(ctx, birth.first))
        check_employed(ctx, "mother", verdict)
        check_window(ctx, program, birth.first, verdict)
        check_conditions(ctx, program, birth.first, verdict, role="mother")
        hours = params["hours_per_day"] + params.get("extra_hours_per_extra_baby", 0) * (
            birth.babies - 1
        )
        verdict.facts.append(ctx.say("hours_per_day", hours=hours, months=months))
        yield entitlement(
            ctx,
            program,
            verdict,
            child=birth.first,
            parent="mother",
            leave_type="breastfeeding",
            hours_per_day=hours,
            start=birth.date,
            end=add_months(birth.date, months),
        )


def check_breastfeeding_time(params: Mapping[str, Any]) -> Problems:
    problems: Problems = []
    _check_known(params, {"hours_per_day", "extra_hours_per_extra_baby", "until_months"}, problems)
    _check_int(params, "hours_per_day", problems, required=True)
    _check_int(params, "extra_hours_per_extra_baby", problems, required=False)
    _check_int(params, "until_months", problems, required=False)
    return problems


def leave_until_age(ctx: Context, program: Program) -> Iterator[Entitlement]:
    """Leave with no set number of days, from birth until the baby is `until_months` old, that
    the employer may grant (郑州 二（一）: 可以请假至婴儿1周岁)."""
    params = program.params
    months: int = params.get("until_months", 12)
    role: Role = params.get("parent", "mother")
    for birth in ctx.family.births:
        verdict = Verdict(facts=child_facts(ctx, birth.first))
        check_employed(ctx, role, verdict)
        check_window(ctx, program, birth.first, verdict)
        check_conditions(ctx, program, birth.first, verdict, role=role)
        verdict.facts.append(ctx.say("until_first_birthday"))
        yield entitlement(
            ctx,
            program,
            verdict,
            child=birth.first,
            parent=role,
            leave_type="other",
            start=birth.date,
            end=add_months(birth.date, months),
        )


def check_leave_until_age(params: Mapping[str, Any]) -> Problems:
    problems: Problems = []
    _check_known(params, {"until_months", "parent"}, problems)
    _check_int(params, "until_months", problems, required=False)
    _check_choice(params, "parent", ("mother", "father"), problems, default="mother")
    return problems


@dataclass(frozen=True)
class Kind:
    name: str
    category: Category
    evaluate: Callable[[Context, Program], Iterator[Entitlement]]
    check_params: Callable[[Mapping[str, Any]], Problems]


REGISTRY: dict[str, Kind] = {
    kind.name: kind
    for kind in [
        Kind(
            "one_off_by_birth_order",
            "one_off",
            one_off_by_birth_order,
            check_one_off_by_birth_order,
        ),
        Kind(
            "one_off_benefit_multiple",
            "one_off",
            one_off_benefit_multiple,
            check_one_off_benefit_multiple,
        ),
        Kind("recurring_until_age", "recurring", recurring_until_age, check_recurring_until_age),
        Kind("leave_per_birth", "leave", leave_per_birth, check_leave_per_birth),
        Kind("parental_leave", "leave", parental_leave, check_parental_leave),
        Kind("breastfeeding_time", "leave", breastfeeding_time, check_breastfeeding_time),
        Kind("leave_until_age", "leave", leave_until_age, check_leave_until_age),
    ]
}
