"""What every kind of rule shares: the evaluation's context and memo, the verdict on one program
for one beneficiary, the checks (the event's window, the place that ties the family to the
program, hukou, employment) and the one builder of an entitlement."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, TypeVar

from apps.benefits.engine import text
from apps.benefits.engine.family import Child, Family, Places, Role
from apps.benefits.engine.results import Change, Entitlement
from apps.benefits.engine.rules import Condition, Rule, RuleSet

# A pregnancy is taken to run from 280 days before the birth (or the due date) to the birth:
# a pregnancy grant applies when that stretch meets the program's window (reading 12).
PREGNANCY = timedelta(days=280)

V = TypeVar("V")


@dataclass(frozen=True)
class Context:
    """One evaluation: the family, where it lives, the day asked and the language. What is said
    of the family once (its hukou, its employment) is kept in `_memo` for the whole evaluation."""

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

    def parent_index(self, role: str) -> int | None:
        parent = self.family.parent(role)
        return None if parent is None else self.family.parents.index(parent)


# What a check finds: whether it holds, what is said of it, what would change it.
Check = tuple[bool, str | None, Change | None]


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

    def record(self, check: Check) -> None:
        ok, said, change = check
        if ok:
            if said:
                self.facts.append(said)
        else:
            self.fail(said or "", change)

    @property
    def ok(self) -> bool:
        return self.failure is None


def amount_for(table: Mapping[str, V], order: int) -> V | None:
    """Look a birth order up in a table keyed "1", "2", "3+" (3 and later) or "any"."""
    if str(order) in table:
        return table[str(order)]
    plus = [int(k[:-1]) for k in table if k.endswith("+") and int(k[:-1]) <= order]
    if plus:
        return table[f"{max(plus)}+"]
    return table.get("any")


def order_not_covered(ctx: Context, order: int, table: Mapping[str, Any]) -> str:
    return ctx.say(
        "order_not_covered",
        order=text.ordinal_child(order, ctx.lang),
        covered=text.covered_orders(list(table), ctx.lang),
    )


def event_phrase(ctx: Context, child: Child) -> str:
    key = "born_on" if child.born else "expected_on"
    return ctx.say(key, date=ctx.date(child.date))


def _memo(ctx: Context, key: object, work: Any) -> Any:
    found = ctx._memo.get(key)
    if found is None:
        found = ctx._memo[key] = work()
    return found


# --- the checks ------------------------------------------------------------------------------


def check_window(
    ctx: Context, program: Rule, child: Child, verdict: Verdict, *, pregnancy: bool = False
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
    program: Rule,
    child: Child | None,
    verdict: Verdict,
    *,
    role: Role | None = None,
) -> None:
    """The place that ties the family to the program (`follows`: where it lives, or for `role`
    where the employer is), then the program's hukou conditions."""
    if program.follows == "residence":
        verdict.record(_residence_check(ctx, program.jurisdiction))
    elif program.follows == "employer" and role is not None:
        verdict.record(_work_check(ctx, program.jurisdiction, role))
    for condition in program.conditions:
        verdict.record(_hukou_check(ctx, condition, child))


def _residence_check(ctx: Context, place: str) -> Check:
    """Whether the family lives in `place`; nothing is said of the country-wide level."""

    def work() -> Check:
        if not ctx.places.within(ctx.residence, place):
            said = ctx.say("lives_outside", actual=ctx.place(ctx.residence), place=ctx.place(place))
            return (False, said, Change("family", "jurisdiction", place=place))
        if ctx.places.depth(place) > 1:
            return (True, ctx.say("lives_in", place=ctx.place(ctx.residence)), None)
        return (True, None, None)

    return _memo(ctx, ("lives", place), work)


def _work_check(ctx: Context, place: str, role: Role) -> Check:
    """Whether the parent's employer is in `place`: leave follows the employer's place."""

    def work() -> Check:
        parent = ctx.family.parent(role)
        if parent is None or not parent.employed:
            return (True, None, None)  # check_employed says why there is no leave
        workplace = ctx.work_place(role)
        role_name = text.pick(text.ROLE[role], ctx.lang)
        if not ctx.places.within(workplace, place):
            said = ctx.say(
                "works_outside", role=role_name, actual=ctx.place(workplace), place=ctx.place(place)
            )
            change = Change(role, "works_in", index=ctx.parent_index(role), place=place)
            return (False, said, change)
        if ctx.places.depth(place) > 1:
            return (True, ctx.say("works_in", role=role_name, place=ctx.place(workplace)), None)
        return (True, None, None)

    return _memo(ctx, ("works", place, role), work)


def _hukou_check(ctx: Context, condition: Condition, child: Child | None) -> Check:
    """Whether the subject's hukou is within the place, said once per evaluation."""

    def work() -> Check:
        who = text.pick(text.WHO[condition.subject], ctx.lang)
        place = ctx.place(condition.hukou_within)
        if condition.subject == "child":
            hukou = child.hukou if child else None
            index = child.index if child else None
        else:
            parent = ctx.family.parent(condition.subject)
            hukou = parent.hukou if parent else None
            index = ctx.parent_index(condition.subject)
        change = Change(condition.subject, "hukou", index=index, place=condition.hukou_within)
        if hukou is None:
            return (False, ctx.say("hukou_unknown", who=who, place=place), change)
        if not ctx.places.within(hukou, condition.hukou_within):
            said = ctx.say("hukou_outside", who=who, actual=ctx.place(hukou), place=place)
            return (False, said, change)
        return (True, ctx.say("hukou_in", who=who, place=ctx.place(hukou)), None)

    key = ("hukou", condition.subject, condition.hukou_within, child.index if child else None)
    return _memo(ctx, key, work)


def check_employed(ctx: Context, role: Role, verdict: Verdict) -> None:
    def work() -> Check:
        parent = ctx.family.parent(role)
        role_name = text.pick(text.ROLE[role], ctx.lang)
        if parent is None:
            return (False, ctx.say("no_parent", role=role_name), None)
        if not parent.employed:
            change = Change(role, "employed", index=ctx.parent_index(role))
            return (False, ctx.say("not_employed", role=role_name), change)
        return (True, ctx.say(f"{role}_employed"), None)

    verdict.record(_memo(ctx, ("employed", role), work))


# --- the entitlement -------------------------------------------------------------------------


def child_facts(ctx: Context, child: Child) -> list[str]:
    """The child's order and date, said once per evaluation."""

    def work() -> list[str]:
        order = ctx.family.birth_orders.get(child.index)
        facts = [text.ordinal_child(order, ctx.lang)] if order else []
        return [*facts, event_phrase(ctx, child)]

    return list(_memo(ctx, ("child", child.index), work))


def entitlement(
    ctx: Context,
    program: Rule,
    verdict: Verdict,
    *,
    child: Child | None,
    parent: Role | None = None,
    **values: Any,
) -> Entitlement:
    """Build one entry; an entry that does not apply keeps its window but no amount or days."""
    wording = ctx.rules.wording(program, ctx.lang)
    notes = list(wording.notes)
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
        name=wording.name,
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
        documents=list(wording.documents),
        claim=wording.claim,
        changes=verdict.changes if not verdict.ok else [],
        **values,
    )


def claim_deadline(program: Rule, child: Child | None) -> date | None:
    """The last day to claim: `apply_within_days` after the event (the birth, or the due date
    of an expected child), and never after `apply_by`."""
    days = [program.apply_by] if program.apply_by else []
    if program.apply_within_days is not None and child is not None:
        days.append(child.date + timedelta(days=program.apply_within_days))
    return min(days, default=None)
