from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "apps.applications"
    verbose_name = _("待遇申请")

    def ready(self) -> None:
        # Django's way to connect receivers once the models are loaded (not a cycle dodge).
        from apps.applications import receivers  # noqa: F401
