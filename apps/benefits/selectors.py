"""Reads of the policy data: the rule set the engine runs on, kept per process and built again
whenever a document or program changes (`apps.jurisdictions.versions`)."""

from __future__ import annotations

import hashlib
import json
from datetime import date

from apps.benefits.engine import Rule, RuleSet
from apps.benefits.models import Program
from apps.benefits.policy_files import program_from_fields
from apps.jurisdictions.versions import Kept, versions

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
    "documents",
    "follows",
    "basis",
    "apply_within_days",
    "apply_by",
    "claim",
)

RULES = "rules"  # the DataVersion key of the programs and their documents
_rules: Kept[RuleSet] = Kept()


def program_to_engine(row: Program) -> Rule:
    fields = {f: getattr(row, f) for f in ENGINE_FIELDS}
    fields["jurisdiction"] = row.jurisdiction_id
    document = row.document
    return program_from_fields(
        fields,
        {
            "number": document.number,
            "title": document.title,
            "title_en": document.title_en,
            "url": document.url,
        },
    )


def rules_build(rows: list[Program]) -> RuleSet:
    """A rule set from program rows (saved or not): what the impact preview runs a change on."""
    programs = tuple(program_to_engine(row) for row in rows)
    return RuleSet(programs, version=rules_version(rows))


def rules_version(rows: list[Program]) -> str:
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
                r.documents,
                r.follows,
                r.basis,
                r.apply_within_days,
                str(r.apply_by),
                r.claim,
                r.document.title_en,
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
    """The rule set of the programs loaded now, built once per process until they change."""
    return _rules.get(versions().get(RULES), _rules_load)


def _rules_load() -> RuleSet:
    return rules_build(list(Program.objects.select_related("document").order_by("slug")))


def granting_places() -> frozenset[str]:
    """The places that grant a program: the place selects list them, and what is above them,
    first."""
    return frozenset(program.jurisdiction for program in rules_current().programs)
