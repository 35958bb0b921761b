"""Reference data kept in each process is built again when it changes, however it changes: a
renamed place, a program saved, a fixture loaded."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from apps.benefits.models import Program
from apps.benefits.places import places_get
from apps.benefits.selectors import rules_current
from apps.jurisdictions import versions
from apps.jurisdictions.models import DataVersion, Jurisdiction
from apps.jurisdictions.selectors import place_tree

pytestmark = pytest.mark.django_db


def test_a_renamed_place_is_seen_by_the_engine_and_the_place_selects() -> None:
    assert places_get().name("331126") == "庆元县"
    assert place_tree().under("331100")  # built once before the change
    Jurisdiction.objects.filter(code="331126").update(name="unchanged")  # no signal: not seen
    assert places_get().name("331126") == "庆元县"

    place = Jurisdiction.objects.get(code="331126")
    place.name = "庆元新县"
    place.save()

    assert places_get().name("331126") == "庆元新县"
    labels = {option.code: option.name for option in place_tree().under("331100")}
    assert labels["331126"] == "庆元新县"


def test_a_program_saved_is_seen_by_the_next_evaluation() -> None:
    before = rules_current()
    program = Program.objects.get(slug="qingyuan-2023-pregnancy-subsidy")
    program.params = {**program.params, "amounts": {"2": "600", "3": "600"}}
    program.save()

    after = rules_current()
    assert after is not before and after.version != before.version
    assert str(after.by_slug["qingyuan-2023-pregnancy-subsidy"].params.amounts["2"]) == "600"


def test_unchanged_data_is_not_built_again() -> None:
    assert rules_current() is rules_current()
    assert places_get() is places_get()


def test_freshness_costs_no_query_within_a_second(django_assert_num_queries) -> None:
    rules_current()
    places_get()

    with django_assert_num_queries(0):
        rules_current()
        places_get()


def test_another_process_s_change_is_seen_once_its_copy_is_older_than_a_second(
    monkeypatch,
) -> None:
    """Another process bumps the version in the database and the shared cache; this process's
    copy of the tokens is trusted for CHECK_SECONDS, then read again."""
    before = rules_current()
    clock = [1000.0]
    monkeypatch.setattr(versions.time, "monotonic", lambda: clock[0])
    versions.versions_forget()
    versions.versions()  # this process's copy, read at t=1000
    DataVersion.objects.filter(key="rules").update(token="changed-elsewhere")
    cache.delete(versions.CACHE_KEY)  # as version_bump in the other process does

    clock[0] += 0.5
    assert rules_current() is before  # still within the second
    clock[0] += 0.6
    assert rules_current() is not before  # read again, and rebuilt


def test_a_token_read_before_a_commit_is_dropped_after_it(django_capture_on_commit_callbacks):
    """Another process may read the old token while the bump is not yet committed and put it
    in the shared cache: the copy is dropped again once the change commits."""
    with django_capture_on_commit_callbacks(execute=True):
        versions.version_bump("rules")
        cache.set(versions.CACHE_KEY, {"rules": "stale"})  # a reader before the commit
    assert cache.get(versions.CACHE_KEY) is None
    assert versions.versions()["rules"] != "stale"
