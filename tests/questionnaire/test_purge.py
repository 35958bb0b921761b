"""Saved answers are kept 30 days from their last change, as the save page promises; then
`manage.py purge_households` deletes them."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from apps.children.models import HouseholdChild
from apps.households.models import Household, HouseholdParent

pytestmark = pytest.mark.django_db


def household_changed(ago: timedelta) -> Household:
    household = Household.objects.create(jurisdiction_id="410105")
    HouseholdParent.objects.create(household=household, role="mother", hukou_id="410105")
    HouseholdChild.objects.create(household=household, date="2024-07-01")
    Household.objects.filter(pk=household.pk).update(updated_at=timezone.now() - ago)
    return household


def purge(*args: str) -> str:
    out = io.StringIO()
    call_command("purge_households", *args, stdout=out)
    return out.getvalue()


@pytest.mark.parametrize(
    ("ago", "kept"),
    [
        (timedelta(days=0), True),
        (timedelta(days=29, hours=23), True),
        (timedelta(days=30, minutes=1), False),
        (timedelta(days=400), False),
    ],
)
def test_answers_not_changed_for_30_days_are_deleted(ago, kept):
    household = household_changed(ago)
    output = purge()
    assert Household.objects.filter(pk=household.pk).exists() is kept
    assert f"{0 if kept else 1} household(s) not changed for 30 days were deleted" in output
    assert HouseholdParent.objects.count() == HouseholdChild.objects.count() == (1 if kept else 0)


def test_the_number_of_days_can_be_chosen():
    household_changed(timedelta(days=8))
    recent = household_changed(timedelta(days=6))
    assert "1 household(s) not changed for 7 days were deleted" in purge("--days", "7")
    assert list(Household.objects.all()) == [recent]


def test_a_dry_run_counts_and_deletes_nothing():
    household_changed(timedelta(days=31))
    household_changed(timedelta(days=45))
    household_changed(timedelta(days=1))
    assert "2 household(s) not changed for 30 days would be deleted" in purge("--dry-run")
    assert Household.objects.count() == 3


def test_days_must_be_positive():
    household_changed(timedelta(days=1))
    with pytest.raises(CommandError):
        purge("--days", "0")
    assert Household.objects.count() == 1
