"""Two households, one applicant, the same child, submitted at the same moment: the database
lets one claim through, whichever request wins, and refuses the other with a clear message.

This needs real concurrent transactions, so it runs on PostgreSQL (the production database;
`make test` runs it in CI). SQLite takes one writer at a time (BEGIN IMMEDIATE), so there is no
race there to test."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections

from apps.applications.models import Claim
from apps.applications.services import application_submit
from apps.children.models import HouseholdChild
from apps.households.models import Household, HouseholdParent
from tests.applications.conftest import GONGSHU, cash_keys, id_number

PAIRS = 50
GRANT = ("gongshu-2023-childcare-grant",)
APPLIED_ON = date(2024, 6, 1)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL"
    ),
]


def household() -> Household:
    made = Household.objects.create(jurisdiction_id=GONGSHU)
    for role in ("mother", "father"):
        HouseholdParent.objects.create(household=made, role=role, hukou_id=GONGSHU)
    for position, born in enumerate((date(2020, 5, 1), date(2024, 3, 1))):
        HouseholdChild.objects.create(
            household=made, position=position, date=born, hukou_id=GONGSHU
        )
    return made


def submit(made: Household, applicant: str, start: threading.Barrier) -> str:
    try:
        start.wait()
        application_submit(
            household=made,
            applicant_name="王小红",
            id_number=applicant,
            phone="13800138000",
            bank_account="6222020200112233446",
            entitlement_keys=cash_keys(made, GRANT, as_of=APPLIED_ON),
            consent_text="同意",
            as_of=APPLIED_ON,
        )
        return "claimed"
    except ValidationError as refused:
        assert [e.code for e in refused.error_list] == ["duplicate"], refused
        return "refused"
    finally:
        connections.close_all()  # this thread's connection


def test_fifty_pairs_at_once_make_fifty_single_claims(committed_data):
    pairs = [(household(), household(), id_number(sequence=f"{n:03d}")) for n in range(PAIRS)]
    barriers = [threading.Barrier(2) for _ in pairs]

    with ThreadPoolExecutor(max_workers=20) as pool:
        futures = [
            (
                pool.submit(submit, first, applicant, barrier),
                pool.submit(submit, second, applicant, barrier),
            )
            for (first, second, applicant), barrier in zip(pairs, barriers, strict=True)
        ]
        results = [sorted((a.result(), b.result())) for a, b in futures]

    assert results == [["claimed", "refused"]] * PAIRS
    assert Claim.objects.count() == PAIRS
    assert Claim.objects.values("claimant_hash").distinct().count() == PAIRS
