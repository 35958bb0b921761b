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
