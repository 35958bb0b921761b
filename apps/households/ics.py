"""The family's payments, claim deadlines and leave as an iCalendar file (RFC 5545), via
`icalendar`.

What is still to come on the day asked, nothing past: one all-day event per payment date of an
allowance (not one block over three years), the last day to claim a grant that has a deadline,
and each parent's leave as one event over its days, saying whose it is and its unit ("母亲 产假
188天", "母亲 育儿假 10天/年", "母亲 哺乳时间 每个工作日2小时"). UIDs are stable for one household
and entitlement, so importing the file again updates rather than duplicates.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta

from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from icalendar import Calendar, Event

from apps.benefits.engine import Entitlement, Evaluation, text
from apps.households.models import Household
from apps.households.questionnaire import ROLE_NAMES
from apps.households.results import LEAVE_TYPES, citation_view, leave_periods

DOMAIN = "fertility-benefits.local"
DAY = timedelta(days=1)


def _cite(entries: list[Entitlement], lang: str) -> str:
    cited = []
    for entry in entries:
        view = citation_view(entry.citation, lang)
        cited.append(" ".join(p for p in (view.number or view.title, view.clause) if p))
    return "; ".join(dict.fromkeys(cited))


def _leave_name(entry: Entitlement) -> str:
    return str(LEAVE_TYPES[entry.leave_type]) if entry.leave_type in LEAVE_TYPES else entry.name


def _days(days: int) -> str:
    return ngettext("%(days)s天", "%(days)s天", days) % {"days": days}


def calendar(household: Household, evaluation: Evaluation, *, now: datetime) -> str:
    lang = evaluation.lang
    with translation.override("en" if lang == "en" else "zh-hans"):
        return _calendar(household, evaluation, now=now)


def _calendar(household: Household, evaluation: Evaluation, *, now: datetime) -> str:
    lang, today = evaluation.lang, evaluation.as_of
    stamp = now.astimezone(UTC).replace(microsecond=0)
    family_id = hashlib.sha256(household.token.encode()).hexdigest()[:16]
    cal = Calendar()
    cal.add("version", "2.0")
    cal.add("prodid", "-//fertility-benefits//questionnaire//ZH")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", _("生育支持待遇"))

    def event(uid: str, start: date, end: date, summary: str, description: str) -> None:
        if end <= today:
            return  # past: left out
        vevent = Event()
        vevent.add("uid", f"{uid}@{DOMAIN}")
        vevent.add("dtstamp", stamp)
        vevent.add("dtstart", start)
        vevent.add("dtend", end)
        vevent.add("summary", summary)
        vevent.add("description", description)
        vevent.add("transp", "TRANSPARENT")
        cal.add_component(vevent)

    def where(entry: Entitlement) -> str:
        return (_("向谁申请：%(where)s") % {"where": entry.claim.where}) if entry.claim else ""

    def describe(entries: list[Entitlement]) -> str:
        reasons = list(dict.fromkeys(e.reason for e in entries if e.reason))
        reasons = [r for r in reasons if not any(o != r and o.startswith(r) for o in reasons)]
        return "\n".join([*reasons, where(entries[0]), _cite(entries, lang)]).strip()

    def money(amount: object) -> str:
        return _("%(amount)s元") % {"amount": text.fmt_money(amount)}  # type: ignore[arg-type]

    owed = [e for e in evaluation.entitlements if e.eligible and e.basis == "entitlement"]
    stretches: dict[tuple[int | None, str | None, str | None], list[Entitlement]] = {}
    parental: dict[str | None, list[Entitlement]] = {}
    for entry in owed:
        base = f"{family_id}-{entry.program}-{entry.child}-{entry.parent or 'family'}"
        if entry.payments:
            for n, payment in enumerate(entry.payments):
                summary = f"{entry.name} {money(payment.amount)}"
                event(f"{base}-{n}", payment.start, payment.start + DAY, summary, describe([entry]))
        elif entry.category == "one_off" and entry.amount is not None:
            if entry.apply_by and not entry.deadline_passed:
                summary = _("%(name)s %(amount)s：最后申请日") % {
                    "name": entry.name,
                    "amount": money(entry.amount),
                }
                event(
                    f"{base}-apply-by",
                    entry.apply_by,
                    entry.apply_by + DAY,
                    summary,
                    describe([entry]),
                )
            elif entry.start and entry.start >= today:
                summary = f"{entry.name} {money(entry.amount)}"
                event(f"{base}-once", entry.start, entry.start + DAY, summary, describe([entry]))
        elif entry.leave_type == "parental" and entry.start:
            parental.setdefault(entry.parent, []).append(entry)
        elif entry.category == "leave" and entry.start:
            stretches.setdefault((entry.child, entry.parent, entry.leave_type), []).append(entry)
    # A parent's leave at one birth in one event: the national days and the province's
    # extension are taken in one stretch (as the results page sums them).
    for (child, parent, _leave_type), parts in stretches.items():
        first = parts[0]
        start = min(p.start for p in parts if p.start)
        end = max((p.end for p in parts if p.end), default=start + DAY)
        who = str(ROLE_NAMES[parent]) if parent else ""
        if first.hours_per_day:
            unit = ngettext(
                "每个工作日%(hours)s小时", "每个工作日%(hours)s小时", first.hours_per_day
            ) % {"hours": first.hours_per_day}
        else:
            days = sum(p.days or 0 for p in parts)
            unit = _days(days) if days else ""
        summary = _("%(who)s %(leave)s %(unit)s") % {
            "who": who,
            "leave": _leave_name(first),
            "unit": unit,
        }
        uid = f"{family_id}-leave-{first.leave_type}-{child}-{parent or 'family'}"
        event(uid, start, end, summary.strip(), describe(parts))
    # 育儿假 as the results page shows it: one event per stretch with its days a year.
    for parent, entries in parental.items():
        by_child: dict[int | None, list[Entitlement]] = {}
        for entry in entries:
            by_child.setdefault(entry.child, []).append(entry)
        who = str(ROLE_NAMES[parent]) if parent else ""
        for child, parts in by_child.items():
            for period in leave_periods(parts):
                end = period.end or period.start + DAY
                per_year = ngettext("%(days)s天/年", "%(days)s天/年", period.days) % {
                    "days": period.days
                }
                summary = _("%(who)s %(leave)s %(unit)s") % {
                    "who": who,
                    "leave": LEAVE_TYPES["parental"],
                    "unit": per_year,
                }
                event(
                    f"{family_id}-parental-{child}-{parent}-{period.start:%Y%m%d}",
                    period.start,
                    end,
                    summary.strip(),
                    describe(parts),
                )
    # Properties in the order added (as the hand-written file had them); the library escapes
    # TEXT values and folds lines at 75 octets.
    return cal.to_ical(sorted=False).decode()
