"""One Django form per question; the place selects come from `apps.jurisdictions.forms`.

Dates are checked by the API's own rules (`apps.benefits.question`): a birth not after today and
not more than 30 years ago, an expected date from today to 310 days (10 months) ahead.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from apps.benefits.question import EARLIEST_BIRTH, LATEST_EXPECTED

YES_NO = [("yes", _("是")), ("no", _("否"))]


def yes_no(value: bool | None) -> str | None:
    return None if value is None else ("yes" if value else "no")


class ParentsForm(forms.Form):
    who = forms.ChoiceField(
        label=_("这个家庭有哪些父母？"),
        help_text=_("单亲家庭也可以查询。"),
        choices=[
            ("both", _("父母双方")),
            ("mother", _("只有母亲")),
            ("father", _("只有父亲")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("请选择这个家庭有哪些父母")},
    )


class ParentForm(forms.Form):
    employed = forms.ChoiceField(
        label=_("是否在用人单位工作（有劳动合同或在编）？"),
        help_text=_("产假、护理假和育儿假只适用于在用人单位工作的人。"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        error_messages={"required": _("请回答是否在用人单位工作")},
    )
    works_where = forms.ChoiceField(
        label=_("用人单位在哪里？"),
        help_text=_("产假、护理假和育儿假按用人单位所在地的规定享受。"),
        choices=[("same", _("和居住地相同")), ("elsewhere", _("在别的地方"))],
        widget=forms.RadioSelect,
        required=False,
        initial="same",
    )
    unemployment_benefit = forms.DecimalField(
        label=_("正在领取失业保险金吗？如是，每月多少元"),
        help_text=_("没有领取请留空。在用人单位工作的可以不填。"),
        required=False,
        min_value=0,
        max_value=100000,
        decimal_places=2,
        error_messages={
            "invalid": _("请输入金额，例如 1850"),
            "min_value": _("金额不能小于0"),
            "max_value": _("金额不能超过100000元"),
            "max_decimal_places": _("金额最多保留两位小数"),
        },
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )


class ChildForm(forms.Form):
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

    def __init__(self, *args: Any, today: date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = today

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        day, born = data.get("date"), data.get("born")
        if day is None or born is None:
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
