"""The parent's forms: applying, and answering a caseworker's question. Format checks only;
what the family is entitled to is the engine's answer, never the form's."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from typing import Any, cast

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from stdnum import luhn

from apps.applications.documents import document_check
from apps.applications.id_numbers import IdNumberInvalid, id_number_check
from apps.applications.models import FORMULA_START
from apps.benefits.engine import Entitlement
from apps.benefits.engine.text import fmt_date, fmt_money
from apps.benefits.places import places_get
from apps.benefits.services import current_lang
from apps.jurisdictions.selectors import COUNTRY

CONSENT_TEXT = _(
    "我确认以上信息真实、完整。我同意审核部门为审核本申请核实我填写的身份和家庭信息，"
    "并将核准的款项发放到我填写的银行账户。"
)
ADULT_AGE, OLDEST_AGE = 18, 80


def _age(born: date, today: date) -> int:
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


class ApplyForm(forms.Form):
    entitlements = forms.MultipleChoiceField(
        label=_("申请的待遇"),
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("请至少选择一项待遇。"),
            # What was offered is gone: applied for meanwhile (a second tab) or the answers changed.
            "invalid_choice": _("您选的一项现在不能申请：已经申请过，或者回答有变。请重新选择。"),
        },
    )
    applicant_name = forms.CharField(
        error_messages={"required": _("请填写申请人姓名。")},
        label=_("申请人姓名"),
        max_length=50,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    id_number = forms.CharField(
        error_messages={"required": _("请填写居民身份证号码。")},
        label=_("居民身份证号码"),
        max_length=30,
        help_text=_("18位，最后一位可以是 X"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )
    phone = forms.CharField(
        error_messages={"required": _("请填写手机号码。")},
        label=_("手机号码"),
        max_length=15,
        help_text=_("11位，以1开头"),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "numeric"}),
    )
    email = forms.EmailField(
        label=_("电子邮箱（选填）"),
        required=False,
        max_length=254,
        help_text=_("审核有进展时，我们会发短信到您的手机；填写邮箱的，也会发邮件"),
        error_messages={"invalid": _("电子邮箱的格式不对，例如 name@example.com。")},
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    bank_account = forms.CharField(
        error_messages={"required": _("请填写收款银行账号。")},
        label=_("收款银行账号"),
        max_length=40,
        help_text=_("申请人本人的银行卡号或账号，12至30位数字"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric"}),
    )
    consent = forms.BooleanField(
        label=CONSENT_TEXT,
        error_messages={"required": _("请阅读并勾选同意声明。")},
    )

    def __init__(self, *args: Any, choices: list[tuple[str, Entitlement]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.MultipleChoiceField, self.fields["entitlements"]).choices = [
            (key, _choice_label(e)) for key, e in choices if e.amount is not None
        ]
        if not self.is_bound:
            self.fields["entitlements"].initial = [key for key, _e in choices]

    def clean_applicant_name(self) -> str:
        name = " ".join(self.cleaned_data["applicant_name"].split())
        if name.startswith(FORMULA_START) or any(not c.isprintable() for c in name):
            raise forms.ValidationError(
                _("申请人姓名请按身份证上的写法填写，不要以 = + - @ 等符号开头。"), code="symbols"
            )
        return name

    def clean_id_number(self) -> str:
        """Format, area, birth date and check digit (apps.applications.id_numbers), each refusal
        naming its part (the error's code), then the applicant's age."""
        today = timezone.localdate()
        provinces = {
            code[:2] for code, place in places_get().by_code.items() if place.parent == COUNTRY
        }
        try:
            value, born = id_number_check(
                self.cleaned_data["id_number"], today=today, provinces=provinces
            )
        except IdNumberInvalid as invalid:
            raise forms.ValidationError(str(invalid.message), code=invalid.part) from None
        if not ADULT_AGE <= _age(born, today) <= OLDEST_AGE:
            raise forms.ValidationError(
                _("申请人应为%(low)s至%(high)s周岁的成年人；请核对身份证号码中的出生日期。")
                % {"low": ADULT_AGE, "high": OLDEST_AGE},
                code="age",
            )
        return value

    def clean_phone(self) -> str:
        value = re.sub(r"[\s-]", "", self.cleaned_data["phone"])
        if value.startswith("+86"):
            value = value[3:]
        if not re.fullmatch(r"1\d{10}", value):
            raise forms.ValidationError(_("手机号码应为以1开头的11位数字。"), code="format")
        return value

    def clean_bank_account(self) -> str:
        value = re.sub(r"[\s-]", "", self.cleaned_data["bank_account"])
        if not re.fullmatch(r"\d{12,30}", value):
            raise forms.ValidationError(_("银行账号应为12至30位数字。"), code="format")
        # UnionPay cards (16 to 19 digits, starting 62) carry a Luhn check digit; other account
        # numbers (passbooks, older cards) need not, so only their format is checked.
        if value.startswith("62") and 16 <= len(value) <= 19 and not luhn.is_valid(value):
            raise forms.ValidationError(
                _("银行卡号的校验位不对，请核对是否输错。"), code="checksum"
            )
        return value


def _choice_label(entitlement: Entitlement) -> str:
    """ "育儿补助（拱墅）：5,000元", with its last day to claim where it has one."""
    label = gettext("%(name)s：%(amount)s元") % {
        "name": entitlement.name,
        "amount": fmt_money(entitlement.amount or Decimal(0)),
    }
    if entitlement.apply_by:
        day = fmt_date(entitlement.apply_by, current_lang())
        label += gettext("（申请截止：%(day)s）") % {"day": day}
    return label


class ReplyForm(forms.Form):
    message = forms.CharField(
        label=_("补充的信息"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("请填写要补充的信息。")},
    )


OTHER_DOCUMENT = _("其他材料")


class DocumentForm(forms.Form):
    """A file the caseworker asked for: which document it is, and the file, checked by its
    content (apps.applications.documents)."""

    title = forms.ChoiceField(
        label=_("材料名称"), error_messages={"required": _("请选择上传的是哪一项材料。")}
    )
    file = forms.FileField(
        label=_("文件"),
        help_text=_("PDF、JPEG、PNG 或 HEIC 格式，每个文件不超过 %(limit)s MB；拍照请保证清晰完整"),
        error_messages={
            "required": _("请选择要上传的文件。"),
            "empty": _("上传的文件是空的，请重新选择。"),
            "invalid": _("没有收到文件，请重新选择。"),
        },
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.jpg,.jpeg,.png,.heic,application/pdf,image/*"}
        ),
    )

    def __init__(self, *args: Any, titles: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(t, t) for t in dict.fromkeys([*titles, str(OTHER_DOCUMENT)])]
        cast(forms.ChoiceField, self.fields["title"]).choices = [("", "—"), *choices]
        limit = settings.DOCUMENT_MAX_BYTES / 1048576
        self.fields["file"].help_text = str(self.fields["file"].help_text) % {
            "limit": f"{limit:.0f}"
        }

    def clean_file(self) -> UploadedFile:
        upload = self.cleaned_data["file"]
        try:
            document_check(upload)
        except ValidationError as invalid:
            raise forms.ValidationError(invalid.messages[0], code=invalid.code) from None
        return upload
