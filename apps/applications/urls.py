from django.urls import path

from apps.applications import views

app_name = "applications"

urlpatterns = [
    path("status/<str:reference>/<str:secret>/", views.status, name="status"),
    path("<str:token>/", views.apply, name="apply"),
]
