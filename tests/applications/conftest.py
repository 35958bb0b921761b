"""Families, applications and the people who review them, built through the ORM and the
services. The jurisdictions and policies are loaded by tests/conftest.py."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from stdnum.cn import ric

from apps.applications.models import Application, CaseworkerAssignment
from apps.applications.selectors import (
    cash_entitlements,
    entitlement_claim,
    family_child_dates,
)
from apps.applications.services import (
    CASEWORKERS,
    PAYMENT_OFFICERS,
    POLICY_STAFF,
    application_submit,
    roles_ensure,
)
from apps.benefits.services import entitlements_compute
from apps.children.models import HouseholdChild
from apps.households.models import Household, HouseholdParent
from apps.households.selectors import household_family

GONGSHU, QINGYUAN, HANGZHOU = "330105", "331126", "330100"
# The day the fixture families apply: the 拱墅 grant for a child born 2024-03-01 must be claimed
# within 180 days of the birth (杭州市育儿补助实施办法 一（二）4), so they apply in time.
APPLIED_ON = date(2024, 6, 1)


def id_number(area: str = "110101", born: str = "19900101", sequence: str = "123") -> str:
    """A resident ID number with a right check digit."""
    body = f"{area}{born}{sequence}"
    return body + ric.calc_check_digit(body + "0")  # it reads the first 17 digits


ADULT_ID = id_number()


@pytest.fixture(autouse=True)
def today_is_applied_on(today: Callable[[date | str], date]) -> date:
    """The service's "today" is APPLIED_ON in these tests: what a family may claim depends on
    the day (deadlines), so the families apply on a day they still can."""
    return today(APPLIED_ON)


@pytest.fixture
def roles(db: Any) -> dict[str, Any]:
    return roles_ensure()


@pytest.fixture
def make_household(db: Any) -> Callable[..., Household]:
    def make(
        jurisdiction: str = GONGSHU,
        children: tuple[tuple[str, str | None], ...] = (("2020-05-01", None), ("2024-03-01", None)),
        hukou: str | None = None,
    ) -> Household:
        """Both parents with hukou where they live; children as (birth date, hukou) with the
        child's hukou where they live unless told."""
        household = Household.objects.create(jurisdiction_id=jurisdiction)
        for role in ("mother", "father"):
            HouseholdParent.objects.create(
                household=household, role=role, hukou_id=hukou or jurisdiction
            )
        for position, (born, child_hukou) in enumerate(children):
            HouseholdChild.objects.create(
                household=household,
                position=position,
                date=date.fromisoformat(born),
                hukou_id=child_hukou or jurisdiction,
            )
        return household

    return make


def cash_keys(
    household: Household, programs: tuple[str, ...] = (), as_of: date = APPLIED_ON
) -> list[str]:
    family = household_family(household=household)
    evaluation = entitlements_compute(
        family=family, jurisdiction=household.jurisdiction_id, as_of=as_of
    )
    children = family_child_dates(family)
    return [
        str(entitlement_claim(e, children))
        for e in cash_entitlements(evaluation=evaluation)
        if not programs or e.program in programs
    ]


@pytest.fixture
def make_application(make_household: Callable[..., Household]) -> Callable[..., Application]:
    def make(
        jurisdiction: str = GONGSHU,
        programs: tuple[str, ...] | None = None,
        name: str = "王小红",
        id_no: str = ADULT_ID,
        household: Household | None = None,
    ) -> Application:
        """An application for the Gongshu childcare grant in 拱墅, else for all the cash."""
        household = household or make_household(jurisdiction=jurisdiction)
        if programs is None:
            programs = ("gongshu-2023-childcare-grant",) if jurisdiction == GONGSHU else ()
        application, secret = application_submit(
            household=household,
            applicant_name=name,
            id_number=id_no,
            phone="13800138000",
            bank_account="6222020200112233446",
            entitlement_keys=cash_keys(household, programs),
            consent_text="同意",
            as_of=APPLIED_ON,
        )
        application.secret = secret  # type: ignore[attr-defined]  # for the test's status URL
        return application

    return make


@pytest.fixture
def make_staff(roles: dict[str, Any], django_user_model: Any) -> Callable[..., Any]:
    def make(role: str, place: str | None = None) -> Any:
        if role == "superuser":
            return django_user_model.objects.create_superuser(
                username="root", password="x", email="root@example.cn"
            )
        user = django_user_model.objects.create_user(
            username=f"{role}-{place or 'all'}", password="x", is_staff=True
        )
        if role == "caseworker":
            user.groups.add(roles[CASEWORKERS])
            CaseworkerAssignment.objects.create(user=user, jurisdiction_id=place)
        elif role == "payment":
            user.groups.add(roles[PAYMENT_OFFICERS])
            CaseworkerAssignment.objects.create(user=user, jurisdiction_id=place)
        elif role == "policy":
            user.groups.add(roles[POLICY_STAFF])
        return user

    return make


@pytest.fixture
def gongshu_caseworker(make_staff: Callable[..., Any]) -> Any:
    return make_staff("caseworker", GONGSHU)


@pytest.fixture
def qingyuan_caseworker(make_staff: Callable[..., Any]) -> Any:
    return make_staff("caseworker", QINGYUAN)
