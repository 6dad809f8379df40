from django.urls import path

from . import oidc_views

urlpatterns = [
    path("login/", oidc_views.sso_login, name="sso_login"),
    path("callback/", oidc_views.sso_callback, name="sso_callback"),
]
