from django.apps import AppConfig


class HouseholdsConfig(AppConfig):
    name = "apps.households"
    default_auto_field = "django.db.models.BigAutoField"
