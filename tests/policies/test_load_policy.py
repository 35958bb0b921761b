"""python manage.py load_policy: validate everything, load all or nothing, say what changes."""

from __future__ import annotations

import json
from collections.abc import Callable
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from apps.benefits.models import Program
from apps.benefits.validation import NUMBERED_CLAUSE
from tests.policies.support import (
    DOCUMENT,
    POLICIES,
    PROGRAM,
    SLUG,
    database,
    load,
    with_field,
    write,
)

pytestmark = pytest.mark.django_db


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


ZHENGZHOU_GRANT = "zhengzhou-2023-childrearing-subsidy"


def zhengzhou_changed(tmp_path: Path, change: Callable[[dict, dict], None]) -> Path:
    objects = json.loads((POLICIES / "zhengzhou-2023.json").read_text(encoding="utf-8"))
    change(objects[0]["fields"], objects[1]["fields"])
    return write(tmp_path, objects, "zhengzhou-2023.json")


def test_a_dry_run_says_each_field_that_would_change(tmp_path: Path) -> None:
    """郑州 raises the second child's grant, gives the third child's amount to the third child
    only, renames the grant and gives the document's address."""

    def change(document: dict, grant: dict) -> None:
        document["url"] = "https://www.zhengzhou.gov.cn/"
        grant["name_en"] = "Childrearing grant (Zhengzhou)"
        grant["params"]["amounts"] = {"1": "2000", "2": "6000", "3": "15000"}

    before = database()
    output = load(zhengzhou_changed(tmp_path, change), dry_run=True).splitlines()

    assert [line for line in output if line.startswith("changed:")] == [
        'changed: policydocument zhengzhou-2023: url: "" → "https://www.zhengzhou.gov.cn/"',
        f'changed: program {ZHENGZHOU_GRANT}: name_en: "Childrearing subsidy (Zhengzhou)" → '
        '"Childrearing grant (Zhengzhou)"',
        f"changed: program {ZHENGZHOU_GRANT}: params.amounts.2: 5000 → 6000",
        f"changed: program {ZHENGZHOU_GRANT}: params.amounts.3+: removed (was 15000)",
        f"changed: program {ZHENGZHOU_GRANT}: params.amounts.3: added (15000)",
    ]
    assert output[-1] == "0 would be added, 2 changed, 0 removed, 3 unchanged."
    assert database() == before


def test_a_load_says_each_edit_made_in_the_admin_that_it_overwrites() -> None:
    Program.objects.filter(slug=ZHENGZHOU_GRANT).update(
        params={"event": "birth", "amounts": {"1": "2000", "2": "5000", "3+": "20000"}},
        follows="residence",
    )

    output = load(POLICIES / "zhengzhou-2023.json").splitlines()

    assert output[:2] == [
        f"changed: program {ZHENGZHOU_GRANT}: params.amounts.3+: 20000 → 15000",
        f'changed: program {ZHENGZHOU_GRANT}: follows: "residence" → "hukou"',
    ]
    program = Program.objects.get(slug=ZHENGZHOU_GRANT)
    assert (program.params["amounts"]["3+"], program.follows) == ("15000", "hukou")


def test_a_field_left_out_of_the_file_goes_back_to_its_default(tmp_path: Path) -> None:
    """The file is the whole truth: PROGRAM says no basis, so it is an entitlement again."""
    load(write(tmp_path, [DOCUMENT, with_field(PROGRAM, basis="in_kind")]))

    output = load(write(tmp_path, [DOCUMENT, PROGRAM], "next.json"))

    assert f'changed: program {SLUG}: basis: "in_kind" → "entitlement"' in output.splitlines()
    assert Program.objects.get(slug=SLUG).basis == "entitlement"


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
