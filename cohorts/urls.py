from django.urls import path

from . import views

app_name = "cohorts"

urlpatterns = [
    path("", views.index, name="index"),
    path("<str:kind>/<int:pk>/", views.dashboard, name="dashboard"),
    path("<str:kind>/<int:pk>/export.csv", views.export_csv, name="export_csv"),
    path("<str:kind>/<int:pk>/round-extension/", views.round_extension, name="round_extension"),
    path("<str:kind>/<int:pk>/jobs/", views.job_create, name="job_create"),
    path("<str:kind>/<int:pk>/jobs/<int:job_pk>/", views.job_detail, name="job_detail"),
    path("<str:kind>/<int:pk>/jobs/<int:job_pk>/retry", views.job_retry_view, name="job_retry"),
    path("<str:kind>/<int:pk>/jobs/<int:job_pk>/file", views.job_download, name="job_download"),
]
