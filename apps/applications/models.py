"""Applications for cash entitlements, their review by caseworkers, and the audit of every step.

An application keeps a snapshot of what the parent answered and what the engine said then, so a
caseworker can compare it with today's rules. The ID number and bank account are stored as given
(encryption at rest is out of scope here); a keyed digest of the normalised ID number (HMAC with
SECRET_KEY) makes it searchable, and finds the same applicant again, without showing it in lists.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def mask(value: str, *, keep: int = 4) -> str:
    """'410105199001011234' -> '4101**********1234': enough to recognise, not to use."""
    if len(value) <= keep * 2:
        return "*" * len(value)
    return f"{value[:keep]}{'*' * (len(value) - 2 * keep)}{value[-keep:]}"


# A spreadsheet reads a cell that starts with one of these as a formula (CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class Status(models.TextChoices):
    SUBMITTED = "submitted", _("已提交")
    IN_REVIEW = "in_review", _("审核中")
    INFO_REQUESTED = "info_requested", _("待补充材料")
    APPROVED = "approved", _("已批准")
    REJECTED = "rejected", _("未获批准")
    PAID = "paid", _("已发放")


OPEN_STATUSES = (Status.SUBMITTED, Status.IN_REVIEW, Status.INFO_REQUESTED)


class Application(models.Model):
    reference = models.CharField(_("申请编号"), max_length=20, unique=True)
    secret_hash = models.CharField(_("查询密钥摘要"), max_length=64, editable=False)
    household = models.ForeignKey(
        "households.Household",
        verbose_name=_("家庭答卷"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="applications",
    )
    jurisdiction = models.ForeignKey(
        "jurisdictions.Jurisdiction",
        verbose_name=_("居住地"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    applicant_name = models.CharField(_("申请人姓名"), max_length=50)
    id_number = models.CharField(_("身份证号码"), max_length=18)
    id_number_hash = models.CharField(_("身份证号码摘要"), max_length=64, db_index=True)
    phone = models.CharField(_("手机号码"), max_length=11)
    bank_account = models.CharField(_("收款银行账号"), max_length=30)
    consent_text = models.TextField(_("同意的声明"))
    consented_at = models.DateTimeField(_("同意时间"))

    answers = models.JSONField(_("答卷快照"))
    evaluation = models.JSONField(_("计算结果快照"))
    rules_version = models.CharField(_("规则版本"), max_length=40)
    as_of = models.DateField(_("计算日期"))
    programs = models.JSONField(_("申请的项目"), default=list)
    amount = models.DecimalField(_("申请金额（元）"), max_digits=12, decimal_places=2)

    status = models.CharField(
        _("状态"), max_length=16, choices=Status.choices, default=Status.SUBMITTED, db_index=True
    )
    version = models.PositiveIntegerField(_("版本"), default=1)
    internal_note = models.TextField(_("内部备注"), blank=True)
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True, db_index=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("申请")
        verbose_name_plural = pgettext_lazy("plural", "申请")

    def __str__(self) -> str:
        return self.reference

    @property
    def id_number_masked(self) -> str:
        return mask(self.id_number)

    @property
    def bank_account_masked(self) -> str:
        return mask(self.bank_account)


class ApplicationItem(models.Model):
    """One entitlement applied for: a program for one child (or parent) and its amount."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="items")
    program = models.SlugField(_("项目标识"), max_length=80, db_index=True)
    name = models.CharField(_("项目名称"), max_length=150)
    child = models.PositiveSmallIntegerField(_("孩子序号"), null=True, blank=True)
    parent = models.CharField(_("父母"), max_length=8, blank=True)
    amount = models.DecimalField(_("金额（元）"), max_digits=12, decimal_places=2)

    class Meta:
        ordering = ["application", "id"]
        verbose_name = _("申请项目")
        verbose_name_plural = pgettext_lazy("plural", "申请项目")

    def __str__(self) -> str:
        return f"{self.name} {self.amount}"


class ApplicationEvent(models.Model):
    """Who did what, when: one row per change of an application, never edited."""

    class Kind(models.TextChoices):
        SUBMITTED = "submitted", _("提交申请")
        TAKEN = "taken", _("开始审核")
        INFO_REQUESTED = "info_requested", _("要求补充材料")
        PARENT_REPLIED = "parent_replied", _("申请人补充信息")
        RESUMED = "resumed", _("继续审核")
        APPROVED = "approved", _("批准")
        REJECTED = "rejected", _("不予批准")
        PAID = "paid", _("标记已发放")
        NOTE = "note", _("修改内部备注")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    created_at = models.DateTimeField(_("时间"), auto_now_add=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("操作"), max_length=16, choices=Kind.choices)
    from_status = models.CharField(_("原状态"), max_length=16, choices=Status.choices, blank=True)
    to_status = models.CharField(_("新状态"), max_length=16, choices=Status.choices, blank=True)
    message = models.TextField(_("说明"), blank=True)

    class Meta:
        ordering = ["application", "created_at", "id"]
        verbose_name = _("审核记录")
        verbose_name_plural = pgettext_lazy("plural", "审核记录")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.created_at:%Y-%m-%d %H:%M}"

    @property
    def by_parent(self) -> bool:
        return self.kind in (self.Kind.SUBMITTED, self.Kind.PARENT_REPLIED)


class CaseworkerAssignment(models.Model):
    """A caseworker acts on the applications of this place and of every place under it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("审核员"),
        on_delete=models.CASCADE,
        related_name="caseworker_assignments",
    )
    jurisdiction = models.ForeignKey(
        "jurisdictions.Jurisdiction",
        verbose_name=_("负责地区"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("审核员负责地区")
        verbose_name_plural = pgettext_lazy("plural", "审核员负责地区")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "jurisdiction"], name="one_assignment_per_place"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.jurisdiction_id}"
