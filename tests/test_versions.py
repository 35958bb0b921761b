"""Reference data kept in each process is built again when it changes, however it changes: a
renamed place, a program saved, a fixture loaded."""

from __future__ import annotations

import pytest

from apps.benefits.models import Program
from apps.benefits.places import places_get
from apps.benefits.selectors import rules_current
from apps.jurisdictions.models import Jurisdiction
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
