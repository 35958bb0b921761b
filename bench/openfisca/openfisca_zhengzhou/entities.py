"""A person, and the household of the couple and their children."""

from __future__ import annotations

from openfisca_core.entities import build_entity

Household = build_entity(
    key="household",
    plural="households",
    label="A couple and their children",
    roles=[
        {"key": "parent", "plural": "parents", "label": "Parent", "max": 2},
        {"key": "child", "plural": "children", "label": "Child"},
    ],
)

Person = build_entity(key="person", plural="persons", label="A person", is_person=True)

entities = [Household, Person]
