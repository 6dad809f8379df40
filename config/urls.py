from django.contrib import admin
from django.urls import include, path

from assessment import views as assessment_views

urlpatterns = [
    path("", include("portal.urls")),
    path("methodology/", assessment_views.methodology, name="methodology"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("accounts/sso/", include("accounts.oidc_urls")),
    path("accounts/", include("accounts.urls")),
    path("enterprise/", include("enterprises.urls")),
    path("assessments/", include("assessment.urls")),
    path("reports/", include("reports.urls")),
    path("actions/", include("actions.urls")),
    path("evidence/", include("evidence.urls")),
    path("cohorts/", include("cohorts.urls")),
    path("cohorts/", include("onboarding.urls")),
    path("matching/", include("matching.urls")),
    path("api/", include("api.urls")),
    path("audit/", include("audit.urls")),
    path("admin/", admin.site.urls),
]
