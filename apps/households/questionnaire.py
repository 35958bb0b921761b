"""The questionnaire, in one place: its pages in order, each page's forms, and how each saves.

Pages: 1 where the family lives, 2 the parents, 3 the children, 4 check your answers,
5 results. A page opened from "check your answers" (`?return=check`) goes back there when saved.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django import forms
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from apps.households import services
from apps.households.forms import ChildForm, ParentForm, ParentsForm, yes_no
from apps.households.models import Household
from apps.jurisdictions.forms import PlaceForm, place_form
from apps.jurisdictions.selectors import PlaceTree, place_tree

ROLES = ("mother", "father")
ROLE_NAMES: dict[str, Promise] = {"mother": _("母亲"), "father": _("父亲")}


@dataclass(frozen=True)
class Page:
    slug: str  # also the URL name under the `households` namespace
    title: Promise


PAGES: tuple[Page, ...] = (
    Page("place", _("您家住在哪里？")),
    Page("parents", _("父母的情况")),
    Page("children", _("孩子的情况")),
    Page("check", _("检查您的回答")),
    Page("results", _("您家可以享受的待遇")),
)
STEPS = len(PAGES)


def step_of(slug: str) -> int:
    return next(i for i, page in enumerate(PAGES, start=1) if page.slug == slug)


def page_of(slug: str) -> Page:
    return PAGES[step_of(slug) - 1]


def previous_page(slug: str) -> str | None:
    step = step_of(slug)
    return PAGES[step - 2].slug if step > 1 else None


def next_page(slug: str, *, returning: bool) -> str:
    return "check" if returning else PAGES[step_of(slug)].slug


def first_unanswered(household: Household | None) -> str | None:
    """The first question page still to answer; None when the family can see results."""
    if household is None or household.jurisdiction_id is None:
        return "place"
    if not household.parents.all():
        return "parents"
    return None


# --- the question pages: each binds its forms, reads its saved answers and saves them ---------


@dataclass
class Bound:
    """A page's forms, as rendered; `rows` are the children's forms with their place forms."""

    forms: dict[str, forms.Form] = field(default_factory=dict)
    rows: list[tuple[ChildForm, PlaceForm]] = field(default_factory=list)
    blocks: list[tuple[str, Promise, forms.Form, PlaceForm]] = field(default_factory=list)
    problems: list[tuple[str, str]] = field(default_factory=list)  # (element id, message)

    def all(self) -> list[forms.Form]:
        return [*self.forms.values(), *(f for row in self.rows for f in row)]

    def is_valid(self, skip: set[str] = frozenset()) -> bool:  # type: ignore[assignment]
        return (
            not self.problems
            and all(form.is_valid() for name, form in self.forms.items() if name not in skip)
            and all(form.is_valid() for row in self.rows for form in row)
        )

    def error_list(self, skip: set[str] = frozenset()) -> list[tuple[str, str]]:  # type: ignore[assignment]
        """(field id, message) for the error summary, in page order."""
        errors: list[tuple[str, str]] = list(self.problems)
        forms_ = [f for n, f in self.forms.items() if n not in skip]
        for form in [*forms_, *(f for row in self.rows for f in row)]:
            if not form.is_bound:
                continue
            for name in form.fields:
                for message in form.errors.get(name, []):
                    bound = form[name]
                    target = bound.auto_id
                    if isinstance(bound.field.widget, forms.RadioSelect):
                        target = f"{target}_0"
                    errors.append((target, message))
        return errors


def place_bind(household: Household | None, data: Any, lang: str) -> Bound:
    code = household.jurisdiction_id if household else None
    return Bound({"place": place_form(data, prefix="home", kind="residence", code=code, lang=lang)})


def place_save(household: Household, bound: Bound) -> None:
    services.household_place_update(household=household, jurisdiction=bound.forms["place"].code)


def parents_bind(household: Household | None, data: Any, lang: str) -> Bound:
    saved = {p.role: p for p in household.parents.all()} if household else {}
    if data is None:
        who = "both" if len(saved) == 2 else next(iter(saved), None)
        bound = Bound({"who": ParentsForm(initial={"who": who})})
    else:
        bound = Bound({"who": ParentsForm(data)})
    tree = place_tree()
    for role in ROLES:
        parent = saved.get(role)
        initial = {
            "employed": yes_no(parent.employed) if parent else None,
            "works_where": "elsewhere" if parent and parent.works_in_id else "same",
            "unemployment_benefit": parent.unemployment_benefit if parent else None,
        }
        bound.forms[role] = ParentForm(data, prefix=role, initial=initial)
        bound.forms[f"{role}-hukou"] = place_form(
            data,
            prefix=f"{role}-hukou",
            kind="hukou",
            code=parent.hukou_id if parent else None,
            lang=lang,
            tree=tree,
        )
        bound.forms[f"{role}-work"] = place_form(
            data,
            prefix=f"{role}-work",
            kind="work",
            code=parent.works_in_id if parent else None,
            lang=lang,
            tree=tree,
        )
        bound.blocks.append(
            (
                role,
                ROLE_NAMES[role],
                bound.forms[role],
                bound.forms[f"{role}-hukou"],
                bound.forms[f"{role}-work"],
            )
        )
    return bound


def parents_roles(data: Mapping[str, Any] | None) -> list[str]:
    """The roles the family answered for; the other parent's questions are not checked."""
    who = (data or {}).get("who")
    return {"both": ["mother", "father"], "mother": ["mother"], "father": ["father"]}.get(
        who, list(ROLES)
    )


def works_elsewhere(data: Mapping[str, Any] | None, role: str) -> bool:
    """The parent is employed and said the employer is not where the family lives."""
    data = data or {}
    return data.get(f"{role}-employed") == "yes" and data.get(f"{role}-works_where") == "elsewhere"


def parents_skip(data: Mapping[str, Any] | None) -> set[str]:
    """The forms not checked: the absent parent's, and the place of work of a parent who has no
    employer or whose employer is where the family lives ("same as where we live")."""
    roles = parents_roles(data)
    skip = {
        name
        for role in ROLES
        if role not in roles
        for name in (role, f"{role}-hukou", f"{role}-work")
    }
    return skip | {f"{role}-work" for role in ROLES if not works_elsewhere(data, role)}


def parents_save(household: Household, bound: Bound) -> None:
    roles = parents_roles(bound.forms["who"].cleaned_data)
    answers = []
    for role in roles:
        form = bound.forms[role]
        elsewhere = works_elsewhere(form.data, role)
        answers.append(
            services.ParentAnswer(
                role=role,
                hukou=bound.forms[f"{role}-hukou"].code,
                employed=form.cleaned_data["employed"] == "yes",
                unemployment_benefit=form.cleaned_data["unemployment_benefit"] or None,
                works_in=bound.forms[f"{role}-work"].code if elsewhere else None,
            )
        )
    services.household_parents_update(household=household, parents=answers)


def child_row(
    data: Any,
    index: int,
    *,
    today: date,
    lang: str,
    tree: PlaceTree,
    initial: dict[str, Any] | None = None,
    code: str | None = None,
) -> tuple[ChildForm, PlaceForm]:
    prefix = f"child-{index}"
    form = ChildForm(data, prefix=prefix, initial=initial, today=today)
    form.index = index
    # Checked as the parent goes: htmx posts the page, and only the date's message is swapped,
    # so nothing typed meanwhile is overwritten.
    feedback = f"#id_{prefix}-date-feedback"
    form.fields["date"].widget.attrs.update(
        {
            "hx-post": reverse("households:children"),
            "hx-trigger": "change",
            "hx-target": feedback,
            "hx-select": feedback,
            "hx-swap": "outerHTML",
            "hx-vals": json.dumps({"action": f"validate-{index}"}),
        }
    )
    place = place_form(
        data, prefix=f"{prefix}-hukou", kind="hukou", code=code, lang=lang, tree=tree
    )
    return form, place


def children_bind(household: Household | None, data: Any, lang: str, *, today: date) -> Bound:
    bound = Bound()
    tree = place_tree()  # one tree for every row's place selects
    if data is None:
        saved = list(household.children.all()) if household else []
        for index, child in enumerate(saved):
            initial = {
                "born": "born" if child.born else "expected",
                "date": child.date,
                "babies": child.babies,
                "of_this_couple": yes_no(child.of_this_couple),
                "difficult_birth": child.difficult_birth,
            }
            bound.rows.append(
                child_row(
                    None,
                    index,
                    today=today,
                    lang=lang,
                    tree=tree,
                    initial=initial,
                    code=child.hukou_id,
                )
            )
        if not saved:
            bound.rows.append(child_row(None, 0, today=today, lang=lang, tree=tree))
        return bound
    for index in range(rows_count(data)):
        bound.rows.append(child_row(data, index, today=today, lang=lang, tree=tree))
    if not rows_posted(data):
        bound.problems.append(
            ("children-rows", str(_("孩子的数量有误，请检查下面的孩子后再继续。")))
        )
    return bound


MAX_ROWS = 20
ROW_FIELD = re.compile(r"child-(\d+)-")


def rows_posted(data: Mapping[str, Any]) -> bool:
    """True when the page said how many rows it sent (its hidden `rows` field), as it always does."""
    value = str(data.get("rows", ""))
    return value.isdecimal() and int(value) <= MAX_ROWS


def rows_count(data: Mapping[str, Any]) -> int:
    """How many rows were posted: the `rows` field, or when it is missing or wrong, as many as
    the fields sent name (so that nothing typed is dropped)."""
    if rows_posted(data):
        return int(data["rows"])
    indices = [int(match[1]) for key in data if (match := ROW_FIELD.match(key))]
    return min(max(indices, default=-1) + 1, MAX_ROWS)


def rows_edit(
    data: Mapping[str, Any], *, add: bool = False, remove: int | None = None
) -> dict[str, Any]:
    """The posted rows with one added or removed, renumbered: what a parent typed is kept."""
    count = rows_count(data)
    rows: list[dict[str, Any]] = []
    for index in range(count):
        prefix = f"child-{index}-"
        rows.append({k[len(prefix) :]: v for k, v in data.items() if k.startswith(prefix)})
    if remove is not None and 0 <= remove < count:
        del rows[remove]
    if add and len(rows) < MAX_ROWS:
        rows.append({"babies": "1", "of_this_couple": "yes"})
    edited: dict[str, Any] = {k: v for k, v in data.items() if not k.startswith("child-")}
    edited["rows"] = str(len(rows))
    for index, row in enumerate(rows):
        edited.update({f"child-{index}-{k}": v for k, v in row.items()})
    return edited


def rows_focus(bound: Bound, *, added: bool, removed: int | None) -> bool:
    """Where the keyboard goes after a row is added or removed: the new row's first question;
    after a removal the row before it (or the one now in its place). True when no row is left
    and the "add a child" button should take the focus."""
    if not bound.rows:
        return removed is not None
    if added:
        row = bound.rows[-1]
    elif removed is not None:
        row = bound.rows[min(max(removed - 1, 0), len(bound.rows) - 1)]
    else:
        return False
    row[0].fields["born"].widget.attrs["autofocus"] = True
    return False


def children_save(household: Household, bound: Bound) -> None:
    answers = [
        services.ChildAnswer(
            born=form.cleaned_data["born"] == "born",
            date=form.cleaned_data["date"],
            babies=form.cleaned_data["babies"],
            hukou=place.code,
            of_this_couple=form.cleaned_data["of_this_couple"] != "no",
            difficult_birth=form.cleaned_data["difficult_birth"],
        )
        for form, place in bound.rows
    ]
    services.household_children_update(household=household, children=answers)
