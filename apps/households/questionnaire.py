"""The questionnaire, in one place: its pages in order, each page's forms, and how each saves.

Pages: 1 where the family lives, 2 the parents, 3 the children, 4 check your answers,
5 results. A page opened from "check your answers" (`?return=check`) goes back there when saved.
"""

from __future__ import annotations

from collections.abc import Mapping
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from django import forms
from django.forms import BaseForm
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.benefits.engine import text
from apps.benefits.places import places_get
from apps.children.forms import BaseChildFormSet, ChildForm, ChildFormSet, children_initial
from apps.children.services import household_children_update
from apps.households import services
from apps.households.forms import ParentForm, ParentsForm, yes_no
from apps.households.models import Household, HouseholdParent

if TYPE_CHECKING:
    from apps.children.models import HouseholdChild
from apps.jurisdictions.forms import UNKNOWN, PlaceForm, for_whom, place_form, without_errors
from apps.jurisdictions.selectors import COUNTRY, place_tree

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
        """Whether every form that applies is valid. The forms in `skip` (questions that do not
        apply to the answers posted) are not judged: they are shown again as typed, with no
        error, since without JavaScript they are on the page too."""
        checked = [form for name, form in self.forms.items() if name not in skip]
        for name in skip:
            without_errors(self.forms[name])
        rows_valid = self.children is None or self.children.is_valid()
        return all(form.is_valid() for form in checked) and rows_valid

    def error_list(self, skip: AbstractSet[str] = frozenset()) -> list[tuple[str, str]]:
        """(field id, message) for the error summary, in page order."""
        errors: list[tuple[str, str]] = []
        if self.children is not None and self.children.is_bound:
            errors.extend(("children-rows", str(m)) for m in self.children.non_form_errors())
        forms_ = [f for n, f in self.forms.items() if n not in skip]
        for form in [*forms_, *(self.children or ())]:
            errors.extend(_errors_of(form))
        return errors


def _errors_of(form: BaseForm) -> list[tuple[str, str]]:
    """A form's (field id, message) pairs in page order: a child's hukou place comes after the
    number of babies, as on the page."""
    if not form.is_bound:
        return []
    errors: list[tuple[str, str]] = []
    for name in form.fields:
        errors.extend((_error_target(form, name), str(m)) for m in form.errors.get(name, []))
        if isinstance(form, ChildForm) and name == ChildForm.PLACE_AFTER:
            errors.extend(_errors_of(form.place))
    return errors


def _error_target(form: BaseForm, name: str) -> str:
    """The id the error summary's link goes to: the field, a radio group's first radio, or
    where the form says (a date's first box to fix)."""
    target = form.error_target(name) if isinstance(form, ChildForm) else None
    if target:
        return target
    bound = form[name]
    if isinstance(bound.field.widget, forms.RadioSelect):
        return f"{bound.auto_id}_0"
    return bound.auto_id


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
        whose = ROLE_NAMES[role]
        # In page order, so that the error summary is: the hukou, then the work questions.
        bound.forms[f"{role}-hukou"] = place_form(
            data,
            prefix=f"{role}-hukou",
            kind="hukou",
            code=(parent.hukou_id or UNKNOWN) if parent else None,
            whose=whose,
            lang=lang,
            tree=tree,
        )
        bound.forms[role] = ParentForm(
            data, prefix=role, initial=_parent_initial(parent), whose=whose
        )
        bound.forms[f"{role}-work"] = place_form(
            data,
            prefix=f"{role}-work",
            kind="work",
            code=parent.works_in_id if parent else None,
            whose=whose,
            lang=lang,
            tree=tree,
        )
        bound.blocks.append(
            (
                role,
                whose,
                bound.forms[role],
                bound.place(f"{role}-hukou"),
                bound.place(f"{role}-work"),
            )
        )
    return bound


def _parent_initial(parent: HouseholdParent | None) -> dict[str, Any]:
    """A saved parent's answers as the form's; nothing for a parent not saved yet."""
    if parent is None:
        return {}
    if parent.employed:
        return {
            "employed": "yes",
            "works_where": "elsewhere" if parent.works_in_id else "same",
        }
    return {
        "employed": "no",
        "receives_unemployment_benefit": yes_no(parent.unemployment_benefit is not None),
        "unemployment_benefit": parent.unemployment_benefit,
    }


def parents_roles(data: Mapping[str, Any] | None) -> list[str]:
    """The parents in the family, as answered: only their questions are checked. None yet when
    the question is not answered: then it is the one error shown."""
    who = str((data or {}).get("who"))
    return {"both": ["mother", "father"], "mother": ["mother"], "father": ["father"]}.get(who, [])


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
                unemployment_benefit=form.cleaned_data["unemployment_benefit"],
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


# --- check your answers: every answer in the order asked, places by name, each with its link ---


@dataclass(frozen=True)
class Answer:
    question: str
    value: str
    change_url: str  # the question's page, at the question, coming back here once saved
    whose: str = ""  # whose answer, when the question does not say (a child's)

    @property
    def change_label(self) -> str:
        """What the "change" link changes, for a screen reader: unique on the page."""
        return str(for_whom(self.whose, self.question))


@dataclass(frozen=True)
class AnswerGroup:
    title: str
    answers: list[Answer]


def _change(slug: str, anchor: str) -> str:
    return f"{reverse(f'households:{slug}')}?return=check#{anchor}"


def place_name(code: str | None, lang: str) -> str:
    """A place by its names from the province down ("河南省 郑州市 金水区"; in English from the
    county up, "Jinshui District, Zhengzhou City, Henan Province"), never its code."""
    if not code:
        return gettext("不清楚或尚未登记")
    places = places_get()
    names = [places.name(p.code, lang) for p in places.path(code) if p.code != COUNTRY]
    return ", ".join(reversed(names)) if lang == "en" else " ".join(names)


def _choice(form: type[Any], field: str, value: Any) -> str:
    choices = dict(form.base_fields[field].choices)
    return str(choices.get(value, value))


def check_answers(household: Household, lang: str) -> list[AnswerGroup]:
    """The household's answers for "check your answers": where the family lives, who the
    parents are, the mother's answers before the father's, then each birth in page order."""
    groups = [
        AnswerGroup(
            gettext("居住地"),
            [
                Answer(
                    gettext("您家住在哪里"),
                    place_name(household.jurisdiction_id, lang),
                    _change("place", "home-place"),
                )
            ],
        )
    ]
    parents = {p.role: p for p in household.parents.all()}
    roles = [role for role in ROLES if role in parents]
    who = "both" if len(roles) == 2 else (roles[0] if roles else "")
    rows = [
        Answer(
            gettext("这个家庭有哪些父母"),
            _choice(ParentsForm, "who", who),
            _change("parents", "id_who_0"),
        )
    ]
    for role in roles:
        rows.extend(_parent_answers(parents[role], lang))
    groups.append(AnswerGroup(gettext("父母"), rows))
    children = list(household.children.all())
    for position, child in enumerate(children):
        groups.append(
            AnswerGroup(
                gettext("第%(n)s胎") % {"n": position + 1}, _child_answers(child, position, lang)
            )
        )
    if not children:
        groups.append(
            AnswerGroup(
                gettext("孩子"),
                [
                    Answer(
                        gettext("孩子"),
                        gettext("没有填写孩子"),
                        _change("children", "children-rows"),
                    )
                ],
            )
        )
    return groups


def _parent_answers(parent: HouseholdParent, lang: str) -> list[Answer]:
    role = {"role": ROLE_NAMES[parent.role]}
    prefix = parent.role
    rows = [
        Answer(
            gettext("%(role)s的户口所在地") % role,
            place_name(parent.hukou_id, lang),
            _change("parents", f"{prefix}-hukou-place"),
        ),
        Answer(
            gettext("%(role)s是否在用人单位工作") % role,
            _choice(ParentForm, "employed", yes_no(parent.employed)),
            _change("parents", f"id_{prefix}-employed_0"),
        ),
    ]
    if parent.employed:
        rows.append(
            Answer(
                gettext("%(role)s的用人单位所在地") % role,
                place_name(parent.works_in_id, lang)
                if parent.works_in_id
                else gettext("和居住地相同"),
                _change("parents", f"id_{prefix}-works_where_0"),
            )
        )
        return rows
    amount = parent.unemployment_benefit
    rows.append(
        Answer(
            gettext("%(role)s是否正在领取失业保险金") % role,
            _choice(ParentForm, "receives_unemployment_benefit", yes_no(amount is not None)),
            _change("parents", f"id_{prefix}-receives_unemployment_benefit_0"),
        )
    )
    if amount is not None:
        rows.append(
            Answer(
                gettext("%(role)s每月失业保险金") % role,
                gettext("%(amount)s元") % {"amount": text.fmt_money(amount)},
                _change("parents", f"id_{prefix}-unemployment_benefit"),
            )
        )
    return rows


def _child_answers(child: HouseholdChild, position: int, lang: str) -> list[Answer]:
    prefix = f"id_child-{position}"
    rows = [
        Answer(
            gettext("孩子出生了吗"),
            _choice(ChildForm, "born", "born" if child.born else "expected"),
            _change("children", f"{prefix}-born_0"),
        ),
        Answer(
            gettext("出生日期") if child.born else gettext("预产期"),
            text.fmt_date(child.date, lang),
            _change("children", f"{prefix}-date-year"),
        ),
        Answer(
            gettext("这一胎有几个孩子"),
            _choice(ChildForm, "babies", child.babies),
            _change("children", f"{prefix}-babies_0"),
        ),
        Answer(
            gettext("孩子的户口登记地"),
            place_name(child.hukou_id, lang),
            _change("children", f"child-{position}-hukou-place"),
        ),
        Answer(
            gettext("是这对夫妻共同生育的孩子吗"),
            _choice(ChildForm, "of_this_couple", yes_no(child.of_this_couple)),
            _change("children", f"{prefix}-of_this_couple_0"),
        ),
    ]
    if child.born:
        rows.append(
            Answer(
                gettext("难产"),
                gettext("是") if child.difficult_birth else gettext("否"),
                _change("children", f"{prefix}-difficult_birth"),
            )
        )
    whose = gettext("第%(n)s胎") % {"n": position + 1}
    return [replace(row, whose=whose) for row in rows]
