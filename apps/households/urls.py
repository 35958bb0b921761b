from django.urls import path

from apps.households import views

app_name = "households"

urlpatterns = [
    path("", views.home, name="home"),
]
