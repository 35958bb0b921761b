"""Programs as the engine sees them: plain data loaded from the policy fixtures.

A program names its kind (a function in `kinds.REGISTRY`) and carries that kind's parameters,
the window of events it covers, its conditions and the citation of the clause that sets its
amounts. Nothing here touches the database: `apps.benefits.selectors` builds these from rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

Category = Literal["one_off", "recurring", "leave"]
Subject = Literal["child", "mother", "father"]


@dataclass(frozen=True)
class Citation:
    document: str  # the document number, or its title where it has none
    clause: str
    title: str = ""
    url: str | None = None
    text: str = ""  # the clause's own words, shown on demand


@dataclass(frozen=True)
class Condition:
    """`subject`'s hukou must be registered in `hukou_within` or a place under it."""

    subject: Subject
    hukou_within: str


@dataclass(frozen=True)
class Note:
    zh: str
    en: str

    def text(self, lang: str) -> str:
        return self.en if lang == "en" and self.en else self.zh


@dataclass(frozen=True)
class Program:
    slug: str
    name_zh: str
    name_en: str
    jurisdiction: str  # code of the granting level; national is 100000
    category: Category
    kind: str
    params: Mapping[str, Any]
    citation: Citation
    events_from: date | None = None  # first day of births/pregnancies covered, inclusive
    events_to: date | None = None  # last day covered, inclusive
    conditions: tuple[Condition, ...] = ()
    replaces: tuple[str, ...] = ()  # slugs this local restatement stands in for where it applies
    paid_once_group: str = ""  # programs of one group pay a beneficiary once, most local first
    notes: tuple[Note, ...] = ()  # readings the product takes of an unclear text

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" and self.name_en else self.name_zh


@dataclass(frozen=True)
class RuleSet:
    programs: tuple[Program, ...]
    version: str = "unversioned"
    by_slug: Mapping[str, Program] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_slug", {p.slug: p for p in self.programs})
