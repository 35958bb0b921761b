"""Reads of the jurisdiction tree for the place selects (`PlaceTree`): each place's level and
the places under it, kept per process until the tree changes (`versions`).

Which places have a local policy is not this app's to know: the app that does registers a
provider of them (`place_marks_register`), and the selects list those places first.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from apps.jurisdictions.models import Jurisdiction
from apps.jurisdictions.versions import Kept, versions

COUNTRY = "100000"
PLACES = "places"  # the DataVersion key of the jurisdiction tree

_marks_providers: list[Callable[[], frozenset[str]]] = []
_tree: Kept[PlaceTree] = Kept()


def place_marks_register(provider: Callable[[], frozenset[str]]) -> None:
    """Add a provider of places to mark in the selects: codes whose ancestors are marked too."""
    if provider not in _marks_providers:
        _marks_providers.append(provider)


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
    """The divisions under each place, in code order, and the places to list first (`marked`:
    those whose subtree holds a marked code, such as a program's granting place)."""

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
    """The tree for the place selects, built once per process until the tree or the marks
    change; a page binds all its place forms to one tree."""
    marks = frozenset().union(*(provider() for provider in _marks_providers))
    key = (versions().get(PLACES), marks)
    return _tree.get(key, lambda: _tree_build(marks))


def _tree_build(marks: frozenset[str]) -> PlaceTree:
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
    for code in marks:
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
