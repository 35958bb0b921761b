"""The API and the engine over the whole input space (hypothesis): whatever is sent, the answer is
a 200 that matches the documented response schema (the one the OpenAPI description is generated
from) or a 400 naming fields, never a 5xx; no amount is negative; and a family with one more child
born later never gets less for a child it already had."""

from __future__ import annotations

import json
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from apps.benefits.api import EntitlementResponse
from apps.benefits.engine import Child, Family, Parent, evaluate
from apps.benefits.policy_files import places_from_file, rules_from_files

pytestmark = pytest.mark.django_db
URL = "/api/v1/entitlements"
PLACES = places_from_file()
RULES = rules_from_files()
# Every place a modelled policy names, their parents and children's first few, and some others.
MODELLED = {r.jurisdiction for r in RULES.programs}
NEARBY = {c for c in PLACES.by_code if c.startswith(("41", "14", "53", "33"))}
CODES = [*sorted(MODELLED | NEARBY)[:400], "110101", "440106", "510104", "650102", "100000"]
SETTINGS = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

codes = st.sampled_from(CODES)
any_codes = st.one_of(codes, st.text(max_size=8), st.integers(), st.none())
days = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))
any_days = st.one_of(
    days.map(date.isoformat),
    st.dates().map(date.isoformat),  # year 1 to 9999
    st.text(max_size=12),
    st.integers(),
    st.none(),
)
money = st.one_of(
    st.decimals(min_value=0, max_value=100000, places=2).map(str),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=6),
    st.none(),
)
parent = st.fixed_dictionaries(
    {"role": st.sampled_from(["mother", "father", "grandma", ""])},
    optional={
        "hukou": any_codes,
        "employed": st.one_of(st.booleans(), st.none(), st.text(max_size=3)),
        "works_in": any_codes,
        "unemployment_benefit": money,
    },
)
child = st.fixed_dictionaries(
    {},
    optional={
        "birth_date": any_days,
        "expected_date": any_days,
        "hukou": any_codes,
        "of_this_couple": st.one_of(st.booleans(), st.none()),
        "difficult_birth": st.one_of(st.booleans(), st.none(), st.integers()),
    },
)
anything = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=5)),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=10,
)
request_body = st.fixed_dictionaries(
    {
        "jurisdiction": any_codes,
        "parents": st.one_of(st.lists(parent, max_size=3), anything),
        "children": st.one_of(st.lists(child, max_size=6), anything),
    },
    optional={"as_of": any_days, "lang": st.sampled_from(["zh-hans", "en", "fr", ""])},
)


def post(client: Client, body: object):
    return client.post(URL, json.dumps(body, default=str), content_type="application/json")


def amounts(answer: dict) -> list[Decimal]:
    found = [Decimal(v) for v in answer["totals"].values() if v is not None]
    for e in answer["entitlements"]:
        found += [Decimal(e[k]) for k in ("amount", "period_amount") if e.get(k) is not None]
        found += [Decimal(p["amount"]) for p in e.get("payments") or []]
    return found


@SETTINGS
@given(body=st.one_of(request_body, anything))
def test_any_body_gets_a_200_in_the_documented_shape_or_a_400_naming_fields(body):
    response = post(Client(raise_request_exception=False), body)

    assert response.status_code in (200, 400), response.content[:500]
    answer = response.json()
    if response.status_code == 400:
        assert answer["errors"] and all(e["field"] and e["message"] for e in answer["errors"])
        return
    EntitlementResponse.model_validate(answer)  # the schema of the OpenAPI description
    assert all(amount >= 0 for amount in amounts(answer))


# --- The engine, without Django: a valid family anywhere ------------------------------------

valid_parent = st.builds(
    Parent,
    role=st.sampled_from(["mother", "father"]),
    hukou=st.one_of(codes, st.none()),
    employed=st.booleans(),
    works_in=st.one_of(codes, st.none()),
)


@st.composite
def families(draw):
    as_of = draw(st.dates(min_value=date(2019, 1, 1), max_value=date(2030, 12, 31)))
    roles = draw(st.sampled_from([("mother",), ("father",), ("mother", "father")]))
    parents = tuple(
        Parent(
            role,
            hukou=draw(st.one_of(codes, st.none())),
            employed=draw(st.booleans()),
            works_in=draw(st.one_of(codes, st.none())),
        )
        for role in roles
    )
    born = sorted(
        draw(
            st.lists(
                st.dates(min_value=as_of - timedelta(days=365 * 12), max_value=as_of),
                max_size=4,
            )
        )
    )
    children = tuple(
        Child(
            index=i,
            birth_date=day,
            hukou=draw(st.one_of(codes, st.none())),
            difficult_birth=draw(st.booleans()),
        )
        for i, day in enumerate(born)
    )
    return draw(codes), as_of, Family(parents=parents, children=children)


def per_child_money(evaluation) -> dict[int, Decimal]:
    money: dict[int, Decimal] = {}
    for e in evaluation.entitlements:
        if e.child is not None and e.counted_cash and not e.estimate:
            money[e.child] = money.get(e.child, Decimal(0)) + (e.amount or Decimal(0))
    return money


@settings(max_examples=300, deadline=None)
@given(case=families(), later=st.integers(min_value=0, max_value=400))
def test_a_child_born_later_never_lowers_what_an_older_child_gets(case, later):
    where, as_of, family = case
    last = max((c.birth_date for c in family.children), default=as_of - timedelta(days=800))
    newborn = Child(
        index=len(family.children),
        birth_date=min(last + timedelta(days=later), as_of),
        hukou=where,
    )
    bigger = Family(parents=family.parents, children=(*family.children, newborn))

    before = evaluate(family, jurisdiction=where, as_of=as_of, rules=RULES, places=PLACES)
    after = evaluate(bigger, jurisdiction=where, as_of=as_of, rules=RULES, places=PLACES)

    assert all(e.amount is None or e.amount >= 0 for e in after.entitlements)
    gained = per_child_money(after)
    for index, amount in per_child_money(before).items():
        assert gained.get(index, Decimal(0)) >= amount, (index, before, after)
