from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HouseholdsConfig(AppConfig):
    name = "apps.households"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("家庭答卷")
