from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BenefitsConfig(AppConfig):
    name = "apps.benefits"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = _("政策与待遇")

    def ready(self) -> None:
        # Django's way to connect receivers once the models are loaded (not a cycle dodge).
        from apps.benefits import receivers  # noqa: F401
