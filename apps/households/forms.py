"""One Django form per question about the parents; the place selects come from
`apps.jurisdictions.forms`, the children's rows from `apps.children.forms`.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

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
