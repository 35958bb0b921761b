"""Issue 12: a broken policy file never goes live. Every file is checked against one schema
before anything is written, and each refusal is one line naming the file, the object, the field
and the rule broken: never a traceback."""

from __future__ import annotations

import json
from io import StringIO
from pathlib import Path
from typing import get_args

import pytest
from django.core.management import call_command

from apps.benefits.engine.kinds import REGISTRY
from apps.benefits.loader import DOCUMENT_FIELDS, PROGRAM_FIELDS
from apps.benefits.models import PolicyDocument, Program
from apps.benefits.policy_schema import (
    SCHEMA_FILE,
    DocumentFields,
    ProgramFields,
    policy_file_read,
    policy_json_schema,
)
from tests.policies.support import (
    DOCUMENT,
    POLICIES,
    PROGRAM,
    SLUG,
    database,
    load,
    refused,
    with_field,
    write,
)

pytestmark = pytest.mark.django_db

BIRTH_ORDER = 'a birth order is "1" to "20", "3+" for the third child and every later one, or "any"'


def program(field: str, rule: str, index: int = 1, slug: str = SLUG) -> str:
    return f"object {index} (benefits.program {slug!r}) field {field}: {rule}"


def grant(**params: object) -> list:
    return [DOCUMENT, with_field(PROGRAM, params={"event": "birth", **params})]


def with_number(number: str) -> str:
    """The file with a number JSON cannot hold as the second child's amount."""
    text = json.dumps(grant(amounts={"2": "@"}), ensure_ascii=False)
    return text.replace('"@"', number)


BREASTFEEDING = {"category": "leave", "kind": "breastfeeding_time"}

REFUSED = {
    'an amount for the order "3++", which every third child would get': (
        grant(amounts={"2": "1000", "3++": "500"}),
        program("params.amounts.3++", BIRTH_ORDER),
    ),
    "a superscript two as a birth order": (
        grant(amounts={"²": "1000"}),
        program("params.amounts.²", BIRTH_ORDER),
    ),
    "an Arabic-Indic three as a birth order": (
        grant(amounts={"٣": "1000"}),
        program("params.amounts.٣", BIRTH_ORDER),
    ),
    "a twenty-first child": (
        grant(amounts={"21": "1000"}),
        program("params.amounts.21", BIRTH_ORDER),
    ),
    "a total of 10^999999 yuan": (
        with_number("1e999999"),
        program("params.amounts.2", "1e999999 is not a finite number; write one such as 600"),
    ),
    "NaN yuan": (
        with_number("NaN"),
        program("params.amounts.2", "NaN is not a finite number; write one such as 600"),
    ),
    "Infinity days to apply": (
        json.dumps([DOCUMENT, with_field(PROGRAM, apply_within_days=float("inf"))]),
        program("apply_within_days", "Infinity is not a finite number; write one such as 600"),
    ),
    "lists nested in an amount": (
        grant(amounts={"2": [[[[["1000"]]]]]}),
        program("params.amounts.2[0][0][0]", "nested deeper than any field of a policy file"),
    ),
    "the same slug twice in one file, the last silently winning": (
        [DOCUMENT, PROGRAM, with_field(PROGRAM, name_en="Birth grant (again)")],
        program("slug", "also object 1's; a slug appears once in a file", index=2),
    ),
    "an amount written twice in one object, the last silently winning": (
        json.dumps(grant(amounts={"2": "1000"})).replace('"2": "1000"', '"2": "1000", "2": "10"'),
        program("params.amounts.2", "written twice in one object; say it once"),
    ),
    "a clause text of 20,001 characters": (
        [DOCUMENT, with_field(PROGRAM, clause_text="款" * 20_001)],
        program("clause_text", "String should have at most 20000 characters"),
    ),
    "a reading of 1,001 characters": (
        [DOCUMENT, with_field(PROGRAM, notes=[{"zh": "读" * 1001, "en": "A reading."}])],
        program("notes[0].zh", "String should have at most 1000 characters"),
    ),
    "a list where a program belongs": (
        [DOCUMENT, [PROGRAM["fields"]]],
        "object 1: must be an object, not a list",
    ),
    "a list where the parameters belong": (
        [DOCUMENT, with_field(PROGRAM, params=[{"amounts": {"2": "1000"}}])],
        program("params", "must be an object, not a list"),
    ),
    '"fields": null': (
        [DOCUMENT, {"model": "benefits.program", "fields": None}],
        "object 1 (benefits.program '?') field fields: must be an object, not null",
    ),
    "a primary key beside the natural key": (
        [DOCUMENT, {**PROGRAM, "pk": 7}],
        program("pk", "unknown field"),
    ),
    "a date written 2024/01/01": (
        [DOCUMENT, with_field(PROGRAM, events_from="2024/01/01")],
        program("events_from", "a date written YYYY-MM-DD, e.g. 2024-01-31"),
    ),
    "a place written by its name": (
        [with_field(DOCUMENT, jurisdiction="郑州市")],
        "object 0 (benefits.policydocument 'test-county-2024') field jurisdiction: "
        "a six-digit place code (GB/T 2260), e.g. 410100 for 郑州",
    ),
    "25 hours of breastfeeding time a day": (
        [DOCUMENT, with_field(PROGRAM, **BREASTFEEDING, params={"hours_per_day": 25})],
        program("params.hours_per_day", "Input should be less than or equal to 24"),
    ),
}


@pytest.mark.parametrize(("content", "line"), REFUSED.values(), ids=REFUSED.keys())
def test_a_broken_file_is_refused_in_one_line_naming_file_object_field_and_rule(
    tmp_path: Path, content: list | str, line: str
) -> None:
    bad = tmp_path / "bad.json"
    text = content if isinstance(content, str) else json.dumps(content, ensure_ascii=False)
    bad.write_text(text, encoding="utf-8")
    before = database()

    assert refused(bad) == [f"{bad}: {line}"]
    assert database() == before


def test_a_50_mb_clause_text_is_refused_before_the_file_is_parsed(tmp_path: Path) -> None:
    bad = write(
        tmp_path, [DOCUMENT, with_field(PROGRAM, clause_text="款" * 17_500_000)], "bad.json"
    )
    assert bad.stat().st_size > 50_000_000

    assert refused(bad) == [
        f"{bad}: is larger than 2,000,000 bytes, the most a policy file may be (a clause's text "
        "is at most 20,000 characters)"
    ]


def test_a_file_nested_100_000_lists_deep_is_refused_with_a_message(tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")

    assert refused(bad) == [f"{bad}: cannot be read as JSON: nested too deeply"]


def test_a_file_with_many_problems_is_refused_with_the_first_fifty(tmp_path: Path) -> None:
    unknown = {f"amount_{n}": 1 for n in range(60)}
    bad = write(tmp_path, [DOCUMENT, with_field(PROGRAM, **unknown)], "bad.json")

    lines = refused(bad)

    assert lines[0] == f"{bad}: " + program("amount_0", "unknown field")
    assert lines[50:] == [f"{bad}: and 10 more problems"]


def test_a_file_may_not_take_another_document_s_program(tmp_path: Path) -> None:
    """The 郑州 grant belongs to 郑政〔2023〕19号: another document's file does not move it."""
    taken = with_field(PROGRAM, slug="zhengzhou-2023-childrearing-subsidy")
    bad = write(tmp_path, [DOCUMENT, taken], "bad.json")

    assert refused(bad) == [
        f"{bad}: "
        + program(
            "slug",
            "owned by document 'zhengzhou-2023'; a file sets only its own document's programs "
            "(to move this one, take it out of the file of 'zhengzhou-2023' and load both files "
            "together)",
            slug="zhengzhou-2023-childrearing-subsidy",
        )
    ]
    assert Program.objects.get(slug="zhengzhou-2023-childrearing-subsidy").document_id == (
        PolicyDocument.objects.get(key="zhengzhou-2023").pk
    )


def test_a_program_moves_when_both_documents_files_are_loaded_together(tmp_path: Path) -> None:
    zhengzhou = json.loads((POLICIES / "zhengzhou-2023.json").read_text(encoding="utf-8"))
    moving = zhengzhou.pop(1)
    moving["fields"]["document"] = ["test-county-2024"]
    moving["fields"]["jurisdiction"] = "331126"
    moving["fields"]["conditions"] = [{"subject": "child", "hukou_within": "331126"}]
    files = [write(tmp_path, zhengzhou, "zhengzhou.json"), write(tmp_path, [DOCUMENT, moving])]

    output = load(*files).splitlines()

    assert (
        'changed: program zhengzhou-2023-childrearing-subsidy: document: "zhengzhou-2023" → '
        '"test-county-2024"'
    ) in output
    assert Program.objects.get(slug="zhengzhou-2023-childrearing-subsidy").document.key == (
        "test-county-2024"
    )


def test_one_document_in_two_files_is_refused(tmp_path: Path) -> None:
    first = write(tmp_path, [DOCUMENT, PROGRAM], "first.json")
    second = write(tmp_path, [DOCUMENT], "second.json")

    assert refused(first, second) == [
        f"{second}: object 0 (benefits.policydocument 'test-county-2024') field key: also in "
        f"{first}; a document has one file"
    ]


# --- The schema itself -----------------------------------------------------------------------


def test_the_committed_json_schema_is_the_one_the_models_make() -> None:
    assert SCHEMA_FILE.read_text(encoding="utf-8") == policy_json_schema(), (
        "fixtures/policy.schema.json is out of date: run `make schema` and commit it"
    )


def test_make_schema_writes_the_committed_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    written = tmp_path / "policy.schema.json"
    monkeypatch.setattr("apps.benefits.management.commands.policy_schema.SCHEMA_FILE", written)

    call_command("policy_schema", stdout=StringIO())

    assert written.read_text(encoding="utf-8") == SCHEMA_FILE.read_text(encoding="utf-8")


@pytest.mark.parametrize("path", sorted(POLICIES.glob("*.json")), ids=lambda p: p.name)
def test_every_shipped_policy_file_keeps_the_schema(path: Path) -> None:
    policy, problems = policy_file_read(path)
    assert problems == []
    assert policy is not None
    # A file with no programs is a province looked at and not covered: its source says why.
    assert policy.programs or "not covered" in policy.document[1].source


KIND_PROGRAMS = ProgramFields.__subclasses__()


def test_the_schema_has_a_program_for_every_kind_with_its_category() -> None:
    kinds = {get_args(c.model_fields["kind"].annotation)[0]: c for c in KIND_PROGRAMS}
    assert set(kinds) == set(REGISTRY)
    for name, kind_program in kinds.items():
        assert get_args(kind_program.model_fields["category"].annotation) == (
            REGISTRY[name].category,
        )
        assert kind_program.model_fields["params"].annotation is REGISTRY[name].params


@pytest.mark.parametrize(
    ("schema", "model", "columns"),
    [
        *[(kind_program, Program, PROGRAM_FIELDS) for kind_program in KIND_PROGRAMS],
        (DocumentFields, PolicyDocument, DOCUMENT_FIELDS),
    ],
    ids=lambda value: getattr(value, "__name__", ""),
)
def test_the_schema_says_every_column_the_loader_writes_with_the_model_s_default(
    schema: type, model: type[Program] | type[PolicyDocument], columns: set[str]
) -> None:
    """The file is the whole truth: a field it leaves out gets the model's default."""
    assert set(schema.model_fields) == columns
    for name, field in schema.model_fields.items():
        if not field.is_required():
            assert field.default == model._meta.get_field(name).get_default(), name
