from django.urls import path

from . import views

app_name = "enterprises"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("colleagues/", views.colleagues, name="colleagues"),
    path("join/", views.join_by_code, name="join_by_code"),
    path("join/<str:code>/", views.join, name="join"),
]
