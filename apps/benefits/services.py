"""The Django side of the one engine entry point, and the answer in the API's JSON shape.

The questionnaire, the API, the application snapshot and the caseworker's recomputation all
call `entitlements_compute` and present its result with `evaluation_json`.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.translation import get_language

from apps.benefits.engine import (
    Entitlement,
    Evaluation,
    Family,
    HowToClaim,
    Places,
    RuleSet,
    evaluate,
)
from apps.benefits.places import places_get
from apps.benefits.selectors import rules_current
from apps.benefits.wording import change_message


def current_lang() -> str:
    """The engine's language for the request's: "en" for English, else "zh-hans"."""
    return "en" if (get_language() or "").startswith("en") else "zh-hans"


def entitlements_compute(
    *,
    family: Family,
    jurisdiction: str,
    as_of: date,
    lang: str = "zh-hans",
    rules: RuleSet | None = None,
    places: Places | None = None,
) -> Evaluation:
    return evaluate(
        family,
        jurisdiction=jurisdiction,
        as_of=as_of,
        rules=rules or rules_current(),
        places=places or places_get(),
        lang=lang,
    )


def _money(amount: Decimal | None) -> str | None:
    return None if amount is None else f"{amount:.2f}"


def _claim(claim: HowToClaim | None) -> dict[str, Any] | None:
    if claim is None:
        return None
    return {
        "channel": claim.channel,
        "how": claim.how,
        "where": claim.where,
        "pays": claim.pays,
        "time_to_pay": claim.time_to_pay or None,
        "url": claim.url or None,
        "source": claim.source,
        "clause": claim.clause,
    }


def entitlement_json(
    entry: Entitlement, as_of: date, *, places: Places, lang: str
) -> dict[str, Any]:
    citation = entry.citation
    return {
        "program": entry.program,
        "name": entry.name,
        "jurisdiction": entry.jurisdiction,
        "jurisdiction_name": places.name(entry.jurisdiction, lang),
        "category": entry.category,
        "kind": entry.kind,
        "eligible": entry.eligible,
        "basis": entry.basis,
        "child": entry.child,
        "parent": entry.parent,
        "amount": _money(entry.amount),
        "period": entry.period,
        "period_amount": _money(entry.period_amount),
        "periods": entry.periods,
        "payments": [
            {"start": p.start.isoformat(), "end": p.end.isoformat(), "amount": _money(p.amount)}
            for p in entry.payments
        ],
        "leave_type": entry.leave_type,
        "days": entry.days,
        "hours_per_day": entry.hours_per_day,
        "start": entry.start.isoformat() if entry.start else None,
        "end": entry.end.isoformat() if entry.end else None,
        "status": entry.status(as_of),
        "apply_by": entry.apply_by.isoformat() if entry.apply_by else None,
        "deadline_passed": entry.deadline_passed,
        "estimate": entry.estimate,
        "discretionary": entry.basis == "employer_may",
        "reason": entry.reason,
        "notes": list(entry.notes),
        "documents": list(entry.documents),
        "claim": _claim(entry.claim),
        "would_change": [
            {"field": c.field, "message": change_message(c, places=places, lang=lang)}
            for c in entry.changes
        ],
        "citation": {
            "document": citation.document,
            "clause": citation.clause,
            "title": citation.title,
            "title_en": citation.title_en,
            "url": citation.url,
            "confidence": citation.confidence,
        },
    }


def evaluation_json(evaluation: Evaluation, *, jurisdiction: str, places: Places) -> dict[str, Any]:
    path = places.path(jurisdiction)
    lang = evaluation.lang
    here = path[-1]
    return {
        "as_of": evaluation.as_of.isoformat(),
        "rules_version": evaluation.rules_version,
        "lang": lang,
        "jurisdiction": {
            "code": here.code,
            "name": places.name(here.code, lang),
            "path": [{"code": p.code, "name": places.name(p.code, lang)} for p in path],
        },
        "children": [
            {"index": index, "birth_order": order}
            for index, order in sorted(evaluation.birth_orders.items())
        ],
        "entitlements": [
            entitlement_json(e, evaluation.as_of, places=places, lang=lang)
            for e in evaluation.entitlements
        ],
        "totals": {
            "one_off": _money(evaluation.total("one_off")),
            "recurring": _money(evaluation.total("recurring")),
        },
        "coverage": [
            {
                "code": c.code,
                "name": places.name(c.code, lang),
                "level": c.level,
                "modelled": c.modelled,
                "documents": list(c.documents),
            }
            for c in evaluation.coverage
        ],
    }
