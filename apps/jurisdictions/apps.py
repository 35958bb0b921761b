from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JurisdictionsConfig(AppConfig):
    name = "apps.jurisdictions"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("行政区划")

    def ready(self) -> None:
        # Django's way to connect receivers once the models are loaded (not a cycle dodge).
        from apps.jurisdictions import receivers  # noqa: F401
