from django.apps import AppConfig


class BenefitsConfig(AppConfig):
    name = "apps.benefits"
    default_auto_field = "django.db.models.BigAutoField"
