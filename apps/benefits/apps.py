from django.apps import AppConfig


class BenefitsConfig(AppConfig):
    name = "apps.benefits"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # Django's way to connect receivers once the models are loaded (not a cycle dodge).
        from apps.benefits import receivers  # noqa: F401
