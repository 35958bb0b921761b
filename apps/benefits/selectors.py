"""Reads of the policy data: the rule set the engine runs on, cached per process and rebuilt
whenever a document or program changes."""

from __future__ import annotations

import hashlib
import json
import threading
from datetime import date

from django.db.models import Count, Max

from apps.benefits.engine import Program, RuleSet
from apps.benefits.models import PolicyDocument
from apps.benefits.models import Program as ProgramRow
from apps.benefits.policy_files import program_from_fields

ENGINE_FIELDS = (
    "slug",
    "name_zh",
    "name_en",
    "category",
    "kind",
    "params",
    "clause",
    "clause_text",
    "clause_confidence",
    "events_from",
    "events_to",
    "conditions",
    "replaces",
    "paid_once_group",
    "notes",
    "follows",
    "basis",
    "apply_within_days",
    "apply_by",
)

_lock = threading.Lock()
_cache: dict[str, object] = {}


def program_to_engine(row: ProgramRow) -> Program:
    fields = {f: getattr(row, f) for f in ENGINE_FIELDS}
    fields["jurisdiction"] = row.jurisdiction_id
    document = row.document
    return program_from_fields(
        fields, {"number": document.number, "title": document.title, "url": document.url}
    )


def rules_build(rows: list[ProgramRow]) -> RuleSet:
    """A rule set from program rows (saved or not): what the impact preview runs a change on."""
    programs = tuple(program_to_engine(row) for row in rows)
    return RuleSet(programs, version=rules_version(rows))


def rules_version(rows: list[ProgramRow]) -> str:
    """The day the rules last changed and a short hash of their content: '2026-11-20.3f2a9c1'."""
    canonical = json.dumps(
        [
            [
                r.slug,
                r.document.key,
                r.jurisdiction_id,
                r.clause,
                r.clause_confidence,
                r.category,
                r.kind,
                r.params,
                str(r.events_from),
                str(r.events_to),
                r.conditions,
                r.replaces,
                r.paid_once_group,
                r.name_zh,
                r.name_en,
                r.notes,
                r.follows,
                r.basis,
                r.apply_within_days,
                str(r.apply_by),
            ]
            for r in sorted(rows, key=lambda r: r.slug)
        ],
        sort_keys=True,
        ensure_ascii=False,
    )
    digest = hashlib.sha1(canonical.encode(), usedforsecurity=False).hexdigest()[:7]
    changed = [r.updated_at.date() for r in rows if r.updated_at] or [date.today()]
    return f"{max(changed).isoformat()}.{digest}"


def rules_current() -> RuleSet:
    stamp = (
        ProgramRow.objects.aggregate(n=Count("id"), last=Max("updated_at")),
        PolicyDocument.objects.aggregate(n=Count("id"), last=Max("updated_at")),
    )
    with _lock:
        if _cache.get("stamp") != stamp:
            rows = list(ProgramRow.objects.select_related("document").order_by("slug"))
            _cache["rules"] = rules_build(rows)
            _cache["stamp"] = stamp
        return _cache["rules"]  # type: ignore[return-value]
