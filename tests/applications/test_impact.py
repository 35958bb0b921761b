"""Policy staff: the program form carries the loader's validation, and an impact preview says
what an unsaved edit would do to saved households and open applications."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.urls import reverse

from apps.applications import impact
from apps.applications.impact import impact_policy_files, impact_preview
from apps.benefits.models import Program
from tests.applications.conftest import GONGSHU, QINGYUAN

pytestmark = pytest.mark.django_db
SLUG = "gongshu-2023-childcare-grant"


def grant_at(second: str) -> Program:
    program = Program.objects.select_related("document").get(slug=SLUG)
    program.params = {**program.params, "amounts": {"2": second, "3": "20000"}}
    return program


@pytest.fixture
def three_eligible_households(make_household):
    """Three 拱墅 families with a second child born in 2024, and two who get no grant."""
    for _ in range(3):
        make_household()
    make_household(children=(("2024-03-01", None),))  # a first child
    make_household(jurisdiction=QINGYUAN)


def test_raising_the_second_child_grant_by_1000_costs_3000_for_three_families(
    three_eligible_households,
):
    impact = impact_preview(changed=[grant_at("6000")])

    assert impact.households.evaluated == 5
    assert impact.households.better_off == 3
    assert impact.households.worse_off == 0
    assert impact.households.gain == impact.households.lose == 0
    assert impact.households.difference == Decimal("3000.00")


def test_an_open_application_counts_under_its_snapshot_answers(make_application):
    make_application()

    impact = impact_preview(changed=[grant_at("6000")])

    assert impact.applications.evaluated == 1
    assert impact.applications.difference == Decimal("1000.00")


def test_removing_the_gongshu_grant_falls_back_to_hangzhous_same_amount(
    three_eligible_households,
):
    impact = impact_preview(changed=[], removed_slugs=[SLUG])

    assert (impact.households.lose, impact.households.gain) == (3, 3)
    assert impact.households.difference == 0


def test_removing_both_grants_loses_5000_for_each_family(three_eligible_households):
    impact = impact_preview(changed=[], removed_slugs=[SLUG, "hangzhou-childcare-grant"])

    assert impact.households.lose == 3
    assert impact.households.difference == Decimal("-15000.00")


def test_the_preview_saves_nothing(three_eligible_households):
    impact_preview(changed=[grant_at("6000")])

    assert Program.objects.get(slug=SLUG).params["amounts"]["2"] == "5000"


def test_the_preview_queries_do_not_grow_with_households(
    make_household, django_assert_max_num_queries
):
    for _ in range(10):
        make_household()

    # The programs, the places, then for households and for applications: a count and the rows
    # (households with their parents and children).
    with django_assert_max_num_queries(10):
        impact_preview(changed=[grant_at("6000")])


def test_a_policy_file_dry_run_says_what_it_would_do(three_eligible_households, tmp_path, settings):
    source = settings.BASE_DIR / "fixtures" / "policies" / "gongshu-2023.json"
    objects = json.loads(source.read_text(encoding="utf-8"))
    for obj in objects:
        if obj["fields"].get("slug") == SLUG:
            obj["fields"]["params"]["amounts"]["2"] = "6000"
    changed = tmp_path / "gongshu-2023.json"
    changed.write_text(json.dumps(objects, ensure_ascii=False), encoding="utf-8")

    report, impact = impact_policy_files(paths=[changed])

    assert report.changed == [f"program {SLUG}"]
    assert impact.households.difference == Decimal("3000.00")
    assert Program.objects.get(slug=SLUG).params["amounts"]["2"] == "5000"


# --- The admin form --------------------------------------------------------------------------


def program_post(program: Program, **changes):
    data = {
        "slug": program.slug,
        "document": program.document_id,
        "name_zh": program.name_zh,
        "name_en": program.name_en,
        "jurisdiction": program.jurisdiction_id,
        "clause": program.clause,
        "clause_confidence": program.clause_confidence,
        "clause_text": program.clause_text,
        "category": program.category,
        "kind": program.kind,
        "basis": program.basis,
        "follows": program.follows,
        "apply_within_days": program.apply_within_days or "",
        "apply_by": program.apply_by or "",
        "params": json.dumps(program.params),
        "events_from": program.events_from,
        "events_to": program.events_to or "",
        "conditions": json.dumps(program.conditions),
        "replaces": json.dumps(program.replaces),
        "paid_once_group": program.paid_once_group,
        "notes": json.dumps(program.notes, ensure_ascii=False),
        "documents": json.dumps(program.documents, ensure_ascii=False),
    }
    return data | changes


@pytest.fixture
def policy_client(client, make_staff):
    client.force_login(make_staff("policy"))
    return client


def change_url(program: Program) -> str:
    return reverse("admin:benefits_program_change", args=[program.pk])


def test_the_preview_button_shows_the_impact_and_keeps_the_edit_unsaved(
    policy_client, three_eligible_households
):
    program = grant_at("6000")

    response = policy_client.post(change_url(program), program_post(program, _preview_impact="1"))

    assert response.status_code == 200
    assert response.context["impact"].households.difference == Decimal("3000.00")
    assert "6000" in response.text  # the edit is still in the form
    assert Program.objects.get(slug=SLUG).params["amounts"]["2"] == "5000"


def test_policy_staff_save_a_valid_edit(policy_client):
    program = grant_at("6000")

    response = policy_client.post(change_url(program), program_post(program))

    assert response.status_code == 302
    assert Program.objects.get(slug=SLUG).params["amounts"]["2"] == "6000"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("params", "{not json"),
        ("params", json.dumps({"event": "birth"})),
        ("conditions", json.dumps([{"subject": "uncle", "hukou_within": GONGSHU}])),
        ("conditions", json.dumps([{"subject": "child", "hukou_within": "999999"}])),
        ("notes", json.dumps([{"zh": "只有中文"}])),
        ("replaces", json.dumps(["no-such-program"])),
        ("jurisdiction", QINGYUAN),
    ],
)
def test_a_wrong_value_is_refused_on_its_own_field(policy_client, field, value):
    program = Program.objects.select_related("document").get(slug=SLUG)

    response = policy_client.post(change_url(program), program_post(program, **{field: value}))

    assert response.status_code == 200
    assert response.context["adminform"].form.errors.get(field), response.context[
        "adminform"
    ].form.errors


def test_the_preview_of_a_program_that_does_not_exist_is_not_found(policy_client):
    url = reverse("admin:benefits_program_change", args=["no-such-program"])

    response = policy_client.post(url, {"_preview_impact": "1"})

    assert response.status_code == 404


def test_a_preview_limited_to_the_most_recent_families_says_so(
    policy_client, three_eligible_households, monkeypatch
):
    """In admin the preview answers within a request: past the limit it counts the most recent
    families only, and the page says how many of how many."""
    monkeypatch.setattr(impact, "PREVIEW_LIMIT", 2)
    program = grant_at("6000")

    response = policy_client.post(change_url(program), program_post(program, _preview_impact="1"))

    limited = response.context["impact"].households
    assert (limited.evaluated, limited.total) == (2, 5)
    assert "只计算了最近的 2 个（共 5 个）" in response.text


def test_the_whole_preview_counts_every_family(three_eligible_households):
    whole = impact_preview(changed=[grant_at("6000")], limit=None)
    limited = impact_preview(changed=[grant_at("6000")], limit=1)

    assert (whole.households.evaluated, whole.households.total) == (5, 5)
    assert not whole.households.limited
    assert (limited.households.evaluated, limited.households.total) == (1, 5)
    assert limited.households.limited
