"""python manage.py load_policy: validate everything, load all or nothing, say what changes."""

from __future__ import annotations

import copy
import json
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from apps.benefits.models import PolicyDocument, Program
from apps.benefits.validation import NUMBERED_CLAUSE

pytestmark = pytest.mark.django_db
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


def database() -> list[tuple]:
    return sorted(Program.objects.values_list("slug", "params", "updated_at")) + sorted(
        PolicyDocument.objects.values_list("key", "updated_at")
    )


def with_field(obj: dict, **fields: object) -> dict:
    changed = copy.deepcopy(obj)
    changed["fields"].update(fields)
    return changed


def test_it_loads_a_valid_file(tmp_path: Path) -> None:
    output = load(write(tmp_path, [DOCUMENT, PROGRAM]))
    assert "2 were added" in output
    program = Program.objects.get(slug="test-county-2024-birth-grant")
    assert program.document.number == "测政〔2024〕1号"
    assert program.params["amounts"] == {"2": "1000"}


def test_reloading_the_same_file_changes_nothing(tmp_path: Path) -> None:
    path = write(tmp_path, [DOCUMENT, PROGRAM])
    load(path)
    before = database()
    assert "0 were added, 0 changed, 0 removed, 2 unchanged" in load(path)
    assert database() == before


def test_reloading_the_shipped_policies_changes_nothing() -> None:
    before = database()
    output = load(*sorted(POLICIES.glob("*.json")))
    assert " 0 changed, 0 removed" in output and "0 were added" in output
    assert database() == before


def test_a_dry_run_says_what_would_change_and_changes_nothing(tmp_path: Path) -> None:
    load(write(tmp_path, [DOCUMENT, PROGRAM]))
    before = database()
    changed = with_field(PROGRAM, params={"event": "birth", "amounts": {"2": "1200"}})
    extra = with_field(PROGRAM, slug="test-county-2024-other")
    output = load(write(tmp_path, [DOCUMENT, changed, extra], "next.json"), dry_run=True)
    assert "changed: program test-county-2024-birth-grant" in output
    assert "added: program test-county-2024-other" in output
    assert "would be added" in output
    assert database() == before


def test_a_program_left_out_of_its_document_s_file_is_removed(tmp_path: Path) -> None:
    load(write(tmp_path, [DOCUMENT, PROGRAM]))
    output = load(write(tmp_path, [DOCUMENT], "next.json"))
    assert "removed: program test-county-2024-birth-grant" in output
    assert not Program.objects.filter(slug="test-county-2024-birth-grant").exists()


BROKEN = {
    "an amount that is not a number": (
        [DOCUMENT, with_field(PROGRAM, params={"amounts": {"2": "lots"}})],
        "params.amounts.2",
    ),
    "an unknown kind": ([DOCUMENT, with_field(PROGRAM, kind="lottery")], "kind"),
    "a document needed named in one language only": (
        [DOCUMENT, with_field(PROGRAM, documents=[{"zh": "出生医学证明"}])],
        "documents",
    ),
    "a kind of another category": ([DOCUMENT, with_field(PROGRAM, category="leave")], "category"),
    "an unknown parameter": (
        [DOCUMENT, with_field(PROGRAM, params={"amounts": {"2": "1"}, "bonus": 1})],
        "params.bonus",
    ),
    "no citation of the clause": ([DOCUMENT, with_field(PROGRAM, clause="")], "clause"),
    "a label instead of an article (reading 16)": (
        [DOCUMENT, with_field(PROGRAM, clause="生育假期条款")],
        "clause",
    ),
    "a clause guessed where the article could not be verified": (
        [DOCUMENT, with_field(PROGRAM, clause="三", clause_confidence="unverified")],
        "clause",
    ),
    "an unverified citation with no note saying so": (
        [DOCUMENT, with_field(PROGRAM, clause="", clause_confidence="unverified")],
        "notes",
    ),
    "a hukou program with no hukou condition": (
        [DOCUMENT, with_field(PROGRAM, follows="hukou")],
        "follows",
    ),
    "a grant for a child tied to an employer's place": (
        [DOCUMENT, with_field(PROGRAM, follows="employer")],
        "follows",
    ),
    "an unknown basis": ([DOCUMENT, with_field(PROGRAM, basis="maybe")], "basis"),
    "a restatement tied to another place than the rule it replaces": (
        [DOCUMENT, with_field(PROGRAM, replaces=["zhejiang-maternity-leave-extension"])],
        "replaces",
    ),
    "a window that ends before it starts": (
        [DOCUMENT, with_field(PROGRAM, events_to="2023-01-01")],
        "events_to",
    ),
    "a malformed date": ([DOCUMENT, with_field(PROGRAM, events_from="2024-02-30")], "events_from"),
    "an unknown place in a condition": (
        [
            DOCUMENT,
            with_field(PROGRAM, conditions=[{"subject": "child", "hukou_within": "999999"}]),
        ],
        "conditions[0].hukou_within",
    ),
    "a program of another document": (
        [DOCUMENT, with_field(PROGRAM, document=["zhengzhou-2023"])],
        "document",
    ),
    "a program outside its document's place": (
        [DOCUMENT, with_field(PROGRAM, jurisdiction="410100")],
        "jurisdiction",
    ),
    "an unknown field": ([DOCUMENT, with_field(PROGRAM, amount=5)], "amount"),
    "an unknown jurisdiction on the document": (
        [with_field(DOCUMENT, jurisdiction="999999")],
        "jurisdiction",
    ),
    "a reading without its English": (
        [DOCUMENT, with_field(PROGRAM, notes=[{"zh": "说明"}])],
        "notes",
    ),
    "a replaced program that does not exist": (
        [DOCUMENT, with_field(PROGRAM, replaces=["nowhere"])],
        "replaces",
    ),
}


@pytest.mark.parametrize(("objects", "field"), BROKEN.values(), ids=BROKEN.keys())
def test_a_broken_file_is_refused_naming_file_object_and_field(
    tmp_path: Path, objects: list, field: str
) -> None:
    good = write(
        tmp_path,
        [
            with_field(DOCUMENT, key="good-2024"),
            with_field(PROGRAM, slug="good", document=["good-2024"]),
        ],
        "good.json",
    )
    bad = write(tmp_path, objects, "bad.json")
    before = database()
    with pytest.raises(CommandError) as refused:
        load(good, bad)
    assert "nothing was loaded" in str(refused.value)
    assert database() == before  # the good file was not loaded either


@pytest.mark.parametrize(("objects", "field"), BROKEN.values(), ids=BROKEN.keys())
def test_the_message_names_the_file_the_object_and_the_field(
    tmp_path: Path, objects: list, field: str
) -> None:
    bad = write(tmp_path, objects, "bad.json")
    errors = StringIO()
    with pytest.raises(CommandError):
        call_command("load_policy", str(bad), stdout=StringIO(), stderr=errors)
    message = errors.getvalue()
    assert "bad.json" in message or "program test-county-2024-birth-grant" in message
    assert f"field {field}" in message


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("{not json", "cannot be read as JSON"),
        ('{"model": "benefits.program"}', "a JSON list"),
        ("[]", "holds 0 policy documents"),
        (json.dumps([DOCUMENT, DOCUMENT]), "holds 2 policy documents"),
        (json.dumps([DOCUMENT, {"model": "auth.user", "fields": {}}]), "model must be"),
    ],
)
def test_a_file_of_the_wrong_shape_is_refused(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "shape.json"
    path.write_text(text, encoding="utf-8")
    errors = StringIO()
    with pytest.raises(CommandError):
        call_command("load_policy", str(path), stdout=StringIO(), stderr=errors)
    assert problem in errors.getvalue() and "shape.json" in errors.getvalue()


def test_every_amount_in_the_shipped_policies_cites_an_article_or_says_it_could_not() -> None:
    """Reading 16: an article or numbered clause (第二十五条, 二（七）), never a label such as
    生育假期条款; where the article could not be found, no clause, and a note that says so."""
    for program in Program.objects.select_related("document"):
        assert program.document.citation_name, program.slug
        if program.clause_confidence == "unverified":
            assert program.clause == "", program.slug
            assert any("未能核实" in note["zh"] for note in program.notes), program.slug
        else:
            assert NUMBERED_CLAUSE.match(program.clause), (program.slug, program.clause)
