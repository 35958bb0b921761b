"""The cascading place picker (province → city → county) shared by every question about a place.

A plain Django form with three selects whose choices depend on what is already chosen. Places
with a local policy come first in each list, so most families find theirs at the top.
"""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from apps.jurisdictions.selectors import COUNTRY, PlaceTree, place_tree

LEVELS = ("province", "city", "county")
# The answer "don't know, or not registered yet" to a hukou question: chosen, never assumed.
UNKNOWN = "unknown"


def _for_whom(whose: Any, message: Any) -> str:
    if not str(whose):
        return str(message)
    return gettext("%(whose)s：%(message)s") % {"whose": whose, "message": message}


# An error message that names whose answer it is ("母亲：请输入金额"), in the language of the
# page it is shown on. Every page with more than one person's questions prefixes its messages so
# that each one in the error summary is unique and says where to look.
for_whom = lazy(_for_whom, str)


def for_whom_messages(form: forms.BaseForm, whose: Any) -> None:
    """Prefix every error message of the form's fields with whose answer it is."""
    if not str(whose):
        return
    for field in form.fields.values():
        field.error_messages = {
            code: for_whom(whose, message) for code, message in field.error_messages.items()
        }


class PlaceForm(forms.Form):
    """Three selects; `code` is the deepest place chosen (None when nothing is, or when the
    parent chose the explicit "don't know" answer a hukou question offers: `UNKNOWN`).

    A level is read only when it lies under the level above as posted: without JavaScript a
    parent may change the province and press "continue" with the old city and county still in
    the form, and those are dropped, as if the page had been updated first.

    `whose` names the person the place is about ("母亲", "第2胎"): every error message starts
    with it, so that the page's error summary says which of its place questions to fix.
    """

    stale = {"invalid_choice": _("这个地点不在上一级之下，请重新选择")}
    province = forms.ChoiceField(
        label=_("省、自治区、直辖市"), required=False, error_messages=stale
    )
    city = forms.ChoiceField(label=_("城市"), required=False, error_messages=stale)
    county = forms.ChoiceField(label=_("区、县"), required=False, error_messages=stale)

    def __init__(
        self,
        data: Any = None,
        *,
        prefix: str,
        code: str | None = None,
        required: bool = False,
        missing: tuple[Any, Any] = (_("请选择省份"), _("请选择城市")),
        unknown: bool = False,
        whose: Any = "",
        lang: str = "zh-hans",
        tree: PlaceTree | None = None,
    ) -> None:
        self.tree = tree or place_tree()
        self.offers_unknown = unknown
        if data is not None:
            data = self._without_stale_levels(data, prefix)
        super().__init__(data, prefix=prefix, initial=self._initial(code))
        self.place_required = required
        self.missing = missing
        self.whose = whose
        self.lang = lang
        self.code: str | None = None
        for_whom_messages(self, whose)
        chosen = self._chosen()
        dont_know = [(UNKNOWN, str(_("不清楚或尚未登记")))] if unknown else []
        self._field("province").choices = [
            ("", str(_("请选择"))),
            *dont_know,
            *self._options(COUNTRY),
        ]
        self.levels_shown = ["province"]
        province, city = chosen.get("province"), chosen.get("city")
        if province and self.tree.is_under(province, COUNTRY):
            options = self._options(province)
            if options:
                self.levels_shown.append("city")
                self._field("city").choices = [("", _("请选择")), *options]
                if self.tree.under(province)[0].level == "county":
                    self.fields["city"].label = _("区、县")
            if city and self.tree.is_under(city, province):
                options = self._options(city)
                if options:
                    self.levels_shown.append("county")
                    self._field("county").choices = [("", _("请选择（建议填写）")), *options]

    def _initial(self, code: str | None) -> dict[str, str]:
        if code == UNKNOWN:
            return {"province": UNKNOWN} if self.offers_unknown else {}
        return dict(zip(LEVELS, self.tree.path(code), strict=False)) if code else {}

    @staticmethod
    def initial_for(code: str | None) -> dict[str, str]:
        """The selects' values for a place: {"province": ..., "city": ..., "county": ...};
        for `UNKNOWN`, the "don't know" answer."""
        if code == UNKNOWN:
            return {"province": UNKNOWN}
        return dict(zip(LEVELS, place_tree().path(code), strict=False)) if code else {}

    def _without_stale_levels(self, data: Any, prefix: str) -> Any:
        """The posted data with every level that does not lie under the one above blanked."""
        parent, stale = COUNTRY, []
        for level in LEVELS:
            key = f"{prefix}-{level}"
            value = data.get(key, "")
            if parent and value and self.tree.is_under(value, parent):
                parent = value
            elif level == "province" and value == UNKNOWN and self.offers_unknown:
                parent = ""  # "don't know": nothing below it is read
            else:
                parent = ""
                if value:
                    stale.append(key)
        if not stale:
            return data
        data = data.copy()
        for key in stale:
            data[key] = ""
        return data

    def _chosen(self) -> dict[str, str]:
        if self.is_bound:
            return {level: self.data.get(self.add_prefix(level), "") for level in LEVELS}
        return dict(self.initial)

    def _options(self, parent: str) -> list[tuple[str, str]]:
        places = self.tree.under(parent)
        marked = _("（有本地政策）")
        first = [p for p in places if p.code in self.tree.marked]
        rest = [p for p in places if p.code not in self.tree.marked]
        return [(p.code, f"{p.label(self.lang)}{marked}") for p in first] + [
            (p.code, p.label(self.lang)) for p in rest
        ]

    def typed_code(self) -> str | None:
        """The place as typed, unjudged: the deepest level chosen, `UNKNOWN`, or None."""
        self.is_valid()  # reads the deepest place chosen into `code`
        chosen_unknown = self.is_bound and self.data.get(self.add_prefix("province")) == UNKNOWN
        return self.code or (UNKNOWN if chosen_unknown else None)

    def bound_levels(self) -> list[forms.BoundField]:
        return [self[level] for level in self.levels_shown]

    def _field(self, level: str) -> forms.ChoiceField:
        return cast(forms.ChoiceField, self.fields[level])

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        code = None
        for level in LEVELS:
            if level not in self.levels_shown:
                break
            value = data.get(level)
            if not value or value == UNKNOWN:
                break
            code = value
        if self.place_required and not self.errors:
            if not data.get("province"):
                self.add_error("province", for_whom(self.whose, self.missing[0]))
            elif self.missing[1] and "city" in self.levels_shown and not data.get("city"):
                self.add_error("city", for_whom(self.whose, self.missing[1]))
        self.code = code
        return data


# How each kind of place question reads: where the family lives must reach the city, and so must
# where a parent works; a hukou place must be answered, with "don't know" as one of the answers.
KINDS: dict[str, dict[str, Any]] = {
    "residence": {"required": True},
    "hukou": {"required": True, "unknown": True, "missing": (_("请选择户口所在地"), None)},
    "work": {
        "required": True,
        "missing": (_("请选择用人单位所在的省份"), _("请选择用人单位所在的城市")),
    },
}


def place_form(
    data: Any = None,
    *,
    prefix: str,
    kind: str,
    code: str | None = None,
    whose: Any = "",
    lang: str = "zh-hans",
    tree: PlaceTree | None = None,
) -> PlaceForm:
    """A place question of one kind about `whose` place it is (nobody's: the family's); pass
    the page's `tree` when a page has many of them."""
    return PlaceForm(
        data, prefix=prefix, code=code, whose=whose, lang=lang, tree=tree, **KINDS[kind]
    )


def without_errors(form: forms.BaseForm) -> forms.BaseForm:
    """Show a bound form as typed, without judging it yet (an "update the options" request)."""
    form.errors.clear()
    return form
