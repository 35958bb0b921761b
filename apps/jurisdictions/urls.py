from django.urls import path

from apps.jurisdictions import views

app_name = "jurisdictions"

urlpatterns = [
    path("select/", views.place_select, name="select"),
]
