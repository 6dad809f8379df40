from django.urls import include, path

from . import views

app_name = "api"

v1 = [
    path("openapi.json", views.SchemaView.as_view(), name="schema"),
    path("docs/", views.SwaggerView.as_view(url_name="api:schema"), name="docs"),
    path(
        "provinces/<int:pk>/figures/",
        views.CohortFiguresView.as_view(),
        {"kind": "province"},
        name="province_figures",
    ),
    path(
        "parks/<int:pk>/figures/",
        views.CohortFiguresView.as_view(),
        {"kind": "park"},
        name="park_figures",
    ),
    path(
        "provinces/<int:pk>/enterprises/",
        views.ScopeEnterprisesView.as_view(),
        {"kind": "province"},
        name="province_enterprises",
    ),
    path(
        "parks/<int:pk>/enterprises/",
        views.ScopeEnterprisesView.as_view(),
        {"kind": "park"},
        name="park_enterprises",
    ),
    path("enterprises/<int:pk>/report/", views.EnterpriseReportView.as_view(), name="report"),
    path("parks/<int:pk>/imports/", views.ImportView.as_view(), name="imports"),
    path(
        "parks/<int:pk>/imports/<int:batch_pk>/",
        views.ImportBatchView.as_view(),
        name="import_batch",
    ),
    path(
        "parks/<int:pk>/imports/<int:batch_pk>/confirm/",
        views.ImportConfirmView.as_view(),
        name="import_confirm",
    ),
]

urlpatterns = [path("v1/", include(v1))]
