"""A small valid policy file to break, and how the tests load files and look at the database."""

from __future__ import annotations

import copy
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from apps.benefits.models import PolicyDocument, Program

POLICIES = Path(__file__).resolve().parent.parent.parent / "fixtures" / "policies"

DOCUMENT = {
    "model": "benefits.policydocument",
    "fields": {
        "key": "test-county-2024",
        "number": "测政〔2024〕1号",
        "title": "测试县生育补贴办法",
        "issuer": "测试县人民政府",
        "jurisdiction": "331126",
        "issued_on": "2024-01-01",
        "in_force_from": "2024-01-01",
        "in_force_to": None,
        "url": "",
        "source": "a test",
    },
}
SLUG = "test-county-2024-birth-grant"
PROGRAM = {
    "model": "benefits.program",
    "fields": {
        "slug": "test-county-2024-birth-grant",
        "document": ["test-county-2024"],
        "name_zh": "生育补贴（测试）",
        "name_en": "Birth grant (test)",
        "jurisdiction": "331126",
        "clause": "三",
        "clause_text": "生育二孩发放1000元。",
        "category": "one_off",
        "kind": "one_off_by_birth_order",
        "params": {"event": "birth", "amounts": {"2": "1000"}},
        "events_from": "2024-01-01",
        "events_to": None,
        "conditions": [],
        "replaces": [],
        "paid_once_group": "",
        "notes": [],
    },
}


def write(tmp_path: Path, objects: list, name: str = "test.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(objects, ensure_ascii=False), encoding="utf-8")
    return path


def load(*paths: Path, dry_run: bool = False) -> str:
    out = StringIO()
    call_command("load_policy", *map(str, paths), dry_run=dry_run, stdout=out, stderr=out)
    return out.getvalue()


def refused(*paths: Path) -> list[str]:
    """The lines load_policy writes when it refuses the files, having loaded nothing."""
    errors = StringIO()
    with pytest.raises(CommandError, match="nothing was loaded, the database is unchanged"):
        call_command("load_policy", *map(str, paths), stdout=StringIO(), stderr=errors)
    return errors.getvalue().splitlines()


def database() -> list[tuple]:
    return sorted(Program.objects.values_list("slug", "params", "updated_at")) + sorted(
        PolicyDocument.objects.values_list("key", "updated_at")
    )


def with_field(obj: dict, **fields: object) -> dict:
    changed = copy.deepcopy(obj)
    changed["fields"].update(fields)
    return changed
