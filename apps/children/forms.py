"""The children page's forms: one `ChildForm` per birth (or pregnancy), in `ChildFormSet`.

Dates are checked by the API's own rules (`apps.benefits.question`): a birth not after today and
not more than 30 years ago, an expected date from today to 310 days (10 months) ahead. Each row
asks where the child's hukou is registered with the place selects of `apps.jurisdictions`.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.forms.formsets import (
    INITIAL_FORM_COUNT,
    MAX_NUM_FORM_COUNT,
    MIN_NUM_FORM_COUNT,
    TOTAL_FORM_COUNT,
    ManagementForm,
)
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from apps.benefits.question import EARLIEST_BIRTH, LATEST_EXPECTED, MAX_CHILDREN
from apps.children.services import ChildAnswer
from apps.jurisdictions.forms import PlaceForm, place_form
from apps.jurisdictions.selectors import PlaceTree, place_tree

if TYPE_CHECKING:
    import datetime

    from apps.children.models import HouseholdChild

PREFIX = "child"  # the fields are named child-0-date, child-0-hukou-province...
# Every row is at least one child, so a page never has more rows than a question has children.
MAX_ROWS = MAX_CHILDREN
YES_NO = [("yes", _("是")), ("no", _("否"))]


class ChildForm(forms.Form):
    """One birth, or a pregnancy; `place` asks where the child's hukou is registered.

    `index` is the row's number on the page (from 0). With `check_url` the date is checked as
    the parent goes: htmx posts the page there with `action=validate-<index>` and swaps in only
    the date's message, so nothing typed meanwhile is overwritten. With `answered_only` a
    question not answered yet is not an error yet: only the answers given are judged.
    """

    born = forms.ChoiceField(
        label=_("孩子出生了吗？"),
        choices=[("born", _("已出生")), ("expected", _("还没出生（怀孕中）"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择孩子是否已出生")},
    )
    date = forms.DateField(
        label=_("出生日期，或预产期"),
        help_text=_("已出生填出生日期；怀孕中填预产期。例如 2024-07-01"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": _("请填写出生日期或预产期"),
            "invalid": _("请填写有效的日期，例如 2024-07-01"),
        },
    )
    babies = forms.TypedChoiceField(
        label=_("这一胎有几个孩子？"),
        choices=[
            (1, _("1个（单胎）")),
            (2, _("2个（双胞胎）")),
            (3, _("3个（三胞胎）")),
            (4, _("4个（四胞胎）")),
        ],
        coerce=int,
        initial=1,
    )
    of_this_couple = forms.ChoiceField(
        label=_("是这对夫妻共同生育的孩子吗？"),
        help_text=_("只属于父母一方的孩子（例如一方与前配偶的孩子）选“否”。"),
        choices=YES_NO,
        initial="yes",
        widget=forms.RadioSelect,
    )
    difficult_birth = forms.BooleanField(
        label=_("难产（例如剖宫产、产钳助产）"),
        help_text=_("难产可以增加15天产假。"),
        required=False,
    )

    def __init__(
        self,
        *args: Any,
        today: datetime.date,
        index: int | None = None,
        lang: str = "zh-hans",
        tree: PlaceTree | None = None,
        check_url: str = "",
        answered_only: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.today = today
        self.index = index
        if answered_only:
            for field in self.fields.values():
                field.required = False
        if check_url and index is not None:
            feedback = f"#{self['date'].auto_id}-feedback"
            self.fields["date"].widget.attrs.update(
                {
                    "hx-post": check_url,
                    "hx-trigger": "change",
                    "hx-target": feedback,
                    "hx-select": feedback,
                    "hx-swap": "outerHTML",
                    "hx-vals": json.dumps({"action": f"validate-{index}"}),
                }
            )
        self.place: PlaceForm = place_form(
            self.data if self.is_bound else None,
            prefix=f"{self.prefix}-hukou",
            kind="hukou",
            code=self.initial.get("hukou"),
            lang=lang,
            tree=tree,
        )

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        day, born = data.get("date"), data.get("born")
        if day is None or not born:
            return data
        if born == "born":
            if day > self.today:
                self.add_error(
                    "date", _("出生日期不能晚于今天；还没出生请选“还没出生”并填写预产期")
                )
            elif day < self.today - EARLIEST_BIRTH:
                self.add_error("date", _("出生日期过早，请检查"))
        elif day < self.today:
            self.add_error("date", _("预产期早于今天；孩子已出生请选“已出生”并填写出生日期"))
        elif day > self.today + LATEST_EXPECTED:
            self.add_error("date", _("预产期应在今天起10个月内"))
        return data

    def is_valid(self) -> bool:
        """The row's questions and its place selects."""
        answers = super().is_valid()
        return self.place.is_valid() and answers

    def typed(self) -> dict[str, Any]:
        """What the parent typed in this row, unjudged, as a fresh row's `initial`."""
        typed = {name: self[name].value() for name in self.fields}
        self.place.is_valid()  # reads the deepest place chosen into `code`
        return typed | {"hukou": self.place.code}

    def answer(self) -> ChildAnswer:
        """The valid row, as `services.household_children_update` saves it."""
        data = self.cleaned_data
        return ChildAnswer(
            born=data["born"] == "born",
            date=data["date"],
            babies=data["babies"],
            hukou=self.place.code,
            of_this_couple=data["of_this_couple"] != "no",
            difficult_birth=data["difficult_birth"],
        )


class BaseChildFormSet(forms.BaseFormSet):
    """The children's rows. Every row sent is checked (a blank row is not skipped: the parent is
    asked to fill it in or remove it), and all rows share one place tree.

    The management form says how many rows were sent. When it is missing or wrong (not a
    number, negative, more than MAX_ROWS) the rows the fields name are shown again, so nothing
    typed is lost, with `MISCOUNTED` as the formset's error: it is never saved like that.
    """

    MISCOUNTED = _("孩子的数量有误，请检查下面的孩子后再继续。")

    def __init__(
        self,
        data: Mapping[str, Any] | None = None,
        *,
        today: datetime.date,
        lang: str = "zh-hans",
        initial: list[dict[str, Any]] | None = None,
        check_url: str = "",
        answered_only: bool = False,
        tree: PlaceTree | None = None,
    ) -> None:
        super().__init__(data, prefix=PREFIX, initial=initial)
        self.today = today
        self.lang = lang
        self.check_url = check_url
        self.answered_only = answered_only
        self.tree = tree or place_tree()  # one tree for every row's place selects
        self.focus_add = False  # after an edit: the "add a child" button takes the focus
        self.miscounted = self.is_bound and not self._counted()
        if self.miscounted:
            self.data = self._recounted()

    @classmethod
    def get_default_prefix(cls) -> str:
        return PREFIX

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        return {
            "today": self.today,
            "index": index,
            "lang": self.lang,
            "tree": self.tree,
            "check_url": self.check_url,
            "answered_only": self.answered_only,
            "empty_permitted": False,
            "use_required_attribute": True,
        }

    def clean(self) -> None:
        if self.miscounted:
            raise ValidationError(self.MISCOUNTED, code="miscounted")

    def _counted(self) -> bool:
        """The management form is there and counts no more rows than a page may have."""
        management = ManagementForm(self.data, prefix=self.prefix)
        if not management.is_valid():
            return False
        counts: dict[str, Any] = management.cleaned_data  # both required: numbers once valid
        total, initial = counts[TOTAL_FORM_COUNT], counts[INITIAL_FORM_COUNT]
        return 0 <= total <= self.absolute_max and initial >= 0

    def _recounted(self) -> Mapping[str, Any]:
        """The data sent, with a management form that counts the rows its fields name."""
        named = [
            index
            for index in range(self.absolute_max)
            if any(key.startswith(f"{self.add_prefix(index)}-") for key in self.data)
        ]
        data = cast(QueryDict, self.data).copy()
        management = ManagementForm(prefix=self.prefix)
        data[management.add_prefix(TOTAL_FORM_COUNT)] = str(max(named, default=-1) + 1)
        data[management.add_prefix(INITIAL_FORM_COUNT)] = "0"
        data[management.add_prefix(MIN_NUM_FORM_COUNT)] = str(self.min_num)
        data[management.add_prefix(MAX_NUM_FORM_COUNT)] = str(self.max_num)
        return data

    def edited(self, *, add: bool = False, remove: int | None = None) -> BaseChildFormSet:
        """The rows as typed, not judged yet, with one added (up to MAX_ROWS) or the `remove`th
        removed, renumbered. The keyboard then goes to the new row's first question; after a
        removal to the row before it (or the one now in its place); when no row is left, to the
        "add a child" button (`focus_add`)."""
        rows = [form.typed() for form in self.forms]
        if remove is not None and 0 <= remove < len(rows):
            del rows[remove]
        if add and len(rows) < self.max_num:
            rows.append({})
        edited = type(self)(
            today=self.today,
            lang=self.lang,
            initial=rows,
            check_url=self.check_url,
            tree=self.tree,
        )
        if not edited.forms:
            edited.focus_add = remove is not None
        elif add or remove is not None:
            last = len(edited.forms) - 1
            row = last if add else min(max((remove or 0) - 1, 0), last)
            edited.forms[row].fields["born"].widget.attrs["autofocus"] = True
        return edited

    def answers(self) -> list[ChildAnswer]:
        """The valid rows, in order, as `services.household_children_update` saves them."""
        return [form.answer() for form in self.forms]


ChildFormSet = cast(
    "type[BaseChildFormSet]",
    forms.formset_factory(
        ChildForm,
        formset=BaseChildFormSet,
        extra=0,
        max_num=MAX_ROWS,
        absolute_max=MAX_ROWS,
        validate_max=True,
    ),
)


def children_initial(children: Iterable[HouseholdChild]) -> list[dict[str, Any]]:
    """A household's saved children as the rows' `initial`."""
    return [
        {
            "born": "born" if child.born else "expected",
            "date": child.date,
            "babies": child.babies,
            "of_this_couple": "yes" if child.of_this_couple else "no",
            "difficult_birth": child.difficult_birth,
            "hukou": child.hukou_id,
        }
        for child in children
    ]
