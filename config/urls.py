from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from apps.benefits.api import api
from config import health

handler404 = "config.errors.not_found"
handler500 = "config.errors.server_error"

admin.site.site_header = settings.ADMIN_SITE_HEADER
admin.site.site_title = settings.ADMIN_SITE_HEADER

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("apply/", include("apps.applications.urls")),
    path("places/", include("apps.jurisdictions.urls")),
    path("", include("apps.households.urls")),
]
