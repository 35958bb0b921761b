"""The cascading place picker (province → city → county) shared by every question about a place.

A plain Django form with three selects whose choices depend on what is already chosen. Places
with a local policy come first in each list, so most families find theirs at the top.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.jurisdictions.models import Jurisdiction
from apps.jurisdictions.selectors import places_get

COUNTRY = "100000"
LEVELS = ("province", "city", "county")


def policy_places() -> set[str]:
    """Codes of the places whose subtree holds a program's granting jurisdiction."""
    from apps.benefits.models import Program

    places = places_get()
    granting = set(Program.objects.values_list("jurisdiction_id", flat=True).distinct())
    marked: set[str] = set()
    for code in granting:
        marked.update(p.code for p in places.path(code))
    marked.discard(COUNTRY)
    return marked


def _place_name(place: Jurisdiction, lang: str) -> str:
    return place.name_en if lang == "en" and place.name_en else place.name


class PlaceForm(forms.Form):
    """Three selects; `code` is the deepest place chosen (None when nothing is)."""

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
        legend: str = "",
        hint: str = "",
        required: bool = False,
        unknown_label: str = "",
        lang: str = "zh-hans",
    ) -> None:
        initial = self.initial_for(code)
        super().__init__(data, prefix=prefix, initial=initial)
        self.legend = legend
        self.hint = hint
        self.place_required = required
        self.lang = lang
        self.marked = policy_places()
        chosen = self._chosen()
        empty = str(unknown_label or _("请选择"))
        self.fields["province"].choices = [("", empty), *self._options(COUNTRY)]
        self.levels_shown = ["province"]
        province, city = chosen.get("province"), chosen.get("city")
        if province and self._valid(province, COUNTRY):
            options = self._options(province)
            if options:
                self.levels_shown.append("city")
                self.fields["city"].choices = [("", _("请选择")), *options]
                first = Jurisdiction.objects.filter(parent_id=province).first()
                if first is not None and first.level == Jurisdiction.Level.COUNTY:
                    self.fields["city"].label = _("区、县")
            if city and self._valid(city, province):
                options = self._options(city)
                if options:
                    self.levels_shown.append("county")
                    self.fields["county"].choices = [("", _("请选择（建议填写）")), *options]

    @staticmethod
    def initial_for(code: str | None) -> dict[str, str]:
        if not code:
            return {}
        path = [p.code for p in places_get().path(code) if p.code != COUNTRY]
        return dict(zip(LEVELS, path, strict=False))

    def _chosen(self) -> dict[str, str]:
        if self.is_bound:
            return {level: self.data.get(self.add_prefix(level), "") for level in LEVELS}
        return dict(self.initial)

    @staticmethod
    def _valid(code: str, parent: str) -> bool:
        return Jurisdiction.objects.filter(code=code, parent_id=parent).exists()

    def _options(self, parent: str) -> list[tuple[str, str]]:
        places = Jurisdiction.objects.filter(parent_id=parent).order_by("code")
        marked = _("（有本地政策）")
        first = [p for p in places if p.code in self.marked]
        rest = [p for p in places if p.code not in self.marked]
        return [(p.code, f"{_place_name(p, self.lang)}{marked}") for p in first] + [
            (p.code, _place_name(p, self.lang)) for p in rest
        ]

    def bound_levels(self) -> list[forms.BoundField]:
        return [self[level] for level in self.levels_shown]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        code = None
        for level in LEVELS:
            if level not in self.levels_shown:
                break
            value = data.get(level)
            if not value:
                break
            code = value
        if self.place_required and not self.errors:
            if not data.get("province"):
                self.add_error("province", _("请选择省份"))
            elif "city" in self.levels_shown and not data.get("city"):
                self.add_error("city", _("请选择城市"))
        self.code = code
        return data

    @property
    def error_ids(self) -> list[tuple[str, str]]:
        return [(self[name].auto_id, str(e)) for name in LEVELS for e in self.errors.get(name, [])]


# How each kind of place question reads: residence must reach the city; a hukou may be unknown.
KINDS: dict[str, dict[str, Any]] = {
    "residence": {"required": True, "unknown_label": ""},
    "hukou": {"required": False, "unknown_label": _("不清楚或尚未登记")},
}


def place_form(
    data: Any = None, *, prefix: str, kind: str, code: str | None = None, lang: str = "zh-hans"
) -> PlaceForm:
    return PlaceForm(data, prefix=prefix, code=code, lang=lang, **KINDS[kind])


def without_errors(form: forms.Form) -> forms.Form:
    """Show a bound form as typed, without judging it yet (an "update the options" request)."""
    form._errors = forms.utils.ErrorDict()
    form.cleaned_data = {}
    return form
