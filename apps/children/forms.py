"""The children page's forms: one `ChildForm` per birth (or pregnancy), in `ChildFormSet`.

Dates are checked by the API's own rules (`apps.benefits.question`): a birth not after today and
not more than 30 years ago, an expected date from today to 310 days (10 months) ahead. They are
typed as year, month and day (`apps.children.dates`). Each row asks where the child's hukou is
registered with the place selects of `apps.jurisdictions`, "don't know" being one of the answers.

No question is answered in advance: a row starts with nothing chosen, and each message names
the row it is about ("第2胎：请选择孩子是否已出生"), so that the page's error summary says where
to look. Whether the birth was difficult is asked only of a child already born: the answer
posted for an expected child is ignored.
"""

from __future__ import annotations

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
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.benefits.question import EARLIEST_BIRTH, LATEST_EXPECTED, MAX_CHILDREN
from apps.children.dates import DateField, DateInput, date_inputs, first_invalid_input
from apps.children.services import ChildAnswer
from apps.jurisdictions.forms import UNKNOWN, PlaceForm, for_whom, for_whom_messages, place_form
from apps.jurisdictions.selectors import PlaceTree, place_tree

if TYPE_CHECKING:
    import datetime

    from apps.children.models import HouseholdChild

PREFIX = "child"  # the fields are named child-0-date-year, child-0-hukou-province...
# Every row is at least one child, so a page never has more rows than a question has children.
MAX_ROWS = MAX_CHILDREN
YES_NO = [("yes", _("是")), ("no", _("否"))]


def _row_name(number: int) -> str:
    return gettext("第%(n)s胎") % {"n": number}


row_name = lazy(_row_name, str)  # "第2胎" / "Birth 2", in the language of the page


class ChildForm(forms.Form):
    """One birth, or a pregnancy; `place` asks where the child's hukou is registered.

    `index` is the row's number on the page (from 0). With `check_url` the date is checked as
    the parent goes: htmx posts the page there with `action=validate-<index>` once the date's
    boxes are left, and swaps in only the date's message, so nothing typed meanwhile is
    overwritten. With `answered_only` a question not answered yet is not an error yet: only the
    answers given are judged.
    """

    born = forms.ChoiceField(
        label=_("孩子出生了吗？"),
        choices=[("born", _("已出生")), ("expected", _("还没出生（怀孕中）"))],
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择孩子是否已出生")},
    )
    date = DateField(
        label=_("出生日期，或预产期"),
        help_text=_("已出生填出生日期；怀孕中填预产期。例如 2024 3 15"),
        error_messages={"required": _("请输入出生日期或预产期")},
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
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择这一胎有几个孩子")},
    )
    of_this_couple = forms.ChoiceField(
        label=_("是这对夫妻共同生育的孩子吗？"),
        help_text=_("只属于父母一方的孩子（例如一方与前配偶的孩子）选“否”。"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": _("请回答是不是这对夫妻共同生育的孩子")},
    )
    difficult_birth = forms.BooleanField(
        label=_("难产（例如剖宫产、产钳助产）"),
        help_text=_("难产可以增加15天产假。"),
        required=False,
    )
    # Asked only after this answer to `born` (the template reveals it; the server ignores it).
    REVEALED = {"difficult_birth": ("born", "born")}
    PLACE_AFTER = "babies"  # the hukou's place on the page (children.html), for the error summary

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
        self.check_url = check_url if index is not None else ""
        self.whose = row_name((index or 0) + 1)
        for_whom_messages(self, self.whose)
        if answered_only:
            for field in self.fields.values():
                field.required = False
        self.place: PlaceForm = place_form(
            self.data if self.is_bound else None,
            prefix=f"{self.prefix}-hukou",
            kind="hukou",
            code=self.initial.get("hukou"),
            whose=self.whose,
            lang=lang,
            tree=tree,
        )
        if answered_only:
            self.place.place_required = False

    def applies(self, name: str) -> bool:
        """Whether the question is asked, given the answers posted (unbound: all are shown)."""
        condition = self.REVEALED.get(name)
        if condition is None or not self.is_bound:
            return True
        on, value = condition
        return self.data.get(self.add_prefix(on)) == value

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        for name in self.fields:
            if not self.applies(name):
                self.errors.pop(name, None)
                data[name] = self.fields[name].to_python(None)
        day, born = data.get("date"), data.get("born")
        if day is None or not born:
            return data
        if born == "born":
            if day > self.today:
                self._date_error(_("出生日期不能晚于今天；还没出生请选“还没出生”并填写预产期"))
            elif day < self.today - EARLIEST_BIRTH:
                self._date_error(_("出生日期过早，请检查"))
        elif day < self.today:
            self._date_error(_("预产期早于今天；孩子已出生请选“已出生”并填写出生日期"))
        elif day > self.today + LATEST_EXPECTED:
            self._date_error(_("预产期应在今天起10个月内"))
        return data

    def _date_error(self, message: Any) -> None:
        self.add_error("date", ValidationError(for_whom(self.whose, message), code="range"))

    def is_valid(self) -> bool:
        """The row's questions and its place selects."""
        answers = super().is_valid()
        return self.place.is_valid() and answers

    def date_inputs(self) -> list[DateInput]:
        """The date's three boxes, as the template draws them."""
        return date_inputs(self["date"])

    def error_target(self, name: str) -> str | None:
        """Where the error summary's link for a field goes, when not to the field's own id."""
        return first_invalid_input(self[name]) if name == "date" else None

    def typed(self) -> dict[str, Any]:
        """What the parent typed in this row, unjudged, as a fresh row's `initial`."""
        typed = {name: self[name].value() for name in self.fields}
        return typed | {"hukou": self.place.typed_code()}

    def answer(self) -> ChildAnswer:
        """The valid row, as `services.household_children_update` saves it."""
        data = self.cleaned_data
        return ChildAnswer(
            born=data["born"] == "born",
            date=data["date"],
            babies=data["babies"],
            hukou=self.place.code,
            of_this_couple=data["of_this_couple"] != "no",
            difficult_birth=bool(data["difficult_birth"]),
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
            "hukou": child.hukou_id or UNKNOWN,
        }
        for child in children
    ]
