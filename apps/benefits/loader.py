"""Loading policy files: every file checked against the schema first, then all of them loaded
atomically, or nothing.

A policy file is a Django fixture with natural keys: one `benefits.policydocument` and the
`benefits.program` objects it sets, as `apps.benefits.policy_schema` defines it. The file is the
whole truth about its document: a field it leaves out takes the model's default, a program of
that document missing from the file is removed, and whatever the database held (an edit saved in
the admin) is overwritten, each field said in the report. A program belongs to its document: a
file may not take another document's program, unless that document's file is loaded with it and
no longer has it (how a program moves).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import ForeignKey

from apps.benefits.models import PolicyDocument, Program
from apps.benefits.places import places_get
from apps.benefits.policy_schema import DOCUMENT, PROGRAM, PolicyFile, policy_file_read

DOCUMENT_FIELDS = {f.name for f in PolicyDocument._meta.concrete_fields} - {"id", "updated_at"}
PROGRAM_FIELDS = {f.name for f in Program._meta.concrete_fields} - {"id", "updated_at"}


@dataclass
class LoadReport:
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    # What each changed row had and what the file says, field by field:
    # {"program x": ["params.amounts.3: 600 → 650", "params.amounts.4: removed (was 600)"]}
    differences: dict[str, list[str]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


class _Rollback(Exception):
    pass


def policy_load(*, paths: list[Path], dry_run: bool = False) -> LoadReport:
    """Load the files; on any error, or on a dry run, the database is left exactly as it was.
    A file that breaks the schema stops the load before the database is touched."""
    report = LoadReport()
    files: list[tuple[Path, PolicyFile]] = []
    for path in paths:
        policy, problems = policy_file_read(path)
        report.errors.extend(problems)
        if policy is not None:
            files.append((path, policy))
    report.errors.extend(_across_files(files))
    if not report.ok:
        return report
    loaded_documents = {policy.document[1].key for _, policy in files}
    try:
        with transaction.atomic():
            kept = [_load_file(path, policy, loaded_documents, report) for path, policy in files]
            if report.ok:
                _remove_left_out(kept, report)
                _check_references(report)
            if dry_run or not report.ok:
                raise _Rollback
    except _Rollback:
        pass
    return report


def _label(path: Path, index: int, model: str, name: str) -> str:
    return f"{path}: object {index} ({model} {name!r})"


def _across_files(files: list[tuple[Path, PolicyFile]]) -> Iterator[str]:
    """A document, or a program, is set by one file of those loaded together."""
    documents: dict[str, Path] = {}
    programs: dict[str, Path] = {}
    for path, policy in files:
        index, document = policy.document
        if document.key in documents:
            yield (
                f"{_label(path, index, DOCUMENT, document.key)} field key: also in "
                f"{documents[document.key]}; a document has one file"
            )
        documents.setdefault(document.key, path)
        for index, program in policy.programs:
            if program.slug in programs:
                yield (
                    f"{_label(path, index, PROGRAM, program.slug)} field slug: also in "
                    f"{programs[program.slug]}; a program is set by one file"
                )
            programs.setdefault(program.slug, path)


def _load_file(
    path: Path, policy: PolicyFile, loaded_documents: set[str], report: LoadReport
) -> tuple[PolicyDocument, set[str]] | None:
    """Save the file's document and programs; the document and its programs' slugs."""
    doc_index, doc_fields = policy.document
    label = _label(path, doc_index, DOCUMENT, doc_fields.key)
    document = _save(label, PolicyDocument, "key", doc_fields.model_dump(mode="json"), report)
    if document is None:
        return None
    slugs = set()
    for index, fields in policy.programs:
        label = _label(path, index, PROGRAM, fields.slug)
        owner = (
            Program.objects.filter(slug=fields.slug).values_list("document__key", flat=True).first()
        )
        if owner not in (None, document.key) and owner not in loaded_documents:
            report.errors.append(
                f"{label} field slug: owned by document {owner!r}; a file sets only its own "
                f"document's programs (to move this one, take it out of the file of {owner!r} "
                "and load both files together)"
            )
            continue
        values = fields.model_dump(mode="json")
        # The parameters as the file says them: a kind's defaults are said once, in its model.
        values["params"] = fields.params.model_dump(mode="json", exclude_unset=True)
        values["document"] = document
        program = _save(label, Program, "slug", values, report)
        if program is not None:
            slugs.add(program.slug)
            if not _within(program.jurisdiction_id, document):
                report.errors.append(
                    f"{label} field jurisdiction: {program.jurisdiction_id} is not "
                    f"inside the document's {document.jurisdiction_id}"
                )
    return document, slugs


def _within(code: str, document: PolicyDocument) -> bool:
    return places_get().within(code, document.jurisdiction_id)


def _remove_left_out(
    kept: list[tuple[PolicyDocument, set[str]] | None], report: LoadReport
) -> None:
    """Once every file is saved (a program moved between two of them is kept), a program of a
    loaded document that its file no longer has is removed."""
    for document, slugs in filter(None, kept):
        for gone in Program.objects.filter(document=document).exclude(slug__in=slugs):
            report.removed.append(f"program {gone.slug}")
            gone.delete()


def _save(
    label: str,
    model: type[PolicyDocument] | type[Program],
    key: str,
    values: dict[str, Any],
    report: LoadReport,
) -> Any:
    instance = model.objects.filter(**{key: values[key]}).first()
    before = _as_in_file(instance) if instance else None
    instance = instance or model()
    for name, value in values.items():
        model_field = model._meta.get_field(name)
        if isinstance(model_field, ForeignKey) and not isinstance(value, models.Model):
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
    name = f"{model._meta.model_name} {values[key]}"
    after = _as_in_file(instance)
    if before is None:
        report.added.append(name)
    elif after != before:
        report.changed.append(name)
        report.differences[name] = list(differences(before, after))
    else:
        report.unchanged.append(name)
        return instance
    instance.save()
    return instance


def _as_in_file(instance: PolicyDocument | Program) -> dict[str, Any]:
    """A row's fields as a policy file writes them: JSON values, dates as text, the document
    by its key."""
    values = {}
    for model_field in instance._meta.concrete_fields:
        if model_field.name in ("id", "updated_at"):
            continue
        if isinstance(instance, Program) and model_field.name == "document":
            value: Any = instance.document.key
        else:
            value = model_field.to_python(getattr(instance, model_field.attname))
        values[model_field.name] = json.loads(json.dumps(value, default=str))
    return values


def differences(before: Any, after: Any, where: str = "") -> Iterator[str]:
    """Each field, key or item that differs: "params.amounts.3: 600 → 650", "params.amounts.4:
    removed (was 600)", "notes[1]: added (...)"."""
    if isinstance(before, dict) and isinstance(after, dict):
        for key in [*before, *(k for k in after if k not in before)]:
            inner = f"{where}.{key}" if where else key
            if key not in after:
                yield f"{inner}: removed (was {_shown(before[key])})"
            elif key not in before:
                yield f"{inner}: added ({_shown(after[key])})"
            else:
                yield from differences(before[key], after[key], inner)
    elif isinstance(before, list) and isinstance(after, list):
        for i in range(max(len(before), len(after))):
            if i >= len(after):
                yield f"{where}[{i}]: removed (was {_shown(before[i])})"
            elif i >= len(before):
                yield f"{where}[{i}]: added ({_shown(after[i])})"
            else:
                yield from differences(before[i], after[i], f"{where}[{i}]")
    elif before != after:
        old, new = _shown(before), _shown(after)
        if old == new:  # "600" and 600: the type is the difference
            old, new = json.dumps(before), json.dumps(after)
        yield f"{where}: {old} → {new}"


NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?")


def _shown(value: Any) -> str:
    """A value as the file writes it, long text cut short; an amount, which the files write as
    a string ("600"), as the number it is."""
    if isinstance(value, str) and NUMBER.fullmatch(value):
        return value
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 80 else text[:79] + "…"


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
