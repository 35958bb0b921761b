"""The family's payments and leave windows as an iCalendar file (RFC 5545), via `icalendar`.

One all-day VEVENT per payment period start and per leave window. UIDs are stable for one
household and entitlement, so importing the file again updates rather than duplicates.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta

from icalendar import Calendar, Event

from apps.benefits.engine import Entitlement, Evaluation, text
from apps.households.models import Household
from apps.households.results import leave_periods

DOMAIN = "fertility-benefits.local"


def calendar(household: Household, evaluation: Evaluation, *, now: datetime) -> str:
    lang = evaluation.lang
    stamp = now.astimezone(UTC).replace(microsecond=0)
    family_id = hashlib.sha256(household.token.encode()).hexdigest()[:16]
    cal = Calendar()
    cal.add("version", "2.0")
    cal.add("prodid", "-//fertility-benefits//questionnaire//ZH")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", "生育支持待遇" if lang != "en" else "Family benefits")

    def event(uid: str, start: date, end: date, summary: str, description: str) -> None:
        vevent = Event()
        vevent.add("uid", f"{uid}@{DOMAIN}")
        vevent.add("dtstamp", stamp)
        vevent.add("dtstart", start)
        vevent.add("dtend", end)
        vevent.add("summary", summary)
        vevent.add("description", description)
        vevent.add("transp", "TRANSPARENT")
        cal.add_component(vevent)

    yuan = " yuan" if lang == "en" else "元"
    owed = [e for e in evaluation.entitlements if e.eligible and e.basis == "entitlement"]
    parental: dict[str | None, list[Entitlement]] = {}
    for entry in owed:
        base = f"{family_id}-{entry.program}-{entry.child}-{entry.parent or 'family'}"
        cite = f"{entry.citation.document} {entry.citation.clause}".strip()
        if entry.payments:
            for n, payment in enumerate(entry.payments):
                event(
                    f"{base}-{n}",
                    payment.start,
                    payment.start + timedelta(days=1),
                    f"{entry.name} {text.fmt_money(payment.amount)}{yuan}",
                    f"{entry.reason}\n{cite}",
                )
        elif entry.leave_type == "parental" and entry.start:
            parental.setdefault(entry.parent, []).append(entry)
        elif entry.category == "leave" and entry.start:
            end = entry.end or entry.start + timedelta(days=entry.days or 1)
            days = f" ({entry.days})" if entry.days else ""
            event(
                f"{base}-leave", entry.start, end, f"{entry.name}{days}", f"{entry.reason}\n{cite}"
            )
        elif entry.category == "one_off" and entry.start and entry.amount is not None:
            event(
                f"{base}-once",
                entry.start,
                entry.start + timedelta(days=1),
                f"{entry.name} {text.fmt_money(entry.amount)}{yuan}",
                f"{entry.reason}\n{cite}",
            )
    # 育儿假 as the results page shows it: one event per stretch with its days a year.
    for parent, entries in parental.items():
        by_child: dict[int | None, list[Entitlement]] = {}
        for entry in entries:
            by_child.setdefault(entry.child, []).append(entry)
        for child, parts in by_child.items():
            who = text.pick(text.ROLE[parent], lang) if parent else ""
            name = text.pick(("育儿假", "parental leave"), lang)
            cite = "; ".join(
                dict.fromkeys(f"{e.citation.document} {e.citation.clause}".strip() for e in parts)
            )
            reasons = "\n".join(dict.fromkeys(e.reason for e in parts))
            for period in leave_periods(parts):
                end = period.end or period.start + timedelta(days=1)
                per_year = text.pick((f"{period.days}天/年", f"{period.days} days a year"), lang)
                event(
                    f"{family_id}-parental-{child}-{parent}-{period.start:%Y%m%d}",
                    period.start,
                    end,
                    f"{who} {name} {per_year}".strip(),
                    f"{reasons}\n{cite}",
                )
    # Properties in the order added (as the hand-written file had them); the library escapes
    # TEXT values and folds lines at 75 octets.
    return cal.to_ical(sorted=False).decode()
