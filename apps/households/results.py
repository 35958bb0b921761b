"""What the parent reads: the saved answers for "check your answers", and the engine's
evaluation arranged for the results page (by kind of money, by child, leave summed up).

Presentation only: every amount, reason and note comes from the engine as it is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from apps.benefits.engine import Change, Entitlement, Evaluation, text
from apps.benefits.places import places_get
from apps.benefits.wording import change_message
from apps.children.selectors import children_rows
from apps.households.models import Household
from apps.households.questionnaire import ROLE_NAMES
from apps.households.selectors import household_family
from apps.jurisdictions.selectors import COUNTRY

LEAVE_TYPES: dict[str, Promise] = {
    "maternity": gettext_lazy("产假"),
    "paternity": gettext_lazy("护理假"),
    "parental": gettext_lazy("育儿假"),
    "breastfeeding": gettext_lazy("哺乳时间"),
}
# How a list of words and a list of facts are joined in the page's language.
LIST_SEPARATOR = pgettext_lazy("between the words of a list", "、")
FACTS_SEPARATOR = pgettext_lazy("between facts", "；")


def place_name(code: str | None, lang: str) -> str:
    if not code:
        return _("不清楚或尚未登记")
    places = places_get()
    sep = ", " if lang == "en" else ""
    path = [p for p in places.path(code) if p.code != COUNTRY]
    if lang == "en":
        path = list(reversed(path))
    return sep.join(places.name(p.code, lang) for p in path)


def _change(slug: str, anchor: str = "") -> str:
    return reverse(f"households:{slug}") + "?return=check" + (f"#{anchor}" if anchor else "")


# --- check your answers ---------------------------------------------------------------------


@dataclass
class Answer:
    question: str
    value: str
    change_url: str
    change_label: str


@dataclass
class AnswerGroup:
    title: str
    answers: list[Answer]


def answers(household: Household, lang: str) -> list[AnswerGroup]:
    groups = [
        AnswerGroup(
            _("居住地"),
            [
                Answer(
                    _("您家住在哪里"),
                    place_name(household.jurisdiction_id, lang),
                    _change("place", "home-selects"),
                    _("居住地"),
                )
            ],
        )
    ]
    parents = list(household.parents.all())
    who = [str(ROLE_NAMES[p.role]) for p in parents]
    rows = [
        Answer(
            _("这个家庭有哪些父母"),
            str(LIST_SEPARATOR).join(who) if len(who) > 1 else _("只有%(role)s") % {"role": who[0]},
            _change("parents", "id_who_0"),
            _("父母"),
        )
    ]
    for parent in parents:
        role = str(ROLE_NAMES[parent.role])
        anchor = f"parent-{parent.role}"
        rows.append(
            Answer(
                _("%(role)s的户口所在地") % {"role": role},
                place_name(parent.hukou_id, lang),
                _change("parents", anchor),
                _("%(role)s的户口所在地") % {"role": role},
            )
        )
        rows.append(
            Answer(
                _("%(role)s是否在用人单位工作") % {"role": role},
                _("是") if parent.employed else _("否"),
                _change("parents", anchor),
                _("%(role)s是否在用人单位工作") % {"role": role},
            )
        )
        if parent.employed:
            rows.append(
                Answer(
                    _("%(role)s的用人单位所在地") % {"role": role},
                    place_name(parent.works_in_id, lang)
                    if parent.works_in_id
                    else _("和居住地相同"),
                    _change("parents", anchor),
                    _("%(role)s的用人单位所在地") % {"role": role},
                )
            )
        if parent.unemployment_benefit:
            rows.append(
                Answer(
                    _("%(role)s每月失业保险金") % {"role": role},
                    _("%(amount)s元") % {"amount": text.fmt_money(parent.unemployment_benefit)},
                    _change("parents", anchor),
                    _("%(role)s每月失业保险金") % {"role": role},
                )
            )
    groups.append(AnswerGroup(_("父母"), rows))
    child_rows = []
    for position, child in enumerate(household.children.all()):
        heading = _("第%(n)s胎") % {"n": position + 1}
        born = (_("%(date)s出生") if child.born else _("预产期%(date)s")) % {
            "date": text.fmt_date(child.date, lang)
        }
        facts = [born]
        if child.babies > 1:
            facts.append(_("%(n)s个孩子（多胞胎）") % {"n": child.babies})
        facts.append(_("户口：%(place)s") % {"place": place_name(child.hukou_id, lang)})
        if not child.of_this_couple:
            facts.append(_("不是这对夫妻共同生育"))
        if child.difficult_birth:
            facts.append(_("难产"))
        child_rows.append(
            Answer(
                heading,
                str(FACTS_SEPARATOR).join(facts),
                _change("children", f"child-{position}"),
                heading,
            )
        )
    if not child_rows:
        child_rows.append(Answer(_("孩子"), _("没有填写孩子"), _change("children"), _("孩子")))
    groups.append(AnswerGroup(_("孩子"), child_rows))
    return groups


# --- results --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """A stretch of time with the same leave: [start, end) and its days (a year for 育儿假)."""

    start: date
    end: date | None
    days: int


def leave_periods(entries: list[Entitlement]) -> list[Period]:
    """The stretches of one leave for one parent, each with the days that hold through it.

    Parental leave counted for the family gives a base from the first birth to the last 3rd
    birthday and more days while two children are under 3 (红河: 10, then 15, then 10 again):
    the page and the calendar both read these stretches, never one window with the sum."""
    bounds = sorted(
        {e.start for e in entries if e.start} | {e.end for e in entries if e.start and e.end}
    )
    periods: list[Period] = []
    for start, end in zip(bounds, [*bounds[1:], None], strict=True):
        days = sum(
            e.days or 0
            for e in entries
            if e.start and e.start <= start and (e.end is None or (end and end <= e.end))
        )
        if not days:
            continue
        if periods and periods[-1].days == days and periods[-1].end == start:
            periods[-1] = Period(periods[-1].start, end, days)
        else:
            periods.append(Period(start, end, days))
    return periods


@dataclass
class Item:
    title: str
    entries: list[Entitlement]  # one, or the parts of one leave (national base + extensions)
    child_label: str = ""
    place: str = ""  # the name of the level that grants it (or the levels, for a leave's parts)
    changes: list[tuple[str, str]] = field(default_factory=list)  # (message, link)
    as_of: date | None = None  # the day asked: which period of a leave holds now

    @property
    def first(self) -> Entitlement:
        return self.entries[0]

    @property
    def days(self) -> int | None:
        days = [e.days for e in self.entries if e.days is not None]
        return sum(days) if days else None

    @property
    def parts(self) -> bool:
        return len(self.entries) > 1

    @property
    def periods(self) -> list[Period]:
        """Parental leave whose days change over time: each stretch with its days a year."""
        if self.first.leave_type != "parental" or not self.parts:
            return []
        periods = leave_periods(self.entries)
        return periods if len(periods) > 1 else []

    @property
    def days_now(self) -> int | None:
        """The days a year of the period that holds on the day asked (else the first one)."""
        periods = self.periods
        for period in periods:
            if (
                self.as_of
                and period.start <= self.as_of
                and (period.end is None or self.as_of < period.end)
            ):
                return period.days
        return periods[0].days if periods else None

    @property
    def estimate(self) -> bool:
        return any(e.estimate for e in self.entries)

    @property
    def deadline(self) -> date | None:
        return self.first.apply_by

    @property
    def deadline_passed(self) -> bool:
        return self.first.deadline_passed

    @property
    def notes(self) -> list[str]:
        seen: list[str] = []
        for entry in self.entries:
            seen.extend(n for n in entry.notes if n not in seen)
        return seen

    @property
    def citations(self) -> list[Any]:
        """Each clause once: the parts of a leave often cite the same clause (红河 二（二）4)."""
        seen: list[Any] = []
        for entry in self.entries:
            if entry.citation not in seen:
                seen.append(entry.citation)
        return seen


@dataclass
class Group:
    child_label: str
    items: list[Item]


@dataclass
class Section:
    key: str
    title: str
    groups: list[Group]
    intro: str = ""


def fmt_money(amount: Decimal | None) -> str:
    return "" if amount is None else text.fmt_money(amount)


def fmt_date(day: date | None, lang: str) -> str:
    return "" if day is None else text.fmt_date(day, lang)


def last_day(end: date | None) -> date | None:
    """Engine windows end on the first day no longer covered; people read the last day covered."""
    return None if end is None else end - timedelta(days=1)


def child_label(evaluation: Evaluation, child: Any, lang: str) -> str:
    """ "第二个孩子（2024年7月1日出生）": the order in the engine's words, as its reasons say it."""
    order = evaluation.birth_orders.get(child.index)
    who = capfirst(text.ordinal_child(order, lang)) if order else _("孩子")
    day = text.fmt_date(child.date, lang)
    if child.born:
        return _("%(who)s（%(day)s出生）") % {"who": who, "day": day}
    return _("%(who)s（预产期%(day)s）") % {"who": who, "day": day}


def _change_link(change: Change, rows: list[int]) -> str:
    """The question to answer differently: the child's row, the parent's block, or the place."""
    if change.subject == "child":
        index = change.index
        return _change("children", f"child-{rows[index]}" if index is not None else "")
    if change.subject in ("mother", "father"):
        return _change("parents", f"parent-{change.subject}")
    return _change("place")


PLACE_ROLES: dict[str, Promise] = {
    "residence": pgettext_lazy("why a place counts", "居住地"),
    "mother-hukou": gettext_lazy("母亲户口所在地"),
    "father-hukou": gettext_lazy("父亲户口所在地"),
    "child-hukou": gettext_lazy("孩子户口所在地"),
    "mother-work": gettext_lazy("母亲工作地"),
    "father-work": gettext_lazy("父亲工作地"),
}


def considered_places(household: Household, evaluation: Evaluation, lang: str) -> list[str]:
    """The family's places whose programs were looked at, each with why ("母亲户口所在地")."""
    why: dict[str, list[str]] = {}

    def add(code: str | None, role: str) -> None:
        reason = str(PLACE_ROLES[role])
        if code and code in evaluation.places and reason not in why.setdefault(code, []):
            why[code].append(reason)

    add(household.jurisdiction_id, "residence")
    for parent in household.parents.all():
        add(parent.hukou_id, f"{parent.role}-hukou")
        if parent.employed:
            add(parent.works_in_id, f"{parent.role}-work")
    for row in household.children.all():
        add(row.hukou_id, "child-hukou")
    return [
        _("%(place)s（%(why)s）")
        % {"place": place_name(code, lang), "why": str(LIST_SEPARATOR).join(reasons)}
        for code, reasons in why.items()
    ]


LEVEL_NAMES = {
    "national": _("国家"),
    "province": _("省级"),
    "city": _("市级"),
    "county": _("县级"),
}


def present(household: Household, evaluation: Evaluation) -> dict[str, Any]:
    lang = evaluation.lang
    places = places_get()
    family = household_family(household=household)
    labels = {child.index: child_label(evaluation, child, lang) for child in family.children}
    rows = children_rows(household=household)
    sections = {
        "one_off": Section("one_off", _("一次性补贴"), []),
        "recurring": Section("recurring", _("按月或按年发放的补贴"), []),
        "leave": Section("leave", _("假期"), []),
        "employer_may": Section(
            "employer_may",
            _("用人单位可以给予的待遇"),
            [],
            _(
                "文件规定用人单位“可以”给予下面这些待遇：给不给由单位决定，"
                "不是您家一定能得到的，所以没有计入合计。可以向单位询问。"
            ),
        ),
        "in_kind": Section(
            "in_kind",
            _("代为支付的补贴"),
            [],
            _(
                "下面这些补贴直接支付给保险公司或服务机构，用在您家孩子身上，"
                "不是发给您家的现金，所以没有计入合计。"
            ),
        ),
    }

    def section_of(entry: Entitlement) -> str:
        return entry.category if entry.basis == "entitlement" else entry.basis

    grouped: dict[tuple[str, int | None], dict[tuple[Any, ...], Item]] = {}
    missed: list[Item] = []
    for entry in evaluation.entitlements:
        label = labels.get(entry.child, "") if entry.child is not None else ""
        place = places.name(entry.jurisdiction, lang)
        if not entry.eligible:
            changes = [
                (change_message(c, places=places, lang=lang), _change_link(c, rows))
                for c in entry.changes
            ]
            missed.append(Item(entry.name, [entry], label, place, changes))
            continue
        kind = section_of(entry)
        if entry.category == "leave" and entry.leave_type in LEAVE_TYPES and kind == "leave":
            # A family's 育儿假 stretch that has ended stands apart from the one still running.
            over = entry.leave_type == "parental" and entry.status(evaluation.as_of) == "past"
            key: tuple[Any, ...] = (entry.leave_type, entry.parent, over)
            title = str(LEAVE_TYPES[entry.leave_type])
            if entry.parent:
                title = _("%(role)s的%(leave)s") % {
                    "role": ROLE_NAMES[entry.parent],
                    "leave": title,
                }
        else:
            key = (entry.program, entry.parent)
            title = entry.name
        items = grouped.setdefault((kind, entry.child), {})
        if key in items:
            items[key].entries.append(entry)
            if place not in items[key].place.split(" + "):
                items[key].place += f" + {place}"
        else:
            items[key] = Item(title, [entry], label, place, as_of=evaluation.as_of)
    ended: list[Item] = []
    for (section_key, child), items in grouped.items():
        section = sections[section_key]
        label = labels.get(child, "") if child is not None else ""
        current = []
        for item in items.values():
            # Leave whose window has closed is kept, but out of the way: it can't be taken now.
            if item.first.category == "leave" and all(
                e.status(evaluation.as_of) == "past" for e in item.entries
            ):
                ended.append(item)
            else:
                current.append(item)
        if current:
            section.groups.append(Group(label, current))
    order = {index: n for n, index in enumerate(labels)}
    for section in sections.values():
        section.groups.sort(
            key=lambda g: (
                -1
                if not g.child_label
                else min(order.get(i.first.child, 0) for i in g.items if i.first.child is not None)
            )
        )
    counted = [e for e in evaluation.entitlements if e.counted_cash]
    return {
        "sections": [s for s in sections.values() if s.groups],
        "missed": missed,
        "ended": ended,
        "total_one_off": fmt_money(evaluation.total("one_off")),
        "total_recurring": fmt_money(evaluation.total("recurring")),
        "total_too_late": fmt_money(
            sum((e.amount or Decimal(0) for e in counted if e.deadline_passed), Decimal(0))
        )
        if any(e.deadline_passed for e in counted)
        else "",
        "any_estimate": any(e.estimate for e in evaluation.entitlements),
        "place": place_name(household.jurisdiction_id, lang),
        "considered": considered_places(household, evaluation, lang),
        "uncovered": [places.name(code, lang) for code in evaluation.uncovered_provinces],
        "coverage": [
            (LEVEL_NAMES[c.level], places.name(c.code, lang), c.modelled)
            for c in evaluation.coverage
        ],
        "as_of": fmt_date(evaluation.as_of, lang),
        "lang": lang,
    }
