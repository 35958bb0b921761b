"""The one entry point: a family, a place and a day in; entitlements out.

The questionnaire, the API, the application snapshot and the impact preview all call
`evaluate`. It runs every program granted by one of the family's places or a level above it
(where the family lives, each parent's and child's hukou place, each employed parent's place of
work: reading 9), lets each program's own place rule and conditions decide, lets a local
restatement stand in for the rule it restates where it applies, and pays each group of "paid
once" programs once per beneficiary, most local first.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from itertools import pairwise

from apps.benefits.engine import text
from apps.benefits.engine.dates import plus_days
from apps.benefits.engine.family import Family, Places
from apps.benefits.engine.kinds import REGISTRY, Context
from apps.benefits.engine.results import LEVELS, Coverage, Entitlement, Evaluation
from apps.benefits.engine.rules import Rule, RuleSet

CATEGORY_ORDER = {"one_off": 0, "recurring": 1, "leave": 2}


def family_places(family: Family, residence: str) -> list[str]:
    """The places that can tie the family to a program: where it lives, each parent's and
    child's hukou place and each employed parent's place of work, in that order."""
    codes = [residence]
    codes += [p.hukou for p in family.parents if p.hukou]
    codes += [c.hukou for c in family.children if c.hukou]
    codes += [p.works_in for p in family.parents if p.employed and p.works_in]
    return list(dict.fromkeys(codes))


def programs_for(rules: RuleSet, places: Places, codes: list[str]) -> list[Rule]:
    """The programs granted at one of the places or at a level above one of them."""
    around = {place.code for code in codes for place in places.path(code)}
    return [p for p in rules.programs if p.jurisdiction in around]


def coverage(rules: RuleSet, places: Places, codes: list[str]) -> tuple[Coverage, ...]:
    """Each level of each of the family's places, from the country down, the place the family
    lives first: whether any rule is modelled there, and from which documents."""
    titles: dict[str, list[str]] = {}
    for rule in rules.programs:
        found = titles.setdefault(rule.jurisdiction, [])
        if rule.citation.title not in found:
            found.append(rule.citation.title)
    seen: dict[str, Coverage] = {}
    for code in codes:
        for depth, place in enumerate(places.path(code)):
            if place.code not in seen:
                documents = tuple(titles.get(place.code, ()))
                level = LEVELS[min(depth, len(LEVELS) - 1)]
                seen[place.code] = Coverage(place.code, level, bool(documents), documents)
    return tuple(seen.values())


def evaluate(
    family: Family,
    *,
    jurisdiction: str,
    as_of: date,
    rules: RuleSet,
    places: Places,
    lang: str = "zh-hans",
) -> Evaluation:
    ctx = Context(
        family=family, places=places, as_of=as_of, lang=lang, rules=rules, residence=jurisdiction
    )
    considered = family_places(family, jurisdiction)
    programs = programs_for(rules, places, considered)
    replacing = _replacing(programs)
    entitlements: list[Entitlement] = []
    for program in programs:
        stand_ins = replacing.get(program.slug, [])
        entitlements.extend(
            entry
            for entry in REGISTRY[program.kind].evaluate(ctx, program)
            if not any(_applies_to(ctx, local, entry) for local in stand_ins)
        )
    depth = {p.slug: places.depth(p.jurisdiction) for p in programs}
    return finish(
        ctx, programs, entitlements, depth, considered, coverage(rules, places, considered)
    )


def finish(
    ctx: Context,
    programs: list[Rule],
    entitlements: list[Entitlement],
    depth: Mapping[str, int],
    considered: list[str],
    covered: tuple[Coverage, ...],
) -> Evaluation:
    """The family's entries as one answer: paid-once groups paid once, leave chained, in the
    order of the results (category, child, the national level first, ...)."""
    _pay_once(ctx, programs, entitlements)
    _chain_leave(entitlements, depth)
    entitlements.sort(
        key=lambda e: (
            CATEGORY_ORDER[e.category],
            -1 if e.child is None else e.child,
            depth[e.program],
            e.program,
            e.parent or "",
            e.start or date.min,
        )
    )
    family = ctx.family
    return Evaluation(
        as_of=ctx.as_of,
        rules_version=ctx.rules.version,
        lang=ctx.lang,
        birth_orders={c.index: family.birth_orders.get(c.index) for c in family.children},
        entitlements=tuple(entitlements),
        places=tuple(considered),
        coverage=covered,
    )


def _replacing(programs: list[Rule]) -> dict[str, list[Rule]]:
    """For each program, the local restatements of it among the programs considered."""
    replacing: dict[str, list[Rule]] = {}
    for program in programs:
        for slug in program.replaces:
            replacing.setdefault(slug, []).append(program)
    return replacing


def _applies_to(ctx: Context, local: Rule, entry: Entitlement) -> bool:
    """Whether the local restatement `local` stands in for the rule it restates, for the
    beneficiary of `entry`: where the parent works (leave, what an employer pays), or where the
    family lives. A parent working in 洛阳 keeps Henan's parental leave while the other parent,
    working in 郑州, takes 郑州's (which replaces it)."""
    if local.follows == "employer":
        return entry.parent is not None and ctx.places.within(
            ctx.work_place(entry.parent), local.jurisdiction
        )
    return ctx.places.within(ctx.residence, local.jurisdiction)


def _chain_leave(entitlements: list[Entitlement], depth: Mapping[str, int]) -> None:
    """Leave of one type at one birth for one parent is taken in one stretch: a provincial
    extension starts the day the national days end."""
    stretches: dict[tuple[int | None, str | None, str | None], list[Entitlement]] = {}
    for entry in entitlements:
        if entry.kind == "leave_per_birth" and entry.eligible and entry.days:
            stretches.setdefault((entry.child, entry.parent, entry.leave_type), []).append(entry)
    for entries in stretches.values():
        entries.sort(key=lambda e: (depth[e.program], e.program))
        for before, after in pairwise(entries):
            assert before.end is not None and after.days is not None
            after.start = before.end
            after.end = plus_days(after.start, after.days)


def _pay_once(ctx: Context, programs: list[Rule], entitlements: list[Entitlement]) -> None:
    """Within a paid-once group, the most local eligible entry for a beneficiary is paid; the
    others say under which programme it was counted (拱墅 implements Hangzhou's subsidy; 红河
    matches Yunnan's: 本区同类政策不重复享受)."""
    by_slug = {p.slug: p for p in programs}
    depth = {p.slug: ctx.places.depth(p.jurisdiction) for p in programs}
    groups: dict[tuple[str, int | None, str | None], list[Entitlement]] = {}
    for entry in entitlements:
        group = by_slug[entry.program].paid_once_group
        if group:
            groups.setdefault((group, entry.child, entry.parent), []).append(entry)
    for entries in groups.values():
        winner = None
        for entry in sorted(entries, key=lambda e: -depth[e.program]):
            if not entry.eligible:
                continue
            if winner is None:
                winner = entry
                continue
            entry.eligible = False
            entry.reason = text.join(ctx.lang, [ctx.say("paid_once", winner=winner.name)])
            entry.amount = entry.period_amount = entry.periods = None
            entry.payments = ()
