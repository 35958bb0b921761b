"""Reads of the jurisdiction tree. The engine gets it as plain data (`Places`); the place
selects get it with each place's level and children (`PlaceTree`). Both are cached per process
and rebuilt when the table changes."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass

from django.db.models import Count, Max

from apps.benefits.engine import Place, Places
from apps.jurisdictions.models import Jurisdiction

COUNTRY = "100000"

_lock = threading.Lock()
_cache: dict[str, object] = {}


def _stamp() -> dict[str, object]:
    return Jurisdiction.objects.aggregate(n=Count("code"), last=Max("code"))


def places_get() -> Places:
    stamp = _stamp()
    with _lock:
        if _cache.get("stamp") != stamp:
            rows = Jurisdiction.objects.values_list("code", "name", "name_en", "parent_id")
            _cache["places"] = Places(
                {code: Place(code, name, name_en, parent) for code, name, name_en, parent in rows}
            )
            _cache["stamp"] = stamp
        return _cache["places"]  # type: ignore[return-value]


@dataclass(frozen=True)
class PlaceOption:
    code: str
    name: str
    name_en: str
    level: str

    def label(self, lang: str) -> str:
        return self.name_en if lang == "en" and self.name_en else self.name


@dataclass(frozen=True)
class PlaceTree:
    """The divisions under each place, in code order, and the places with a local policy
    (`marked`: those whose subtree holds a program's granting jurisdiction)."""

    children: Mapping[str, tuple[PlaceOption, ...]]
    parents: Mapping[str, str | None]
    marked: frozenset[str]

    def under(self, parent: str) -> tuple[PlaceOption, ...]:
        return self.children.get(parent, ())

    def is_under(self, code: str, parent: str) -> bool:
        return code in self.parents and self.parents[code] == parent

    def path(self, code: str) -> list[str]:
        """The codes from the province down to `code`, inclusive (the country left out)."""
        chain: list[str] = []
        current: str | None = code
        while current is not None and current in self.parents and current != COUNTRY:
            chain.append(current)
            current = self.parents[current]
        return list(reversed(chain))


def place_tree() -> PlaceTree:
    """The tree for the place selects: two queries, however many selects a page has (a page
    binds all its place forms to one tree)."""
    from apps.benefits.models import Program

    stamp = _stamp()
    granting = frozenset(Program.objects.values_list("jurisdiction_id", flat=True).distinct())
    key = (stamp, granting)
    with _lock:
        if _cache.get("tree_key") != key:
            _cache["tree"] = _tree_build(granting)
            _cache["tree_key"] = key
        return _cache["tree"]  # type: ignore[return-value]


def _tree_build(granting: frozenset[str]) -> PlaceTree:
    children: dict[str, list[PlaceOption]] = {}
    parents: dict[str, str | None] = {}
    rows = Jurisdiction.objects.order_by("code").values_list(
        "code", "name", "name_en", "level", "parent_id"
    )
    for code, name, name_en, level, parent in rows:
        parents[code] = parent
        if parent is not None:
            children.setdefault(parent, []).append(PlaceOption(code, name, name_en, level))
    marked: set[str] = set()
    for code in granting:
        current: str | None = code
        while current is not None and current in parents and current not in marked:
            marked.add(current)
            current = parents[current]
    marked.discard(COUNTRY)
    return PlaceTree(
        children={parent: tuple(options) for parent, options in children.items()},
        parents=parents,
        marked=frozenset(marked),
    )
