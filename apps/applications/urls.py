from django.urls import path

from apps.applications import views

app_name = "applications"

urlpatterns = [
    path("status/<slug:reference>/<slug:secret>/", views.status, name="status"),
    path("", views.apply, name="apply"),
]
