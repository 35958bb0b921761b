from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChildrenConfig(AppConfig):
    name = "apps.children"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("孩子")
