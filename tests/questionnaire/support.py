"""A family as a parent would enter it, walked through the questionnaire with no JavaScript,
and the same family asked of the API."""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from typing import Any

from django.test import Client

from apps.jurisdictions.forms import UNKNOWN, PlaceForm


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
    # role -> monthly unemployment benefit, for a parent not employed who receives it
    unemployment_benefit: dict[str, str] = field(default_factory=dict)


def place_data(prefix: str, code: str | None) -> dict[str, str]:
    return {f"{prefix}-{level}": value for level, value in PlaceForm.initial_for(code).items()}


def hukou_data(prefix: str, code: str | None) -> dict[str, str]:
    """A hukou question answered: a place, or "don't know" for None or ""."""
    return place_data(prefix, code or UNKNOWN)


def date_data(name: str, day: str) -> dict[str, str]:
    """A date as its year, month and day boxes post it ("2024-07-01": 2024, 7, 1)."""
    year, month, day_of_month = (part.lstrip("0") or "0" for part in day.split("-"))
    return {f"{name}-year": year, f"{name}-month": month, f"{name}-day": day_of_month}


def error_summary(page: str) -> list[str]:
    """The messages of a page's error summary, in order, as the parent reads them."""
    summary = re.search(r'<div class="error-summary".*?</ul>', page, re.S)
    if summary is None:
        return []
    return [html.unescape(m) for m in re.findall(r'<li><a href="#[^"]+">([^<]+)</a>', summary[0])]


DATE_BOX = re.compile(r'name="child-(\d+)-date-(year|month|day)"[^>]*\svalue="([^"]*)"')


def shown_dates(page: str) -> list[str]:
    """The dates the children page shows typed in its rows, in row order, as "year-month-day"
    (each box as typed: "2024-7-1")."""
    boxes: dict[int, dict[str, str]] = {}
    for row, part, value in DATE_BOX.findall(page):
        boxes.setdefault(int(row), {})[part] = value
    return [
        "-".join(boxes[row].get(part, "") for part in ("year", "month", "day"))
        for row in sorted(boxes)
    ]


def parents_data(family: Family) -> dict[str, str]:
    roles = [r for r in ("mother", "father") if getattr(family, r) is not None]
    data = {"who": "both" if len(roles) == 2 else roles[0]}
    for role in roles:
        data.update(hukou_data(f"{role}-hukou", getattr(family, role)))
        if family.employed[role]:
            data[f"{role}-employed"] = "yes"
            data[f"{role}-works_where"] = "elsewhere" if role in family.works_in else "same"
            data.update(place_data(f"{role}-work", family.works_in.get(role)))
        else:
            data[f"{role}-employed"] = "no"
            benefit = family.unemployment_benefit.get(role)
            data[f"{role}-receives_unemployment_benefit"] = "yes" if benefit else "no"
            if benefit:
                data[f"{role}-unemployment_benefit"] = benefit
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
            f"child-{i}-babies": str(kid.babies),
            f"child-{i}-of_this_couple": "yes" if kid.of_this_couple else "no",
        }
        data |= date_data(f"child-{i}-date", kid.date)
        if kid.difficult_birth:
            data[f"child-{i}-difficult_birth"] = "on"
        data.update(hukou_data(f"child-{i}-hukou", kid.hukou))
    return data


def answer(client: Client, family: Family) -> Any:
    """Answer every question page with plain POSTs, following each redirect; return the
    "check your answers" page."""
    response = client.post("/place/", place_data("home", family.home), follow=True)
    assert response.redirect_chain[-1][0] == "/parents/", response.content.decode()[:500]
    response = client.post("/parents/", parents_data(family), follow=True)
    assert response.redirect_chain[-1][0] == "/children/", _errors(response)
    response = client.post("/children/", children_data(family.children), follow=True)
    assert response.redirect_chain[-1][0] == "/check/", _errors(response)
    return response


def walk(client: Client, family: Family) -> Any:
    """Answer every page with plain POSTs, following each redirect; return the results page."""
    answer(client, family)
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
            "unemployment_benefit": family.unemployment_benefit.get(role),
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
