"""After new policies are loaded, every saved household and open application is computed again on
the task queue: in chunks that workers take in any order, each counted once, resumable after a
failure, with what changed."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse

from apps.applications import recompute as recompute_module
from apps.applications.models import HouseholdResult, RecomputeChunk, RecomputeRun
from apps.applications.recompute import recompute_chunk, recompute_plan
from apps.applications.tasks import recompute_resume, recompute_start

pytestmark = pytest.mark.django_db
POLICIES = Path(__file__).resolve().parents[2] / "fixtures" / "policies"


@pytest.fixture(autouse=True)
def no_runs_before():
    """Loading the policies when the test database was made started a run of its own."""
    RecomputeRun.objects.all().delete()


@pytest.fixture
def run_now(django_capture_on_commit_callbacks):
    """Start a run and let it go (no broker: the task runs at once, to the end)."""

    def start(reason: str = "test") -> RecomputeRun:
        with django_capture_on_commit_callbacks(execute=True):
            run = recompute_start(reason=reason)
        run.refresh_from_db()
        return run

    return start


def gongshu_grant_raised(tmp_path: Path, amount: str) -> Path:
    """The 拱墅 policy file with the second child's 育儿补助 at another amount."""
    objects = json.loads((POLICIES / "gongshu-2023.json").read_text(encoding="utf-8"))
    for item in objects:
        if item["fields"].get("slug") == "gongshu-2023-childcare-grant":
            item["fields"]["params"]["amounts"]["2"] = amount
    path = tmp_path / "gongshu-2023.json"
    path.write_text(json.dumps(objects, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_first_run_records_every_household(make_household, run_now):
    households = [make_household() for _ in range(3)]

    run = run_now()

    assert (run.state, run.households_done, run.first_seen) == ("done", 3, 3)
    result = HouseholdResult.objects.get(household=households[0])
    assert result.total == run.amount_after / 3
    assert "gongshu-2023-childcare-grant:2024-03-01:0:" in result.claims


def test_loading_a_policy_recomputes_and_says_what_changed(
    make_household, make_application, run_now, tmp_path, django_capture_on_commit_callbacks
):
    make_household()
    application = make_application()  # its own household too
    first = run_now()
    before = first.amount_after

    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_policy", str(gongshu_grant_raised(tmp_path, "6000")), verbosity=0)

    run = RecomputeRun.objects.exclude(pk=first.pk).get()
    assert run.reason.startswith("load_policy (1): gongshu-2023.json")
    assert (run.state, run.households_done, run.first_seen) == ("done", 2, 0)
    assert (run.better_off, run.worse_off, run.gained, run.lost) == (2, 0, 0, 0)
    assert run.amount_after - run.amount_before == Decimal(2000)
    assert run.amount_before == before
    assert (run.applications_done, run.applications_affected) == (1, 1)
    application.refresh_from_db()
    assert application.rules_changed  # the caseworker sees the amount changed


def test_a_run_over_unchanged_rules_changes_nothing(make_household, run_now):
    make_household()
    run_now()

    again = run_now()

    assert (again.better_off, again.worse_off, again.gained, again.lost) == (0, 0, 0, 0)
    assert again.amount_before == again.amount_after


def test_a_run_that_fails_goes_on_with_the_chunks_not_done_counting_each_household_once(
    make_household, monkeypatch, settings, django_capture_on_commit_callbacks
):
    for _ in range(5):
        make_household()
    settings.RECOMPUTE_CHUNK = 2
    real = recompute_module.household_family
    calls = {"n": 0}

    def fails_on_the_third(**kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("worker lost")
        return real(**kwargs)

    monkeypatch.setattr(recompute_module, "household_family", fails_on_the_third)
    with django_capture_on_commit_callbacks(execute=True):  # the failure is logged, not raised
        recompute_start(reason="test")
    run = RecomputeRun.objects.get()
    assert (run.state, run.households_done) == ("failed", 2)  # the first chunk, committed
    assert "worker lost" in run.error
    assert run.chunks.filter(done_at=None).count() == 2

    with django_capture_on_commit_callbacks(execute=True):
        recompute_resume(run=run)

    run.refresh_from_db()
    assert (run.state, run.households_done, run.first_seen, run.error) == ("done", 5, 5, "")
    assert HouseholdResult.objects.count() == 5


def test_chunks_done_in_any_order_and_twice_count_each_household_once(make_household, settings):
    for _ in range(5):
        make_household()
    settings.RECOMPUTE_CHUNK = 2
    run = RecomputeRun.objects.create(rules_version="x", as_of="2024-06-01")

    chunks = recompute_plan(run.pk)
    assert recompute_plan(run.pk) == chunks  # planned once
    bounds = list(RecomputeChunk.objects.filter(run=run).values_list("kind", "after", "last"))
    assert [kind for kind, _, _ in bounds] == ["households"] * 3  # 2 + 2 + 1, no open application
    done = [recompute_chunk(pk) for pk in reversed(chunks)]
    again = [recompute_chunk(pk) for pk in chunks]

    run.refresh_from_db()
    assert (done, again) == ([True, True, True], [False, False, False])
    assert (run.state, run.households_total, run.households_done, run.first_seen) == (
        "done",
        5,
        5,
        5,
    )
    assert HouseholdResult.objects.count() == 5


def test_a_run_stays_running_until_its_last_chunk_is_done(make_household, settings):
    for _ in range(3):
        make_household()
    settings.RECOMPUTE_CHUNK = 1
    run = RecomputeRun.objects.create(rules_version="x", as_of="2024-06-01")
    first, *_ = recompute_plan(run.pk)

    recompute_chunk(first)

    run.refresh_from_db()
    assert (run.state, run.households_done, run.progress) == ("running", 1, 33)


def test_the_admin_shows_runs_and_starts_one(admin_client, make_household):
    make_household()
    url = reverse("admin:applications_recomputerun_changelist")

    response = admin_client.post(reverse("admin:applications_recomputerun_start"), follow=True)

    assert response.redirect_chain[-1][0] == url
    run = RecomputeRun.objects.get()
    assert "admin" in run.reason or "管理后台" in run.reason
    assert "按现行规则重新计算全部" in admin_client.get(url).text


def test_the_queue_can_show_the_applications_the_rules_changed(admin_client, make_application):
    changed = make_application()
    type(changed).objects.filter(pk=changed.pk).update(rules_changed=True)

    response = admin_client.get(
        reverse("admin:applications_application_changelist"), {"rules_changed__exact": "1"}
    )

    assert [a.reference for a in response.context["cl"].result_list] == [changed.reference]
