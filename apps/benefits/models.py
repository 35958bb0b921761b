"""Policies as data: documents and the programs they set, loaded from `fixtures/policies/`."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from apps.benefits.engine.kinds import REGISTRY
from apps.benefits.validation import program_problems


class PolicyDocumentManager(models.Manager["PolicyDocument"]):
    def get_by_natural_key(self, key: str) -> PolicyDocument:
        return self.get(key=key)


class PolicyDocument(models.Model):
    key = models.SlugField(_("标识"), max_length=80, unique=True)
    number = models.CharField(_("文号"), max_length=80, blank=True)
    title = models.CharField(_("标题"), max_length=200)
    title_en = models.CharField(
        _("英文标题"), max_length=300, blank=True, help_text=_("已知英文标题时填写")
    )
    issuer = models.CharField(_("发文机关"), max_length=200)
    jurisdiction = models.ForeignKey(
        "jurisdictions.Jurisdiction", verbose_name=_("地区"), on_delete=models.PROTECT
    )
    issued_on = models.DateField(_("发文日期"), null=True, blank=True)
    in_force_from = models.DateField(_("施行日期"), null=True, blank=True)
    in_force_to = models.DateField(_("有效期至"), null=True, blank=True)
    url = models.URLField(_("链接"), blank=True)
    source = models.CharField(_("来源说明"), max_length=300, blank=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = PolicyDocumentManager()

    class Meta:
        ordering = ["jurisdiction_id", "key"]
        verbose_name = _("政策文件")
        verbose_name_plural = pgettext_lazy("plural", "政策文件")

    def __str__(self) -> str:
        return self.number or self.title

    def natural_key(self) -> tuple[str]:
        return (self.key,)

    def clean(self) -> None:
        if self.in_force_from and self.in_force_to and self.in_force_to < self.in_force_from:
            raise ValidationError({"in_force_to": _("有效期至早于施行日期")})

    @property
    def citation_name(self) -> str:
        return self.number or self.title


class ProgramManager(models.Manager["Program"]):
    def get_by_natural_key(self, slug: str) -> Program:
        return self.get(slug=slug)


class Program(models.Model):
    class Category(models.TextChoices):
        ONE_OFF = "one_off", _("一次性补贴")
        RECURRING = "recurring", _("按月或按年发放")
        LEAVE = "leave", _("假期")

    class Follows(models.TextChoices):
        RESIDENCE = "residence", _("居住地：家庭住在本地")
        HUKOU = "hukou", _("户籍：按户口条件，不论住在哪里")
        EMPLOYER = "employer", _("用人单位所在地：按父母各自的工作地")

    class Basis(models.TextChoices):
        ENTITLEMENT = "entitlement", _("依规定应享受")
        EMPLOYER_MAY = "employer_may", _("单位可以给予（不计入应享受）")
        IN_KIND = "in_kind", _("代为支付给保险或服务机构（不计入现金）")

    slug = models.SlugField(_("标识"), max_length=80, unique=True)
    document = models.ForeignKey(
        PolicyDocument,
        verbose_name=_("政策文件"),
        on_delete=models.CASCADE,
        related_name="programs",
    )
    name_zh = models.CharField(_("名称"), max_length=100)
    name_en = models.CharField(_("英文名称"), max_length=150)
    jurisdiction = models.ForeignKey(
        "jurisdictions.Jurisdiction",
        verbose_name=_("发放地区"),
        on_delete=models.PROTECT,
        related_name="programs",
    )

    class Confidence(models.TextChoices):
        CONFIRMED = "confirmed", _("已核对原文")
        REPORTED = "reported", _("条文序号据转述")
        UNVERIFIED = "unverified", _("条文序号未能核实")

    clause = models.CharField(
        _("条款"),
        max_length=80,
        blank=True,
        help_text=_("条文序号，如“第二十五条”或“二（七）”；未能核实时留空并说明"),
    )
    clause_confidence = models.CharField(
        _("条款核实情况"),
        max_length=16,
        choices=Confidence.choices,
        default=Confidence.CONFIRMED,
    )
    clause_text = models.TextField(_("条款原文"), blank=True)
    category = models.CharField(_("类别"), max_length=16, choices=Category.choices)
    kind = models.CharField(
        _("规则类型"), max_length=40, choices=[(name, name) for name in REGISTRY]
    )
    params = models.JSONField(_("参数"), default=dict)
    events_from = models.DateField(_("适用事件起始日"), null=True, blank=True)
    events_to = models.DateField(_("适用事件截止日（含）"), null=True, blank=True)
    follows = models.CharField(
        _("适用地依据"),
        max_length=16,
        choices=Follows.choices,
        default=Follows.RESIDENCE,
        help_text=_("家庭的哪个地点使本项适用：居住地、户籍（由户口条件决定）或用人单位所在地"),
    )
    basis = models.CharField(
        _("待遇性质"), max_length=16, choices=Basis.choices, default=Basis.ENTITLEMENT
    )
    conditions = models.JSONField(_("条件"), default=list, blank=True)
    replaces = models.JSONField(_("替代的上级规定"), default=list, blank=True)
    paid_once_group = models.SlugField(_("不重复享受组"), max_length=80, blank=True)
    notes = models.JSONField(_("解读说明"), default=list, blank=True)
    documents = models.JSONField(
        _("申请材料"),
        default=list,
        blank=True,
        help_text=_('申请时通常需要的材料：[{"zh": "出生医学证明", "en": "..."}]'),
    )
    apply_within_days = models.PositiveIntegerField(
        _("申请期限（事件后天数）"),
        null=True,
        blank=True,
        help_text=_("须在出生（或预产期）后多少天内申请；不限则留空"),
    )
    apply_by = models.DateField(_("申请截止日"), null=True, blank=True)
    claim = models.JSONField(
        _("申领方式"),
        null=True,
        blank=True,
        help_text=_("向谁、怎样申请，由谁发放，多久到账；格式见 fixtures/policy.schema.json"),
    )
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True)

    objects = ProgramManager()

    class Meta:
        ordering = ["jurisdiction_id", "slug"]
        verbose_name = _("待遇项目")
        verbose_name_plural = pgettext_lazy("plural", "待遇项目")

    def __str__(self) -> str:
        return self.name_zh

    def natural_key(self) -> tuple[str]:
        return (self.slug,)

    natural_key.dependencies = ["benefits.policydocument"]  # type: ignore[attr-defined]

    def clean(self) -> None:
        problems = program_problems(self)
        if problems:
            errors: dict[str, list[str]] = {}
            for field_name, message in problems:
                model_field = re.split(r"[.\[]", field_name)[0]
                errors.setdefault(model_field, []).append(f"{field_name}: {message}")
            raise ValidationError(errors)
