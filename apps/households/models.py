"""A family's answers to the questionnaire, kept on the server under a random token.

Nothing here identifies a person: no name, no ID number. The token is tied to the browser
session and can be carried in a "save and come back later" link.
"""

from __future__ import annotations

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def new_token() -> str:
    return secrets.token_urlsafe(18)


class Household(models.Model):
    token = models.CharField(
        _("令牌"), max_length=32, unique=True, default=new_token, editable=False
    )
    session_key = models.CharField(_("会话"), max_length=40, blank=True, db_index=True)
    jurisdiction = models.ForeignKey(
        "jurisdictions.Jurisdiction",
        verbose_name=_("居住地"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    class Meta:
        verbose_name = _("家庭答卷")
        verbose_name_plural = pgettext_lazy("plural", "家庭答卷")

    def __str__(self) -> str:
        return f"{self.token[:6]}…"


class HouseholdParent(models.Model):
    class Role(models.TextChoices):
        MOTHER = "mother", _("母亲")
        FATHER = "father", _("父亲")

    household = models.ForeignKey(Household, on_delete=models.CASCADE, related_name="parents")
    role = models.CharField(_("身份"), max_length=8, choices=Role.choices)
    hukou = models.ForeignKey(
        "jurisdictions.Jurisdiction",
        verbose_name=_("户口所在地"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    employed = models.BooleanField(_("在用人单位工作"), default=True)
    works_in = models.ForeignKey(
        "jurisdictions.Jurisdiction",
        verbose_name=_("用人单位所在地"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("空：与居住地相同"),
    )
    unemployment_benefit = models.DecimalField(
        _("每月失业保险金（元）"), max_digits=8, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["household", "role"]
        constraints = [
            models.UniqueConstraint(fields=["household", "role"], name="one_parent_per_role")
        ]
        verbose_name = _("父母")
        verbose_name_plural = pgettext_lazy("plural", "父母")

    def __str__(self) -> str:
        return self.get_role_display()


class Feedback(models.Model):
    """A short message a parent left through the footer's feedback link. No name, no address:
    the page it came from is a path, or a URL name where the path would hold a key."""

    message = models.TextField(_("意见"))
    page = models.CharField(_("来自哪个页面"), max_length=100, blank=True)
    language = models.CharField(_("语言"), max_length=8, blank=True)
    created_at = models.DateTimeField(_("提交时间"), auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("意见反馈")
        verbose_name_plural = pgettext_lazy("plural", "意见反馈")

    def __str__(self) -> str:
        return self.message[:40]
