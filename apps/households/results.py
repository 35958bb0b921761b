"""What the parent reads: the saved answers for "check your answers", and the engine's
evaluation arranged for the results page (by kind of money, by child, leave summed up).

Presentation only: every amount, reason and note comes from the engine as it is.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from functools import cached_property
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy

from apps.benefits.engine import Change, Citation, Entitlement, Evaluation, text
from apps.benefits.places import places_get
from apps.benefits.selectors import rules_current
from apps.benefits.wording import change_message
from apps.children.selectors import children_rows
from apps.households.models import Household
from apps.households.questionnaire import ROLE_NAMES
from apps.households.selectors import household_family
from apps.jurisdictions.selectors import COUNTRY, PLACES
from apps.jurisdictions.versions import versions

LEAVE_TYPES: dict[str, Promise] = {
    "maternity": gettext_lazy("产假"),
    "paternity": gettext_lazy("护理假"),
    "parental": gettext_lazy("育儿假"),
    "breastfeeding": gettext_lazy("哺乳时间"),
}
# How a list of words and a list of facts are joined in the page's language.
LIST_SEPARATOR = pgettext_lazy("between the words of a list", "、")
FACTS_SEPARATOR = pgettext_lazy("between facts", "；")
LABEL_SEPARATOR = pgettext_lazy("between a parent and a child", " · ")


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


def cache_key(household: Household, *, lang: str, shared: bool) -> str:
    """What the results page depends on, but for what the household applied for (the template
    adds that): the answers (saving any answer updates the household), the rules, the places,
    the language, the day, and whether it is the read-only shared page."""
    changed = household.updated_at.timestamp() if household.updated_at else 0
    return ":".join(
        [
            str(household.pk),
            f"{changed:.6f}",
            rules_current().version,
            versions().get(PLACES, ""),
            lang,
            timezone.localdate().isoformat(),
            "shared" if shared else "own",
        ]
    )


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
            _one, birth = MULTIPLE_BIRTH.get(child.babies, MULTIPLE_BIRTH[4])
            facts.append(str(birth))
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


# What the family has, on the day asked, of each entitlement it is or was owed. The short list
# at the top of the page says it of each line.
STATUSES: dict[str, Promise] = {
    "owed": pgettext_lazy("status of an entitlement", "应享受"),
    "estimate": pgettext_lazy("status of an entitlement", "估算"),
    "ended": pgettext_lazy("status of an entitlement", "已结束"),
    "deadline_passed": pgettext_lazy("status of an entitlement", "申请期限已过"),
    "employer_may": pgettext_lazy("status of an entitlement", "单位可以给予"),
    "in_kind": pgettext_lazy("status of an entitlement", "代为支付"),
}
# The kinds whose entry stands for a whole delivery (its first baby's index): twins share it.
PER_BIRTH_KINDS = frozenset(
    {"leave_per_birth", "breastfeeding_time", "leave_until_age", "one_off_benefit_multiple"}
)


@dataclass(frozen=True)
class CitationView:
    """A citation as the page shows it, in the page's language: the document by its number
    (kept in Chinese: it has no English), its title in English where known, the clause."""

    number: str  # the document number, "" where it has none
    title: str
    title_lang: str  # the language the title is in: "en" where an English title is known
    clause: str
    text: str
    url: str | None
    confidence: str

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.number, self.title, self.clause)


@dataclass
class Item:
    title: str
    entries: list[Entitlement]  # one, or the parts of one leave (national base + extensions)
    child_label: str = ""
    place: str = ""  # the name of the level that grants it (or the levels, for a leave's parts)
    changes: list[tuple[str, str]] = field(default_factory=list)  # (message, link)
    as_of: date | None = None  # the day asked: which period of a leave holds now
    lang: str = "zh-hans"
    anchor: str = ""  # the id of its details on the page
    pregnancy: bool = False  # a grant dated by the pregnancy, not the birth (reading 12)

    @property
    def first(self) -> Entitlement:
        return self.entries[0]

    @property
    def scheduled(self) -> list[Item]:
        """The item itself when it has a payment schedule (as `Benefit.scheduled`)."""
        return [self] if self.first.payments else []

    @property
    def key(self) -> str:
        """What the applications side knows an entitlement by on this page: program, child,
        parent (`applied_on_page`)."""
        first = self.first
        return f"{first.program}|{'' if first.child is None else first.child}|{first.parent or ''}"

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
    def ended(self) -> bool:
        """Leave whose every part has closed: it can no longer be taken."""
        return (
            self.first.category == "leave"
            and self.as_of is not None
            and all(e.status(self.as_of) == "past" for e in self.entries)
        )

    @property
    def status(self) -> str:
        """owed, estimate, ended, deadline_passed, employer_may or in_kind (`STATUSES`)."""
        if self.ended:
            return "ended"
        if self.first.basis != "entitlement":
            return self.first.basis
        if self.estimate:
            return "estimate"
        if self.deadline_passed:
            return "deadline_passed"
        return "owed"

    @property
    def status_label(self) -> str:
        return str(STATUSES[self.status])

    @property
    def money(self) -> bool:
        return self.first.category != "leave"

    @property
    def value(self) -> str:
        """The amount or the days in a few words: "13,100元", "188天", "每年15天"."""
        first = self.first
        if first.category != "leave":
            return _("%(amount)s元") % {"amount": fmt_money(first.amount)}
        if first.hours_per_day:
            hours = first.hours_per_day
            return ngettext("每个工作日%(hours)s小时", "每个工作日%(hours)s小时", hours) % {
                "hours": hours
            }
        days = self.days_now if self.periods else self.days
        if days is None:
            return ""
        if first.leave_type == "parental":
            return ngettext("每年%(days)s天", "每年%(days)s天", days) % {"days": days}
        return ngettext("%(days)s天", "%(days)s天", days) % {"days": days}

    @property
    def sum_of_parts(self) -> str:
        """ "98 + 90 = 188天" for a leave of several parts."""
        if not self.parts or self.periods or self.days is None:
            return ""
        parts = " + ".join(str(e.days) for e in self.entries if e.days is not None)
        return f"{parts} = {self.value}"

    @property
    def benefit_title(self) -> str:
        """The benefit it is one item of in the details: a leave by its type, whoever takes it
        ("育儿假": the mother's and the father's together), anything else by its own title."""
        first = self.first
        if first.category == "leave" and first.parent and first.leave_type in LEAVE_TYPES:
            return capfirst(str(LEAVE_TYPES[first.leave_type]))
        return self.title

    @property
    def row_label(self) -> str:
        """Whose item it is within its benefit: the parent's (for leave), the child's."""
        first = self.first
        if first.category == "leave" and first.parent and first.leave_type in LEAVE_TYPES:
            role = str(ROLE_NAMES[first.parent])
            return str(LABEL_SEPARATOR).join([role, self.child_label]) if self.child_label else role
        return self.child_label

    @property
    def when_paid(self) -> str:
        """`when`, less the deadline a one-off's details say on their own line."""
        if self.first.category == "one_off":
            return _("一次性发放")
        return self.when

    @property
    def when(self) -> str:
        """When it is paid or taken, in plain words."""
        first, lang = self.first, self.lang
        if first.category == "leave":
            starts = [e.start for e in self.entries if e.start]
            ends = [e.end for e in self.entries if e.start]
            if not starts:
                return ""
            start = min(starts)
            end = None if None in ends else last_day(max(e for e in ends if e))
            if end is None:
                return _("%(start)s起") % {"start": fmt_date(start, lang)}
            return f"{fmt_date(start, lang)} – {fmt_date(end, lang)}"
        if first.category == "one_off":
            if first.apply_by and first.deadline_passed:
                return _("一次性发放；申请期限（%(day)s）已过") % {
                    "day": fmt_date(first.apply_by, lang)
                }
            if first.apply_by:
                return _("一次性发放；最晚%(day)s申请") % {"day": fmt_date(first.apply_by, lang)}
            return _("一次性发放")
        payments = list(first.payments)
        if not payments or first.period_amount is None:
            return ""
        values = {
            "amount": fmt_money(first.period_amount),
            "first": text.fmt_month(payments[0].start, lang),
            "last": text.fmt_month(payments[-1].start, lang),
            "n": len(payments),
        }
        if first.period == "month":
            return (
                ngettext(
                    "每月%(amount)s元，%(first)s至%(last)s，共%(n)s个月",
                    "每月%(amount)s元，%(first)s至%(last)s，共%(n)s个月",
                    len(payments),
                )
                % values
            )
        return (
            ngettext(
                "每年%(amount)s元，%(first)s至%(last)s，共%(n)s次",
                "每年%(amount)s元，%(first)s至%(last)s，共%(n)s次",
                len(payments),
            )
            % values
        )

    @property
    def event(self) -> str:
        """What a one-off is decided by, in plain words: "按孩子的出生日期（2024年7月1日）"."""
        first = self.first
        if first.category != "one_off" or first.start is None:
            return ""
        day = fmt_date(first.start, self.lang)
        if self.pregnancy:
            return _("按怀孕的时间计算：怀孕到生育的约280天与本项的适用期间有重叠即可")
        if self.estimate:
            return _("按预产期（%(day)s）计算") % {"day": day}
        return _("按孩子的出生日期（%(day)s）计算") % {"day": day}

    @property
    def yearly(self) -> Decimal | None:
        """What an allowance pays in a year, while it is still paying on the day asked."""
        first = self.first
        if first.category != "recurring" or first.period_amount is None or not first.payments:
            return None
        end = first.payments[-1].end
        if self.as_of and end <= self.as_of:
            return None
        return first.period_amount * (12 if first.period == "month" else 1)

    @property
    def reasons(self) -> list[str]:
        """Why, once: a leave's parts often repeat the base's facts and add one (the national 98
        days "母亲在职", the province's "母亲在职，母亲的用人单位在金水区"), so a reason another part
        already says in full is left out."""
        reasons = list(dict.fromkeys(e.reason for e in self.entries if e.reason))
        return [r for r in reasons if not any(o != r and o.startswith(r) for o in reasons)]

    @property
    def notes(self) -> list[str]:
        seen: list[str] = []
        for entry in self.entries:
            seen.extend(n for n in entry.notes if n not in seen)
        return seen

    @property
    def citations(self) -> list[CitationView]:
        """Each clause once: the parts of a leave often cite the same clause (红河 二（二）4)."""
        seen: dict[tuple[str, str, str], CitationView] = {}
        for entry in self.entries:
            view = citation_view(entry.citation, self.lang)
            seen.setdefault(view.key, view)
        return list(seen.values())

    @property
    def claim(self) -> Any:
        return self.first.claim

    @property
    def claim_clause(self) -> str:
        """The clause that says how to claim, as the page's language numbers it."""
        claim = self.first.claim
        clause = claim.clause if claim else ""
        return clause_in_english(clause) if clause and self.lang == "en" else clause

    @property
    def documents(self) -> list[str]:
        return self.first.documents

    @property
    def claim_url(self) -> str:
        """Where to claim or read more: the program's own page, else its document's."""
        claim = self.first.claim
        return (claim.url if claim and claim.url else "") or (self.first.citation.url or "")


def citation_view(citation: Citation, lang: str) -> CitationView:
    number = citation.document if citation.document != citation.title else ""
    clause = citation.clause
    if lang == "en" and clause:
        clause = clause_in_english(clause)
    title = citation.title_in(lang)
    return CitationView(
        number=number,
        title=title,
        title_lang="en" if lang == "en" and title == citation.title_en else "zh-Hans",
        clause=clause,
        text=citation.text,
        url=citation.url,
        confidence=citation.confidence,
    )


_CN_DIGITS = {c: n for n, c in enumerate("零一二三四五六七八九")}


def cn_to_int(numeral: str) -> int | None:
    """一 to 九十九 as a number (二十五: 25); None for what is not one."""
    if numeral.isdigit():
        return int(numeral)
    if not numeral or any(c not in _CN_DIGITS and c != "十" for c in numeral):
        return None
    if "十" not in numeral:
        return _CN_DIGITS[numeral] if len(numeral) == 1 else None
    tens, _ten, ones = numeral.partition("十")
    return (_CN_DIGITS.get(tens, 0) if tens else 1) * 10 + (_CN_DIGITS.get(ones, 0) if ones else 0)


ARTICLE = re.compile(r"^第(.+?)条(?:第(.+?)款)?$")
SECTION = re.compile(r"^([一二三四五六七八九十]+)((?:[（(][一二三四五六七八九十]+[)）])*)(\d*)$")


def clause_in_english(clause: str) -> str:
    """第二十五条 as "Article 25", 第十八条第二款 "Article 18(2)", 二（七） "section 2(7)",
    二（二）4 "section 2(2)4"; anything else as the document writes it."""
    if match := ARTICLE.match(clause):
        article, paragraph = cn_to_int(match[1]), match[2] and cn_to_int(match[2])
        if article is not None:
            return f"Article {article}" + (f"({paragraph})" if paragraph else "")
    if match := SECTION.match(clause):
        numbers = [cn_to_int(match[1])] + [
            cn_to_int(part) for part in re.findall(r"[（(]([^)）]+)[)）]", match[2])
        ]
        if all(n is not None for n in numbers):
            head, *subs = numbers
            return f"section {head}" + "".join(f"({n})" for n in subs) + match[3]
    return clause


def fmt_money(amount: Decimal | None) -> str:
    return "" if amount is None else text.fmt_money(amount)


def fmt_date(day: date | None, lang: str) -> str:
    return "" if day is None else text.fmt_date(day, lang)


def last_day(end: date | None) -> date | None:
    """Engine windows end on the first day no longer covered; people read the last day covered."""
    return None if end is None else end - timedelta(days=1)


MULTIPLE_BIRTH: dict[int, tuple[Promise, Promise]] = {
    # (one baby of the birth, the birth)
    2: (gettext_lazy("双胞胎之一"), gettext_lazy("双胞胎")),
    3: (gettext_lazy("三胞胎之一"), gettext_lazy("三胞胎")),
    4: (gettext_lazy("四胞胎之一"), gettext_lazy("四胞胎")),
}


def child_label(
    evaluation: Evaluation, child: Any, lang: str, *, babies: int = 1, whole_birth: bool = False
) -> str:
    """ "第二个孩子（2024年7月1日出生）": the order in the engine's words, as its reasons say it;
    a baby of twins "（双胞胎之一，…）", and what is given for the whole delivery (the mother's
    leave) "双胞胎：第二、第三个孩子（…）"."""
    order = evaluation.birth_orders.get(child.index)
    who = capfirst(text.ordinal_child(order, lang)) if order else _("孩子")
    day = text.fmt_date(child.date, lang)
    when = (_("%(day)s出生") if child.born else _("预产期%(day)s")) % {"day": day}
    if babies > 1:
        one, birth = MULTIPLE_BIRTH.get(babies, MULTIPLE_BIRTH[4])
        if whole_birth and order:
            orders = [text.ordinal_child(order + n, lang) for n in range(babies)]
            if lang == "en":
                words = [o.removesuffix(" child") for o in orders]
                who = f"{', '.join(words[:-1])} and {words[-1]} children"
            else:
                who = "、".join(o.removesuffix("个孩子") for o in orders[:-1]) + "、" + orders[-1]
            return _("%(birth)s：%(who)s（%(when)s）") % {
                "birth": capfirst(str(birth)),
                "who": who,
                "when": when,
            }
        return _("%(who)s（%(twin)s，%(when)s）") % {"who": who, "twin": one, "when": when}
    return _("%(who)s（%(when)s）") % {"who": who, "when": when}


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
    "national": gettext_lazy("国家"),
    "province": gettext_lazy("省级"),
    "city": gettext_lazy("市级"),
    "county": gettext_lazy("县级"),
}


@dataclass
class Group:
    """Entitlements of one kind in the short list and in the details: money, leave, other
    support (what an employer may grant, and support paid for the family)."""

    key: str
    title: str
    items: list[Item] = field(default_factory=list)
    intro: str = ""

    @cached_property
    def benefits(self) -> list[Benefit]:
        """The items of one benefit together (the national subsidy of each child, the mother's
        maternity leave at each birth), for the details: how to claim it is said once."""
        found: dict[str, Benefit] = {}
        for item in self.items:
            title = item.benefit_title
            if title not in found:
                found[title] = Benefit(title, [], anchor=f"{item.anchor}-all")
            found[title].items.append(item)
        return list(found.values())


@dataclass
class Benefit:
    """One benefit in the details: its items (a child's, a parent's) and, once, how to claim it,
    its readings and its citations."""

    title: str
    items: list[Item]
    anchor: str = ""
    # The same benefit for the children already born, whose details say how to claim it: an
    # estimate for a child not yet born points there rather than saying it all again.
    claimed_above: Benefit | None = None

    @property
    def first(self) -> Item:
        return self.items[0]

    @property
    def place(self) -> str:
        places: list[str] = []
        for item in self.items:
            places.extend(p for p in item.place.split(" + ") if p not in places)
        return " + ".join(places)

    @property
    def status(self) -> str:
        """The items' status where they all share it, else ""."""
        statuses = {item.status for item in self.items}
        return statuses.pop() if len(statuses) == 1 else ""

    @property
    def status_label(self) -> str:
        return str(STATUSES[self.status]) if self.status else ""

    @property
    def basis_note(self) -> str:
        """What an employer may grant, and support paid for the family, said in plain words."""
        basis = self.first.first.basis
        if basis == "employer_may":
            return _(
                "文件规定用人单位“可以”给予这项待遇：给不给由单位决定，不是您家一定能得到的，"
                "所以没有计入合计。可以向单位询问。"
            )
        if basis == "in_kind":
            return _(
                "这项补贴直接支付给保险公司或服务机构，用在您家孩子身上，"
                "不是发给您家的现金，所以没有计入合计。"
            )
        return ""

    @property
    def notes(self) -> list[str]:
        return list(dict.fromkeys(n for item in self.items for n in item.notes))

    @property
    def citations(self) -> list[CitationView]:
        seen: dict[tuple[str, str, str], CitationView] = {}
        for item in self.items:
            for view in item.citations:
                seen.setdefault(view.key, view)
        return list(seen.values())

    @property
    def scheduled(self) -> list[Item]:
        """The items with a payment schedule (allowances)."""
        return [item for item in self.items if item.first.payments]


@dataclass
class Money:
    """The family's cash: one-off and recurring totals, and what the allowances pay a year."""

    one_off: Decimal
    recurring: Decimal
    yearly: Decimal

    @property
    def total(self) -> Decimal:
        return self.one_off + self.recurring


def _groups() -> dict[str, Group]:
    return {
        "money": Group("money", _("补贴")),
        "leave": Group("leave", _("假期")),
        "other": Group(
            "other",
            _("其他支持"),
            intro=_(
                "下面这些不是一定发给您家的现金或假期：有的由用人单位决定给不给，"
                "有的直接支付给保险公司或服务机构，所以没有计入合计。"
            ),
        ),
    }


def _group_of(item: Item) -> str:
    if item.first.basis != "entitlement":
        return "other"
    return "leave" if item.first.category == "leave" else "money"


def _money(items: list[Item]) -> Money:
    cash = [i for i in items if i.first.counted_cash]
    return Money(
        one_off=sum(
            (i.first.amount or Decimal(0) for i in cash if i.first.category == "one_off"),
            Decimal(0),
        ),
        recurring=sum(
            (i.first.amount or Decimal(0) for i in cash if i.first.category == "recurring"),
            Decimal(0),
        ),
        yearly=sum((i.yearly or Decimal(0) for i in cash), Decimal(0)),
    )


def _items(household: Household, evaluation: Evaluation) -> tuple[list[Item], list[Item]]:
    """The eligible entitlements as the page lists them (a leave's parts and a parent's 育儿假
    stretches as one item), in the engine's order; and the missed ones."""
    lang = evaluation.lang
    places = places_get()
    family = household_family(household=household)
    births = {birth.first.index: birth for birth in family.births}
    babies = {child.index: birth.babies for birth in family.births for child in birth.children}
    rows = children_rows(household=household)

    def label(entry: Entitlement) -> str:
        if entry.child is None:
            return ""
        child = family.children[entry.child]
        whole = entry.kind in PER_BIRTH_KINDS and entry.child in births
        return child_label(
            evaluation, child, lang, babies=babies.get(entry.child, 1), whole_birth=whole
        )

    rules = rules_current().by_slug

    def pregnancy(entry: Entitlement) -> bool:
        rule = rules.get(entry.program)
        return rule is not None and getattr(rule.params, "event", "") == "pregnancy"

    grouped: dict[tuple[Any, ...], Item] = {}
    missed: list[Item] = []
    for entry in evaluation.entitlements:
        place = places.name(entry.jurisdiction, lang)
        if not entry.eligible:
            changes = [
                (change_message(c, places=places, lang=lang), _change_link(c, rows))
                for c in entry.changes
            ]
            missed.append(
                Item(entry.name, [entry], label(entry), place, changes, evaluation.as_of, lang)
            )
            continue
        if (
            entry.category == "leave"
            and entry.leave_type in LEAVE_TYPES
            and entry.basis == "entitlement"
        ):
            # A family's 育儿假 stretch that has ended stands apart from the one still running.
            over = entry.leave_type == "parental" and entry.status(evaluation.as_of) == "past"
            key: tuple[Any, ...] = ("leave", entry.child, entry.leave_type, entry.parent, over)
            title = str(LEAVE_TYPES[entry.leave_type])
            if entry.parent:
                title = _("%(role)s的%(leave)s") % {
                    "role": ROLE_NAMES[entry.parent],
                    "leave": title,
                }
        else:
            key = ("program", entry.child, entry.program, entry.parent)
            title = entry.name
        if key in grouped:
            grouped[key].entries.append(entry)
            if place not in grouped[key].place.split(" + "):
                grouped[key].place += f" + {place}"
        else:
            grouped[key] = Item(
                title,
                [entry],
                label(entry),
                place,
                as_of=evaluation.as_of,
                lang=lang,
                pregnancy=pregnancy(entry),
            )
    items = list(grouped.values())
    for n, item in enumerate(items, start=1):
        item.anchor = f"benefit-{n}"
    for n, item in enumerate(missed, start=1):
        item.anchor = f"missed-{n}"
    return items, missed


def present(
    household: Household, evaluation: Evaluation, *, shared: bool = False
) -> dict[str, Any]:
    """The results page: the short list first (money, leave, other support; estimates for a
    child not yet born apart; leave that has ended apart), then each entitlement's details and
    how to claim it, then what the family cannot get and why. `shared`: the read-only page,
    which says nothing of where each parent's hukou or work is."""
    lang = evaluation.lang
    places = places_get()
    items, missed = _items(household, evaluation)
    confirmed, estimates = _groups(), _groups()
    ended: list[Item] = []
    for item in items:
        if item.ended:
            ended.append(item)
        elif item.estimate:
            estimates[_group_of(item)].items.append(item)
        else:
            confirmed[_group_of(item)].items.append(item)
    above = {b.title: b for g in confirmed.values() for b in g.benefits}
    for benefit in (b for g in estimates.values() for b in g.benefits):
        benefit.claimed_above = above.get(benefit.title)
    money = _money([i for g in confirmed.values() for i in g.items])
    estimated = _money([i for g in estimates.values() for i in g.items])
    too_late = sum(
        (
            i.first.amount or Decimal(0)
            for i in confirmed["money"].items
            if i.first.counted_cash and i.deadline_passed
        ),
        Decimal(0),
    )
    return {
        "groups": [g for g in confirmed.values() if g.items],
        "estimates": [g for g in estimates.values() if g.items],
        "ended": ended,
        "missed": missed,
        "money": money,
        "estimated": estimated,
        "total_one_off": fmt_money(money.one_off),
        "total_recurring": fmt_money(money.recurring),
        "total_yearly": fmt_money(money.yearly) if money.yearly else "",
        "total_estimated": fmt_money(estimated.total) if estimated.total else "",
        "total_too_late": fmt_money(too_late) if too_late else "",
        "any_estimate": bool(estimates["money"].items or estimates["leave"].items)
        or bool(estimates["other"].items),
        "place": place_name(household.jurisdiction_id, lang),
        "considered": [] if shared else considered_places(household, evaluation, lang),
        "uncovered": [places.name(code, lang) for code in evaluation.uncovered_provinces],
        "coverage": [
            (str(LEVEL_NAMES[c.level]), places.name(c.code, lang), c.modelled)
            for c in evaluation.coverage
        ],
        "as_of": fmt_date(evaluation.as_of, lang),
        "lang": lang,
        "shared": shared,
    }
