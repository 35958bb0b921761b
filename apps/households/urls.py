from django.urls import path

from apps.households import views

app_name = "households"

urlpatterns = [
    path("", views.home, name="home"),
    path("place/", views.place, name="place"),
    path("parents/", views.parents, name="parents"),
    path("children/", views.children, name="children"),
    path("check/", views.check, name="check"),
    path("results/", views.results_page, name="results"),
    path("results/calendar.ics", views.results_calendar, name="calendar"),
    path("results/shared/<str:key>/", views.results_shared, name="shared"),
    path("save/", views.save, name="save"),
    path("resume/<str:token>/", views.resume, name="resume"),
    path("start-again/", views.start_again, name="start_again"),
    path("privacy/", views.privacy, name="privacy"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("cookies/", views.cookies, name="cookies"),
    path("help/", views.help_page, name="help"),
    path("feedback/", views.feedback, name="feedback"),
    path("feedback/sent/", views.feedback_sent, name="feedback_sent"),
]
