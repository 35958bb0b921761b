"""Programs as the engine sees them: plain data loaded from the policy fixtures.

A program names its kind (a function in `kinds.REGISTRY`) and carries that kind's parameters
(as the kind's `Params` model: read once, when the rule set is built),
the window of events it covers, which of the family's places ties it to the program, its
conditions, what the family gets (owed, or what an employer may grant, or support in kind), the
deadline for claiming it and the citation of the clause that sets its amounts. Nothing here touches the database: `apps.benefits.selectors` builds these from rows.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

Category = Literal["one_off", "recurring", "leave"]
Subject = Literal["child", "mother", "father"]
# Which of the family's places ties it to a program (reading 9 of the policy README):
# "residence": the family lives in the program's place; "hukou": the program's hukou conditions
# decide, wherever the family lives; "employer": each parent by the place of their employer
# (leave, and what an employer pays).
Follows = Literal["residence", "hukou", "employer"]
# What the family gets (reading 13): "entitlement" is owed; "employer_may" is what a clause lets
# an employer grant ("可以"), shown but never counted as owed; "in_kind" is paid to an insurer or
# provider for the family, shown but not counted as the family's cash.
Basis = Literal["entitlement", "employer_may", "in_kind"]
# Where a claim is made: to the parent's employer (leave, and what an employer pays), or to a
# public office (a health commission, the social insurance agency, an online system).
Channel = Literal["employer", "office"]
# How the claim's details are known: "policy", the document says them (its `clause`);
# "reported", from second-hand reports; "general", the usual practice where the document says
# nothing: the page says which.
ClaimSource = Literal["policy", "reported", "general"]
FOLLOWS: tuple[Follows, ...] = ("residence", "hukou", "employer")
BASES: tuple[Basis, ...] = ("entitlement", "employer_may", "in_kind")


@dataclass(frozen=True)
class Citation:
    document: str  # the document number, or its title where it has none
    clause: str
    title: str = ""
    url: str | None = None
    text: str = ""  # the clause's own words, shown on demand
    # confirmed: the clause was read in the text; reported: its number is known second-hand;
    # unverified: the article could not be found (the clause is empty, the notes say so)
    confidence: str = "confirmed"
    title_en: str = ""  # the document's title in English, where one is known

    def title_in(self, lang: str) -> str:
        return self.title_en if lang == "en" and self.title_en else self.title


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


@dataclass(frozen=True, slots=True)
class HowToClaim:
    """How to claim one entitlement, in the language asked: see `Claim`."""

    channel: Channel
    how: str
    where: str
    pays: str
    time_to_pay: str = ""
    url: str = ""
    source: ClaimSource = "general"
    clause: str = ""


@dataclass(frozen=True)
class Claim:
    """How a family claims a program: through whom (`channel`), what to do (`how`), the office
    or person that takes the claim (`where`), who pays it or keeps the wage during leave
    (`pays`), how long payment usually takes where known, the official page to claim on, and
    how all this is known (`source`, with the document's `clause` when it says so)."""

    channel: Channel
    how: Note
    where: Note
    pays: Note
    time_to_pay: Note | None = None
    url: str = ""
    source: ClaimSource = "general"
    clause: str = ""

    def text(self, lang: str) -> HowToClaim:
        return HowToClaim(
            channel=self.channel,
            how=self.how.text(lang),
            where=self.where.text(lang),
            pays=self.pays.text(lang),
            time_to_pay=self.time_to_pay.text(lang) if self.time_to_pay else "",
            url=self.url,
            source=self.source,
            clause=self.clause,
        )


@dataclass(frozen=True)
class Rule:
    slug: str
    name_zh: str
    name_en: str
    jurisdiction: str  # code of the granting level; national is 100000
    category: Category
    kind: str
    params: Any  # the kind's Params model (apps.benefits.engine.kinds), parsed from the data
    citation: Citation
    events_from: date | None = None  # first day of births/pregnancies covered, inclusive
    events_to: date | None = None  # last day covered, inclusive
    conditions: tuple[Condition, ...] = ()
    replaces: tuple[str, ...] = ()  # slugs this local restatement stands in for where it applies
    paid_once_group: str = ""  # programs of one group pay a beneficiary once, most local first
    notes: tuple[Note, ...] = ()  # readings the product takes of an unclear text
    documents: tuple[Note, ...] = ()  # what a claim usually needs to show
    follows: Follows = "residence"
    basis: Basis = "entitlement"
    apply_within_days: int | None = None  # the claim is made within this many days of the event
    apply_by: date | None = None  # the last day to claim, whatever the event's date
    claim: Claim | None = None  # how to claim it: where, what to do, who pays

    def name(self, lang: str) -> str:
        return self.name_en if lang == "en" and self.name_en else self.name_zh


@dataclass(frozen=True, slots=True)
class Wording:
    """What a program says of itself in one language, the same for every family: its name, its
    notes, the documents a claim needs and how to claim it."""

    name: str
    notes: tuple[str, ...]
    documents: tuple[str, ...]
    claim: HowToClaim | None


@dataclass(frozen=True)
class RuleSet:
    programs: tuple[Rule, ...]
    version: str = "unversioned"
    by_slug: Mapping[str, Rule] = field(init=False, repr=False, compare=False)
    # Each program's wording by language, worked out on first use: a rule set is kept for many
    # evaluations (in process, until the rules change), and the wording never changes with it.
    _wording: dict[tuple[str, str], Wording] = field(
        init=False, repr=False, compare=False, default_factory=dict
    )

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_slug", {p.slug: p for p in self.programs})

    def wording(self, program: Rule, lang: str) -> Wording:
        key = (program.slug, lang)
        found = self._wording.get(key)
        if found is None:
            found = self._wording[key] = Wording(
                name=program.name(lang),
                notes=tuple(note.text(lang) for note in program.notes),
                documents=tuple(document.text(lang) for document in program.documents),
                claim=program.claim.text(lang) if program.claim else None,
            )
        return found
