"""Policy and jurisdiction files read straight into the engine's plain data, with no database.

The engine's own tests and the benchmark run on exactly the fixtures that `load_policy` loads.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

from apps.benefits.engine import Citation, Claim, Condition, Note, Place, Places, Rule, RuleSet
from apps.benefits.engine.kinds import REGISTRY

ROOT = Path(__file__).resolve().parent.parent.parent
POLICY_DIR = ROOT / "fixtures" / "policies"
JURISDICTIONS = ROOT / "fixtures" / "jurisdictions.json"


def _day(value: str | date | None) -> date | None:
    if isinstance(value, date) or value is None:
        return value
    return date.fromisoformat(value) if value else None


def places_from_file(path: Path = JURISDICTIONS) -> Places:
    rows = json.loads(path.read_text(encoding="utf-8"))
    return Places(
        {
            row["pk"]: Place(
                row["pk"], row["fields"]["name"], row["fields"]["name_en"], row["fields"]["parent"]
            )
            for row in rows
        }
    )


def _note(value: dict[str, str] | None) -> Note | None:
    return Note(value["zh"], value["en"]) if value else None


def claim_from_fields(value: dict[str, Any] | None) -> Claim | None:
    """How to claim, as a policy file writes it (`claim` of a program), for the engine."""
    if not value:
        return None
    return Claim(
        channel=value["channel"],
        how=Note(value["how"]["zh"], value["how"]["en"]),
        where=Note(value["where"]["zh"], value["where"]["en"]),
        pays=Note(value["pays"]["zh"], value["pays"]["en"]),
        time_to_pay=_note(value.get("time_to_pay")),
        url=value.get("url") or "",
        source=value.get("source") or "general",
        clause=value.get("clause") or "",
    )


def program_from_fields(fields: dict[str, Any], document: dict[str, Any]) -> Rule:
    """One engine program from a program's fields and its document's, as in a policy file."""
    f = fields
    return Rule(
        slug=f["slug"],
        name_zh=f["name_zh"],
        name_en=f["name_en"],
        jurisdiction=f["jurisdiction"],
        category=f["category"],
        kind=f["kind"],
        params=REGISTRY[f["kind"]].parse(f["params"]),
        citation=Citation(
            document=document["number"] or document["title"],
            clause=f["clause"],
            title=document["title"],
            url=document["url"] or None,
            text=f["clause_text"],
            confidence=f.get("clause_confidence") or "confirmed",
            title_en=document.get("title_en") or "",
        ),
        events_from=_day(f["events_from"]),
        events_to=_day(f["events_to"]),
        conditions=tuple(Condition(c["subject"], c["hukou_within"]) for c in f["conditions"]),
        replaces=tuple(f["replaces"]),
        paid_once_group=f["paid_once_group"],
        notes=tuple(Note(n["zh"], n["en"]) for n in f["notes"]),
        documents=tuple(Note(d["zh"], d["en"]) for d in f.get("documents") or ()),
        follows=f.get("follows") or "residence",
        basis=f.get("basis") or "entitlement",
        apply_within_days=f.get("apply_within_days"),
        apply_by=_day(f.get("apply_by")),
        claim=claim_from_fields(f.get("claim")),
    )


def rules_from_files(paths: list[Path] | None = None) -> RuleSet:
    programs: list[Rule] = []
    for path in paths or sorted(POLICY_DIR.glob("*.json")):
        objects = json.loads(path.read_text(encoding="utf-8"))
        documents = {
            o["fields"]["key"]: o["fields"]
            for o in objects
            if o["model"] == "benefits.policydocument"
        }
        programs.extend(
            program_from_fields(o["fields"], documents[o["fields"]["document"][0]])
            for o in objects
            if o["model"] == "benefits.program"
        )
    return RuleSet(tuple(programs), version="files")
