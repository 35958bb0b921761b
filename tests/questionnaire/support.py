"""A family as a parent would enter it, walked through the questionnaire with no JavaScript,
and the same family asked of the API."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from django.test import Client

from apps.jurisdictions.forms import PlaceForm


@dataclass
class Kid:
    date: str
    born: bool = True
    babies: int = 1
    hukou: str | None = None
    of_this_couple: bool = True
    difficult_birth: bool = False


@dataclass
class Family:
    name: str
    home: str
    mother: str | None = None  # hukou code; "" for don't know; None: no mother
    father: str | None = None
    employed: dict[str, bool] = field(default_factory=lambda: {"mother": True, "father": True})
    children: list[Kid] = field(default_factory=list)
    works_in: dict[str, str] = field(default_factory=dict)  # role -> code; else where they live


def place_data(prefix: str, code: str | None) -> dict[str, str]:
    return {f"{prefix}-{level}": value for level, value in PlaceForm.initial_for(code).items()}


def parents_data(family: Family) -> dict[str, str]:
    roles = [r for r in ("mother", "father") if getattr(family, r) is not None]
    data = {"who": "both" if len(roles) == 2 else roles[0]}
    for role in roles:
        data[f"{role}-employed"] = "yes" if family.employed[role] else "no"
        data.update(place_data(f"{role}-hukou", getattr(family, role) or None))
        if role in family.works_in:
            data[f"{role}-works_where"] = "elsewhere"
            data.update(place_data(f"{role}-work", family.works_in[role]))
    return data


def children_data(kids: list[Kid]) -> dict[str, str]:
    """The children page as a browser posts it: the formset's management form, then the rows."""
    data = {
        "child-TOTAL_FORMS": str(len(kids)),
        "child-INITIAL_FORMS": "0",
        "child-MIN_NUM_FORMS": "0",
        "child-MAX_NUM_FORMS": "20",
    }
    for i, kid in enumerate(kids):
        data |= {
            f"child-{i}-born": "born" if kid.born else "expected",
            f"child-{i}-date": kid.date,
            f"child-{i}-babies": str(kid.babies),
            f"child-{i}-of_this_couple": "yes" if kid.of_this_couple else "no",
        }
        if kid.difficult_birth:
            data[f"child-{i}-difficult_birth"] = "on"
        data.update(place_data(f"child-{i}-hukou", kid.hukou))
    return data


def walk(client: Client, family: Family) -> Any:
    """Answer every page with plain POSTs, following each redirect; return the results page."""
    response = client.post("/place/", place_data("home", family.home), follow=True)
    assert response.redirect_chain[-1][0] == "/parents/", response.content.decode()[:500]
    response = client.post("/parents/", parents_data(family), follow=True)
    assert response.redirect_chain[-1][0] == "/children/"
    response = client.post("/children/", children_data(family.children), follow=True)
    assert response.redirect_chain[-1][0] == "/check/", _errors(response)
    return client.get("/results/")


def _errors(response: Any) -> str:
    return str(response.context and response.context.get("errors"))


def api_answer(
    client: Client, family: Family, *, as_of: str, lang: str = "zh-hans"
) -> dict[str, Any]:
    parents = [
        {
            "role": role,
            "hukou": getattr(family, role) or None,
            "employed": family.employed[role],
            "works_in": family.works_in.get(role),
        }
        for role in ("mother", "father")
        if getattr(family, role) is not None
    ]
    children = []
    for kid in family.children:
        for _ in range(kid.babies):
            child: dict[str, Any] = {
                "hukou": kid.hukou,
                "of_this_couple": kid.of_this_couple,
                "difficult_birth": kid.difficult_birth,
            }
            child["birth_date" if kid.born else "expected_date"] = kid.date
            children.append(child)
    body = {
        "jurisdiction": family.home,
        "as_of": as_of,
        "lang": lang,
        "parents": parents,
        "children": children,
    }
    response = client.post(
        "/api/v1/entitlements", json.dumps(body), content_type="application/json"
    )
    assert response.status_code == 200, response.content
    return response.json()
