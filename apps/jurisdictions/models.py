from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Jurisdiction(models.Model):
    """A division of China by its GB/T 2260 code; the country itself is 100000."""

    class Level(models.TextChoices):
        COUNTRY = "country", _("国家")
        PROVINCE = "province", _("省级")
        PREFECTURE = "prefecture", _("地级")
        COUNTY = "county", _("县级")

    code = models.CharField(_("代码"), max_length=6, primary_key=True)
    name = models.CharField(_("名称"), max_length=64)
    name_en = models.CharField(_("英文名称"), max_length=128, blank=True)
    level = models.CharField(_("级别"), max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("行政区划")
        verbose_name_plural = pgettext_lazy("plural", "行政区划")

    def __str__(self) -> str:
        return f"{self.name}（{self.code}）"

    def natural_key(self) -> tuple[str]:
        return (self.code,)


class DataVersion(models.Model):
    """A token per kind of reference data ("places", "rules"), drawn anew on every change: a
    process keeps what it builds from that data (the place tree, the rule set) until the token
    changes. One small query tells every process, whatever wrote the change (a fixture, the
    loader, the admin). A fresh random token, not a counter, so that a change rolled back (a dry
    run) never leaves a process holding what it built meanwhile under a token that comes back."""

    key = models.CharField(_("数据"), max_length=40, primary_key=True)
    token = models.CharField(_("版本"), max_length=32)

    class Meta:
        verbose_name = _("数据版本")
        verbose_name_plural = pgettext_lazy("plural", "数据版本")

    def __str__(self) -> str:
        return f"{self.key} {self.token}"
