"""One Django form per question about the parents, and the feedback form; the place selects come
from `apps.jurisdictions.forms`, the children's rows from `apps.children.forms`.

No question is answered in advance: a radio starts with nothing chosen. A question that follows
from an answer (`ParentForm.REVEALED`) is shown only after that answer when JavaScript runs;
without it, every question is on the page with a hint saying when to answer it. Either way the
server judges only the questions that apply to the answers posted, and ignores the others.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django import forms
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from apps.jurisdictions.forms import for_whom_messages

YES_NO = [("yes", _("是")), ("no", _("否"))]
FEEDBACK_MAX_LENGTH = 1200
URL_NAME = re.compile(r"[a-z_]{1,40}:[a-z_]{1,40}")


def yes_no(value: bool | None) -> str | None:
    return None if value is None else ("yes" if value else "no")


class AmountField(forms.DecimalField):
    """An amount in yuan as a parent may type it: "1,850", "1850元", full-width digits."""

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = unicodedata.normalize("NFKC", value)
            value = re.sub(r"[,\s]", "", value).removesuffix("元")
        return super().to_python(value)


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
    """One parent's work and unemployment benefit; `whose` ("母亲") starts every message."""

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
        error_messages={"required": _("请选择用人单位是否和居住地相同")},
    )
    receives_unemployment_benefit = forms.ChoiceField(
        label=_("正在领取失业保险金吗？"),
        help_text=_("失业保险金由失业保险经办机构按月发放，不是低保或其他补助。"),
        choices=YES_NO,
        widget=forms.RadioSelect,
        required=False,
        error_messages={"required": _("请回答是否正在领取失业保险金")},
    )
    unemployment_benefit = AmountField(
        label=_("每月领取多少失业保险金（元）？"),
        help_text=_("例如 1850"),
        required=False,
        min_value=0,
        max_value=100000,
        decimal_places=2,
        error_messages={
            "required": _("请输入金额"),
            "invalid": _("金额只能填数字，例如 1850"),
            "min_value": _("金额不能小于0"),
            "max_value": _("金额不能超过100000元"),
            "max_decimal_places": _("金额最多保留两位小数"),
        },
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    # Each question asked only after an answer: (the question it follows, that answer).
    REVEALED = {
        "works_where": ("employed", "yes"),
        "receives_unemployment_benefit": ("employed", "no"),
        "unemployment_benefit": ("receives_unemployment_benefit", "yes"),
    }

    def __init__(self, *args: Any, whose: Any = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.whose = whose
        for_whom_messages(self, whose)

    def applies(self, name: str) -> bool:
        """Whether the question is asked, given the answers posted (unbound: all are shown)."""
        condition = self.REVEALED.get(name)
        if condition is None or not self.is_bound:
            return True
        on, value = condition
        return self.applies(on) and self.data.get(self.add_prefix(on)) == value

    def clean(self) -> dict[str, Any]:
        super().clean()
        data = self.cleaned_data
        for name, field in self.fields.items():
            if not self.applies(name):
                self.errors.pop(name, None)  # an answer to a question not asked is ignored
                data[name] = None
            elif (
                name in self.REVEALED
                and data.get(name) in field.empty_values
                and name not in self.errors
            ):
                self.add_error(name, field.error_messages["required"])
        return data


class FeedbackForm(forms.Form):
    """A short message about the service and the page it came from (by its URL name, never its
    address: a "save and come back later" address is a key to a family's answers)."""

    message = forms.CharField(
        label=_("您的意见或建议"),
        help_text=_("请不要填写姓名、身份证号、电话等个人信息。我们不会回复这里的意见。"),
        max_length=FEEDBACK_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={
            "required": _("请写下您的意见或建议"),
            "max_length": _("意见最多%(limit_value)d个字，现在是%(show_value)d个字"),
        },
    )
    page = forms.CharField(required=False, max_length=100, widget=forms.HiddenInput)

    def clean_page(self) -> str:
        """The page the parent came from: its path when its address holds no key, else its URL
        name (a "save and come back later" address is a key to a family's answers), or "" when
        what was sent is not a URL name."""
        name = self.cleaned_data["page"]
        if not URL_NAME.fullmatch(name):
            return ""
        try:
            return reverse(name)
        except NoReverseMatch:
            return name
