from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class HouseholdChild(models.Model):
    """One birth (or pregnancy) of a household's, as the questionnaire asks it: `babies` > 1 is a
    multiple birth (twins...), each baby its own child in the question (`selectors`)."""

    household = models.ForeignKey(
        "households.Household", on_delete=models.CASCADE, related_name="children"
    )
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)
    born = models.BooleanField(_("已出生"), default=True)
    date = models.DateField(_("出生日期或预产期"))
    babies = models.PositiveSmallIntegerField(
        _("婴儿数"), default=1, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    hukou = models.ForeignKey(
        "jurisdictions.Jurisdiction",
        verbose_name=_("户口登记地"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    of_this_couple = models.BooleanField(_("夫妻共同生育"), default=True)
    difficult_birth = models.BooleanField(_("难产"), default=False)

    class Meta:
        ordering = ["household", "position", "id"]
        verbose_name = _("孩子")
        verbose_name_plural = pgettext_lazy("plural", "孩子")

    def __str__(self) -> str:
        return f"{self.date}"
