"""The scenario files of tests/scenarios/ (and the shared seeds), run through the JSON API.

Each case is a family, a place and a day with the amounts and days the product must answer,
in the format of shared/examples/seeds.json.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
FILES = sorted((HERE.parent / "scenarios").glob("*.json"))
SHARED = HERE.parent.parent.parent / "shared" / "examples"
FILES += sorted(SHARED.glob("*.json")) if SHARED.is_dir() else []
NATIONAL = "100000"

CASES = [
    pytest.param(case, id=f"{path.stem}: {case['name']}")
    for path in FILES
    for case in json.loads(path.read_text(encoding="utf-8"))
]


def summarise(answer: dict, as_of: date) -> dict[str, dict[str, Decimal]]:
    """Add up eligible amounts and days as shared/api.md says a reader should, and as
    shared/tools/check_scenarios.py does: only what the family is owed (basis "entitlement")."""
    out: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for e in answer["entitlements"]:
        if not e["eligible"] or e["basis"] != "entitlement":
            continue
        child = None if e["child"] is None else str(e["child"])
        if e["category"] in ("one_off", "recurring") and child is not None:
            level = "national" if e["jurisdiction"] == NATIONAL else "local"
            out[f"{e['category']}_{level}"][child] += Decimal(e["amount"])
        elif e["leave_type"] in ("maternity", "paternity") and child is not None:
            out[e["leave_type"]][child] += e["days"]
        elif e["leave_type"] == "parental" and e["parent"]:
            start, end = date.fromisoformat(e["start"]), e["end"] and date.fromisoformat(e["end"])
            if start <= as_of and (end is None or as_of < end):
                out["parental_per_year"][e["parent"]] += e["days"]
    return out


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES)
def test_scenario(client, case: dict) -> None:
    response = client.post("/api/v1/entitlements", case["request"], content_type="application/json")
    assert response.status_code == case.get("status", 200), response.content[:300]
    answer = response.json()
    if response.status_code != 200:
        named = {error["field"] for error in answer["errors"]}
        assert set(case["error_fields"]) <= named
        return
    got = summarise(answer, date.fromisoformat(case["request"]["as_of"]))
    for key, expected in case["expect"].items():
        for who, amount in expected.items():
            assert got[key][str(who)] == Decimal(str(amount)), f"{key}[{who}]"
