from django.apps import AppConfig


class JurisdictionsConfig(AppConfig):
    name = "apps.jurisdictions"
    default_auto_field = "django.db.models.BigAutoField"
