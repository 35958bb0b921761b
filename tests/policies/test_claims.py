"""How to claim each program is policy data like its amounts: in every policy file, checked by
the loader (types, lengths, the link's form, the clause that says it), and the document's title
in English where one is known."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from apps.benefits.models import PolicyDocument, Program
from apps.benefits.policy_schema import PolicyFile
from apps.benefits.validation import NUMBERED_CLAUSE
from tests.policies.support import (
    DOCUMENT,
    POLICIES,
    PROGRAM,
    SLUG,
    load,
    refused,
    with_field,
    write,
)

pytestmark = pytest.mark.django_db

CLAIM = {
    "channel": "office",
    "how": {"zh": "孩子落户后向户籍所在地申请。", "en": "Claim where the child's hukou is."},
    "where": {"zh": "县卫生健康局", "en": "The county health bureau"},
    "pays": {"zh": "县财政", "en": "The county"},
    "time_to_pay": None,
    "url": "",
    "source": "general",
    "clause": "",
}


def program_line(field: str, rule: str) -> str:
    return f"object 1 (benefits.program {SLUG!r}) field {field}: {rule}"


def files() -> list[PolicyFile]:
    return [PolicyFile.model_validate(json.loads(p.read_text())) for p in POLICIES.glob("*.json")]


def test_every_program_says_how_to_claim_it_and_every_document_its_english_title() -> None:
    programs = [p for policy in files() for _i, p in policy.programs]
    assert len(programs) > 90
    assert [p.slug for p in programs if p.claim is None] == []
    for program in programs:
        assert program.claim is not None
        if program.category == "leave" or program.basis == "employer_may":
            assert program.claim.channel == "employer", program.slug
        else:
            assert program.claim.channel == "office", program.slug
        if program.claim.source == "policy":
            assert NUMBERED_CLAUSE.match(program.claim.clause), program.slug
    assert [p.document[1].key for p in files() if not p.document[1].title_en] == []


def test_only_what_a_document_says_is_cited_as_saying_it() -> None:
    """Where the local texts say who takes a claim or pays (红河 二（二）4, 永济 五（十三）, 郑州
    二（一）, 拱墅 八, 女职工劳动保护特别规定 第八条、第九条), the claim cites that clause; the rest are
    the usual practice or reports, and say so."""
    sources = {p.slug: (p.claim.source, p.claim.clause) for f in files() for _i, p in f.programs}
    assert sources["honghe-2023-parental-leave"] == ("policy", "二（二）4")
    assert sources["yongji-2023-childcare-fee"] == ("policy", "五（十三）")
    assert sources["zhengzhou-2023-parental-leave"] == ("policy", "二（一）")
    assert sources["gongshu-2023-unemployment-birth-grant"] == ("policy", "八")
    assert sources["national-maternity-leave"] == ("policy", "第八条")
    assert sources["national-2025-childcare-subsidy"] == ("reported", "")
    for slug in ("zhengzhou-2023-childrearing-subsidy", "honghe-2023-birth-subsidy"):
        assert sources[slug] == ("general", ""), slug  # the texts name no office
    assert {s for s, _c in sources.values()} == {"policy", "reported", "general"}


def test_a_program_with_its_claim_loads_and_the_engine_reads_it(tmp_path: Path) -> None:
    path = write(tmp_path, [DOCUMENT, with_field(PROGRAM, claim=CLAIM)])
    assert "added: program" in load(path)
    assert Program.objects.get(slug=SLUG).claim == CLAIM


def test_a_changed_claim_is_said_field_by_field(tmp_path: Path) -> None:
    load(write(tmp_path, [DOCUMENT, with_field(PROGRAM, claim=CLAIM)]))
    where = {"zh": "乡镇卫生院", "en": "The township health centre"}
    changed = write(tmp_path, [DOCUMENT, with_field(PROGRAM, claim={**CLAIM, "where": where})])
    report = load(changed, dry_run=True)
    assert 'claim.where.zh: "县卫生健康局" → "乡镇卫生院"' in report


@pytest.mark.parametrize(
    ("claim", "field", "rule"),
    [
        ({**CLAIM, "url": "ftp://example.cn/claim"}, "claim.url", "empty, or an address"),
        ({**CLAIM, "url": "https://" + "x" * 200}, "claim.url", "at most 200 characters"),
        ({k: v for k, v in CLAIM.items() if k != "where"}, "claim.where", "required"),
        ({**CLAIM, "where": {"zh": "", "en": "x"}}, "claim.where.zh", "at least 1 character"),
        ({**CLAIM, "where": {"zh": "局" * 201, "en": "x"}}, "claim.where.zh", "at most 200"),
        ({**CLAIM, "channel": "post"}, "claim.channel", "'employer' or 'office'"),
        ({**CLAIM, "source": "policy"}, "claim", "name the clause that says how to claim"),
        ({**CLAIM, "clause": "三"}, "claim", 'a clause is named only when source is "policy"'),
        ({**CLAIM, "phone": "12345"}, "claim.phone", "unknown field"),
        ({**CLAIM, "time_to_pay": "soon"}, "claim.time_to_pay", "must be an object"),
    ],
)
def test_a_broken_claim_is_refused_naming_its_field(
    tmp_path: Path, claim: dict, field: str, rule: str
) -> None:
    lines = refused(write(tmp_path, [DOCUMENT, with_field(PROGRAM, claim=claim)]))
    assert any(program_line(field, "") in line and rule in line for line in lines), lines


def test_a_claim_must_cite_a_clause_not_a_label_and_leave_is_asked_of_the_employer(
    tmp_path: Path,
) -> None:
    labelled = {**CLAIM, "source": "policy", "clause": "申领程序"}
    lines = refused(write(tmp_path, [DOCUMENT, with_field(PROGRAM, claim=labelled)]))
    assert any(
        "claim.clause" in line and "not an article or numbered clause" in line for line in lines
    )
    leave = with_field(
        PROGRAM,
        category="leave",
        kind="breastfeeding_time",
        params={"hours_per_day": 1},
        claim=CLAIM,
    )
    lines = refused(write(tmp_path, [DOCUMENT, leave]))
    assert any("claim.channel" in line and "employer" in line for line in lines), lines


def test_an_english_title_is_kept_and_checked(tmp_path: Path) -> None:
    titled = with_field(DOCUMENT, title_en="Test County Birth Grant Measures")
    load(write(tmp_path, [titled, PROGRAM]))
    assert PolicyDocument.objects.get(key="test-county-2024").title_en == (
        "Test County Birth Grant Measures"
    )
    lines = refused(write(tmp_path, [with_field(DOCUMENT, title_en="x" * 301), PROGRAM]))
    assert any("title_en" in line and "at most 300" in line for line in lines), lines
