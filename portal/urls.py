from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("start/", views.start, name="start"),
    path("healthz", views.healthz, name="healthz"),
    path("enterprise/", views.enterprise_dashboard, name="enterprise_dashboard"),
]
