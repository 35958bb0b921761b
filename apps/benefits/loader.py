"""Loading policy files: validate every object, then load all of them atomically or nothing.

A policy file is a Django fixture with natural keys: one `benefits.policydocument` and the
`benefits.program` objects it sets. The file is the whole truth about its document: a program
of that document missing from the file is removed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ForeignKey

from apps.benefits.models import PolicyDocument, Program
from apps.benefits.places import places_get

DOCUMENT, PROGRAM = "benefits.policydocument", "benefits.program"
DOCUMENT_FIELDS = {f.name for f in PolicyDocument._meta.concrete_fields} - {"id", "updated_at"}
PROGRAM_FIELDS = {f.name for f in Program._meta.concrete_fields} - {"id", "updated_at"}


@dataclass
class LoadReport:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


class _Rollback(Exception):
    pass


def policy_load(*, paths: list[Path], dry_run: bool = False) -> LoadReport:
    """Load the files; on any error, or on a dry run, the database is left exactly as it was."""
    report = LoadReport()
    try:
        with transaction.atomic():
            for path in paths:
                _load_file(path, report)
            if report.ok:
                _check_references(report)
            if dry_run or not report.ok:
                raise _Rollback
    except _Rollback:
        pass
    return report


def _label(path: Path, index: int, obj: Any) -> str:
    fields = obj.get("fields", {}) if isinstance(obj, dict) else {}
    name = fields.get("slug") or fields.get("key") or "?"
    model = obj.get("model", "?") if isinstance(obj, dict) else "?"
    return f"{path}: object {index} ({model} {name!r})"


def _load_file(path: Path, report: LoadReport) -> None:
    try:
        objects = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        report.errors.append(f"{path}: cannot be read as JSON: {exc}")
        return
    if not isinstance(objects, list):
        report.errors.append(f"{path}: a policy file is a JSON list of objects")
        return
    documents = [
        (i, o) for i, o in enumerate(objects) if isinstance(o, dict) and o.get("model") == DOCUMENT
    ]
    if len(documents) != 1:
        report.errors.append(f"{path}: holds {len(documents)} policy documents; one per file")
        return
    for i, obj in enumerate(objects):
        if not isinstance(obj, dict) or obj.get("model") not in (DOCUMENT, PROGRAM):
            report.errors.append(f"{_label(path, i, obj)}: model must be {DOCUMENT} or {PROGRAM}")
        elif not isinstance(obj.get("fields"), dict):
            report.errors.append(f"{_label(path, i, obj)}: has no fields object")
    if report.errors:
        return
    doc_index, doc_obj = documents[0]
    document = _save(path, doc_index, doc_obj, PolicyDocument, DOCUMENT_FIELDS, "key", report)
    if document is None:
        return
    slugs = set()
    for i, obj in enumerate(objects):
        if obj["model"] != PROGRAM:
            continue
        fields = dict(obj["fields"])
        ref = fields.get("document")
        if ref not in ([document.key], document.key):
            report.errors.append(
                f"{_label(path, i, obj)} field document: must be [{document.key!r}], "
                f"the document of this file"
            )
            continue
        fields["document"] = document
        program = _save(path, i, {**obj, "fields": fields}, Program, PROGRAM_FIELDS, "slug", report)
        if program is not None:
            slugs.add(program.slug)
            if program.jurisdiction_id and not _within(program.jurisdiction_id, document):
                report.errors.append(
                    f"{_label(path, i, obj)} field jurisdiction: {program.jurisdiction_id} is not "
                    f"inside the document's {document.jurisdiction_id}"
                )
    for gone in Program.objects.filter(document=document).exclude(slug__in=slugs):
        report.removed.append(f"program {gone.slug}")
        gone.delete()


def _within(code: str, document: PolicyDocument) -> bool:
    return places_get().within(code, document.jurisdiction_id)


def _save(
    path: Path,
    index: int,
    obj: dict[str, Any],
    model: type[PolicyDocument] | type[Program],
    allowed: set[str],
    key: str,
    report: LoadReport,
) -> Any:
    label = _label(path, index, obj)
    fields = obj["fields"]
    unknown = set(fields) - allowed
    if unknown:
        report.errors.append(f"{label} field {sorted(unknown)[0]}: unknown field")
        return None
    if not fields.get(key):
        report.errors.append(f"{label} field {key}: required")
        return None
    instance = model.objects.filter(**{key: fields[key]}).first()
    is_new = instance is None
    before = _snapshot(instance, allowed) if instance else None
    instance = instance or model()
    for name, value in fields.items():
        model_field = model._meta.get_field(name)
        if isinstance(model_field, ForeignKey) and not isinstance(value, PolicyDocument):
            setattr(instance, model_field.attname, value)
        else:
            setattr(instance, name, value)
    try:
        instance.full_clean()
    except ValidationError as exc:
        for field_name, messages in exc.message_dict.items():
            for message in messages:
                # Program.clean says "params.amounts.2: ..." under "params": name the deepest.
                where, _, detail = message.partition(": ")
                if not (detail and re.split(r"[.\[]", where)[0] == field_name):
                    where, detail = field_name, message
                report.errors.append(f"{label} field {where}: {detail}")
        return None
    name = f"{model._meta.model_name} {fields[key]}"
    if is_new:
        report.added.append(name)
    elif _snapshot(instance, allowed) != before:
        report.changed.append(name)
    else:
        report.unchanged.append(name)
        return instance
    instance.save()
    return instance


def _snapshot(instance: Any, allowed: set[str]) -> dict[str, Any]:
    values = {}
    for name in sorted(allowed):
        model_field = instance._meta.get_field(name)
        value = getattr(instance, model_field.attname)
        values[name] = json.dumps(model_field.to_python(value), sort_keys=True, default=str)
    return values


def _check_references(report: LoadReport) -> None:
    """Programs may name others (replaces, replaced_by): each must exist once all are loaded.
    A restatement replaces a rule tied to the family the same way (where it lives, or where a
    parent works), so that it stands in for it exactly where it applies; a rule tied by hukou
    is never replaced (two hukou grants of one programme are a paid-once group instead)."""
    follows = dict(Program.objects.values_list("slug", "follows"))
    for program in Program.objects.select_related("document"):
        names = [("replaces", s) for s in program.replaces]
        if program.params.get("replaced_by"):
            names.append(("params.replaced_by", program.params["replaced_by"]))
        label = f"program {program.slug} (document {program.document.key}) field"
        for field_name, slug in names:
            if slug not in follows:
                report.errors.append(f"{label} {field_name}: no program {slug!r} is loaded")
            elif field_name == "replaces" and (
                program.follows == "hukou" or follows[slug] != program.follows
            ):
                report.errors.append(
                    f"{label} {field_name}: {slug!r} follows {follows[slug]}, this program "
                    f"{program.follows}; a restatement follows the same place as the rule it "
                    "replaces, residence or employer"
                )
