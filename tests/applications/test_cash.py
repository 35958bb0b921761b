"""One test of money decides what a family is due, what it may apply for and what a policy
change costs: money an employer "may" pay (永济's 婴幼儿保教费, 五（十三）) is shown but never
counted, applied for or costed."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from apps.applications.impact import impact_preview
from apps.applications.selectors import cash_entitlements
from apps.benefits.models import Program
from apps.benefits.services import entitlements_compute
from apps.households.selectors import household_family

pytestmark = pytest.mark.django_db
YONGJI = "140881"
EMPLOYER_FEE = "yongji-2023-childcare-fee"
AS_OF = date(2025, 6, 1)


@pytest.fixture
def yongji_family(make_household):
    """Two employed parents in 永济 with a child born in 2024: under 3 on the day asked."""
    return make_household(jurisdiction=YONGJI, children=(("2024-07-01", None),))


def evaluate(household):
    return entitlements_compute(
        family=household_family(household=household),
        jurisdiction=household.jurisdiction_id,
        as_of=AS_OF,
    )


def test_the_employer_fee_is_shown_as_eligible_but_not_counted(yongji_family):
    evaluation = evaluate(yongji_family)
    fees = [e for e in evaluation.entitlements if e.program == EMPLOYER_FEE]

    assert sorted((e.parent, e.eligible, e.basis) for e in fees) == [
        ("father", True, "employer_may"),
        ("mother", True, "employer_may"),
    ]
    assert all(e.amount > 0 and not e.counted_cash for e in fees)
    counted = sum((e.amount for e in evaluation.entitlements if e.counted_cash), Decimal(0))
    assert evaluation.cash_total() == counted
    assert evaluation.total("recurring") == sum(
        (e.amount for e in evaluation.entitlements if e.counted_cash and e.category == "recurring"),
        Decimal(0),
    )


def test_the_employer_fee_cannot_be_applied_for(yongji_family):
    programs = {e.program for e in cash_entitlements(evaluation=evaluate(yongji_family))}

    assert EMPLOYER_FEE not in programs
    assert programs  # the government's money is still offered


def test_raising_the_employer_fee_costs_the_government_nothing(yongji_family):
    program = Program.objects.select_related("document").get(slug=EMPLOYER_FEE)
    program.params = {**program.params, "amounts": {"any": "500"}}

    impact = impact_preview(changed=[program], as_of=AS_OF)

    assert impact.households.evaluated == 1
    assert impact.households.difference == Decimal("0.00")
    assert impact.households.better_off == impact.households.gain == 0
