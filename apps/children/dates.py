"""A date as a parent types it: year, month and day in three boxes (the GOV.UK Design System's
date input), never the browser's date picker, whose look and format change with the phone's
locale while the hint shows another.

`DateField` yields one `datetime.date`, under the field's own name: the boxes post
`<name>-year`, `<name>-month`, `<name>-day`, and a client (or a page cached before this change)
that posts the whole date as `<name>=2024-07-01` still works. Each way a date can be wrong has
its own message, naming the box to fix; `date_inputs` says which boxes to mark.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

PARTS = ("year", "month", "day")  # the order of the boxes: a Chinese date reads 2024年3月15日
PART_LABELS = {"year": _("年"), "month": _("月"), "day": _("日")}
ISO_DATE = re.compile(r"\s*(\d{1,4})-(\d{1,2})-(\d{1,2})\s*")

# What is missing, when some boxes are filled and others are not.
MISSING = {
    frozenset({"day"}): _("日期还缺“日”"),
    frozenset({"month"}): _("日期还缺“月”"),
    frozenset({"year"}): _("日期还缺“年”"),
    frozenset({"month", "day"}): _("日期还缺“月”和“日”"),
    frozenset({"year", "day"}): _("日期还缺“年”和“日”"),
    frozenset({"year", "month"}): _("日期还缺“年”和“月”"),
}
NOT_A_NUMBER = {
    "year": _("“年”只能填数字，例如 2024"),
    "month": _("“月”只能填数字，例如 3"),
    "day": _("“日”只能填数字，例如 15"),
}


class DateWidget(forms.MultiWidget):
    """Three text boxes for numbers. The template draws them (`households/_date.html`), with
    their labels, the fieldset's legend, hint and error; this class reads and fills them."""

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        box = {"inputmode": "numeric", "autocomplete": "off", "spellcheck": "false"}
        super().__init__([forms.TextInput(attrs=box) for _ in PARTS], attrs)
        self.widgets_names = [f"-{part}" for part in PARTS]

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, date):
            return [value.year, value.month, value.day]
        if isinstance(value, str) and (match := ISO_DATE.fullmatch(value)):
            return [int(group) for group in match.groups()]
        if isinstance(value, list | tuple) and len(value) == len(PARTS):
            return list(value)
        return [None] * len(PARTS)

    def value_from_datadict(self, data: Mapping[str, Any], files: Any, name: str) -> list[Any]:
        parts = super().value_from_datadict(data, files, name)
        if all(part is None for part in parts) and data.get(name):
            whole = str(data.get(name))
            match = ISO_DATE.fullmatch(whole)
            return list(match.groups()) if match else [whole, "", ""]
        return parts

    def value_omitted_from_data(self, data: Mapping[str, Any], files: Any, name: str) -> bool:
        return name not in data and super().value_omitted_from_data(data, files, name)


class DateField(forms.MultiValueField):
    """Year, month and day as one date. `error_messages` may override any code: "required",
    "incomplete_<parts>", "not_a_number_<part>", "year", "month", "day"."""

    widget = DateWidget

    def __init__(self, **kwargs: Any) -> None:
        messages = {
            **{_code(parts): message for parts, message in MISSING.items()},
            **{f"not_a_number_{part}": message for part, message in NOT_A_NUMBER.items()},
            "year": _("“年”要填4位数字，例如 2024"),
            "month": _("“月”要在1到12之间"),
            "day": _("“日”要在1到%(last)s之间（%(month)s只有%(last)s天）"),
            **kwargs.pop("error_messages", {}),
        }
        parts = tuple(forms.CharField(required=False, strip=True) for _ in PARTS)
        super().__init__(parts, require_all_fields=False, error_messages=messages, **kwargs)

    def compress(self, data_list: Sequence[Any]) -> date | None:
        if not data_list:
            return None
        typed = dict(zip(PARTS, (_digits(value) for value in data_list), strict=True))
        missing = frozenset(part for part, value in typed.items() if not value)
        if missing == frozenset(PARTS):
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return None
        if missing:
            raise self._error(_code(missing), missing)
        for part in PARTS:
            if not typed[part].isdecimal():
                raise self._error(f"not_a_number_{part}", {part})
        year, month, day = (int(typed[part]) for part in PARTS)
        if len(typed["year"].lstrip("0")) != 4:
            raise self._error("year", {"year"})
        if not 1 <= month <= 12:
            raise self._error("month", {"month"})
        last = calendar.monthrange(year, month)[1]
        if not 1 <= day <= last:
            month_name = date_format(date(year, month, 1), "YEAR_MONTH_FORMAT")
            raise self._error("day", {"day"}, last=last, month=month_name)
        return date(year, month, day)

    def _error(self, code: str, parts: set[str] | frozenset[str], **params: Any) -> ValidationError:
        return ValidationError(
            self.error_messages[code], code=code, params={**params, "parts": tuple(sorted(parts))}
        )


def _code(parts: frozenset[str]) -> str:
    return "incomplete_" + "_".join(part for part in PARTS if part in parts)


def _digits(value: Any) -> str:
    """A box's text with full-width digits (typed with a Chinese input method) made ASCII."""
    return unicodedata.normalize("NFKC", str(value or "")).strip()


@dataclass(frozen=True)
class DateInput:
    """One box as the template draws it."""

    part: str
    label: str
    name: str
    id: str
    value: str
    invalid: bool


def date_inputs(field: forms.BoundField) -> list[DateInput]:
    """The boxes of a `DateField`, each marked invalid when its field's error is about it (a
    date that is wrong as a whole, such as a birth after today, marks all three)."""
    value = field.value()
    widget = field.field.widget
    assert isinstance(widget, DateWidget)
    values = widget.decompress(value)
    invalid: set[str] = set()
    for error in field.form.errors.as_data().get(field.name, []):
        parts = (error.params or {}).get("parts", PARTS)
        invalid.update(parts)
    return [
        DateInput(
            part=part,
            label=str(PART_LABELS[part]),
            name=f"{field.html_name}-{part}",
            id=f"{field.auto_id}-{part}",
            value="" if typed is None else str(typed),
            invalid=part in invalid,
        )
        for part, typed in zip(PARTS, values, strict=True)
    ]


def first_invalid_input(field: forms.BoundField) -> str:
    """The id of the first box to fix: where the error summary's link for this date goes."""
    boxes = date_inputs(field)
    return next((box.id for box in boxes if box.invalid), boxes[0].id)
