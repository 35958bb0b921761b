"""The questionnaire, in one place: its pages in order, each page's forms, and how each saves.

Pages: 1 where the family lives, 2 the parents, 3 the children, 4 check your answers,
5 results. A page opened from "check your answers" (`?return=check`) goes back there when saved.
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django import forms
from django.forms import BaseForm
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from apps.children.forms import BaseChildFormSet, ChildFormSet, children_initial
from apps.children.services import household_children_update
from apps.households import services
from apps.households.forms import ParentForm, ParentsForm, yes_no
from apps.households.models import Household, HouseholdParent
from apps.jurisdictions.forms import PlaceForm, place_form
from apps.jurisdictions.selectors import place_tree

ROLES = ("mother", "father")
ROLE_NAMES: dict[str, Promise] = dict(HouseholdParent.Role.choices)  # "mother": 母亲


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
    """A page's forms, as rendered; `children` is the children page's formset (its rows, each
    with its place form)."""

    forms: dict[str, BaseForm] = field(default_factory=dict)
    children: BaseChildFormSet | None = None
    blocks: list[tuple[str, Promise, BaseForm, PlaceForm, PlaceForm]] = field(default_factory=list)

    def place(self, name: str) -> PlaceForm:
        """One of the page's place questions."""
        form = self.forms[name]
        assert isinstance(form, PlaceForm), name
        return form

    def rows(self) -> list[BaseForm]:
        """The children's forms with their place forms, in page order."""
        return [f for row in self.children or () for f in (row, row.place)]

    def all(self) -> list[BaseForm]:
        return [*self.forms.values(), *self.rows()]

    def is_valid(self, skip: AbstractSet[str] = frozenset()) -> bool:
        checked = [form for name, form in self.forms.items() if name not in skip]
        rows_valid = self.children is None or self.children.is_valid()
        return all(form.is_valid() for form in checked) and rows_valid

    def error_list(self, skip: AbstractSet[str] = frozenset()) -> list[tuple[str, str]]:
        """(field id, message) for the error summary, in page order."""
        errors: list[tuple[str, str]] = []
        if self.children is not None and self.children.is_bound:
            errors.extend(("children-rows", str(m)) for m in self.children.non_form_errors())
        forms_ = [f for n, f in self.forms.items() if n not in skip]
        for form in [*forms_, *self.rows()]:
            if not form.is_bound:
                continue
            for name in form.fields:
                for message in form.errors.get(name, []):
                    bound = form[name]
                    target = bound.auto_id
                    if isinstance(bound.field.widget, forms.RadioSelect):
                        target = f"{target}_0"
                    errors.append((target, str(message)))
        return errors


def place_bind(household: Household | None, data: Any, lang: str) -> Bound:
    code = household.jurisdiction_id if household else None
    return Bound({"place": place_form(data, prefix="home", kind="residence", code=code, lang=lang)})


def place_save(household: Household, bound: Bound) -> None:
    code = bound.place("place").code
    assert code is not None  # where the family lives is a required question
    services.household_place_update(household=household, jurisdiction=code)


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
                bound.place(f"{role}-hukou"),
                bound.place(f"{role}-work"),
            )
        )
    return bound


def parents_roles(data: Mapping[str, Any] | None) -> list[str]:
    """The roles the family answered for; the other parent's questions are not checked."""
    who = str((data or {}).get("who"))
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
                hukou=bound.place(f"{role}-hukou").code,
                employed=form.cleaned_data["employed"] == "yes",
                unemployment_benefit=form.cleaned_data["unemployment_benefit"] or None,
                works_in=bound.place(f"{role}-work").code if elsewhere else None,
            )
        )
    services.household_parents_update(household=household, parents=answers)


def children_bind(
    household: Household | None,
    data: Any,
    lang: str,
    *,
    today: date,
    answered_only: bool = False,
) -> Bound:
    """The children's rows: as saved (one blank row when there are none), or as posted. Their
    dates are checked as the parent goes by posting the page (`action=validate-<row>`)."""
    check_url = reverse("households:children")
    if data is None:
        saved = children_initial(household.children.all() if household else ())
        formset = ChildFormSet(initial=saved or [{}], today=today, lang=lang, check_url=check_url)
    else:
        formset = ChildFormSet(
            data, today=today, lang=lang, check_url=check_url, answered_only=answered_only
        )
    return Bound(children=formset)


def children_save(household: Household, bound: Bound) -> None:
    assert bound.children is not None
    household_children_update(household=household, children=bound.children.answers())
