from django.urls import path

from . import views

app_name = "matching"

scope = "<str:kind>/<int:pk>/"

urlpatterns = [
    path("solutions/<int:solution_pk>/request/", views.request_create, name="request_create"),
    path("requests/", views.my_requests, name="my_requests"),
    path("requests/<int:pk>/rate/", views.rate, name="rate"),
    path(scope + "providers/", views.catalogue, name="catalogue"),
    path(scope + "providers/add/", views.provider_edit, name="provider_add"),
    path(scope + "providers/<int:provider_pk>/", views.provider_edit, name="provider_edit"),
    path(
        scope + "providers/<int:provider_pk>/solutions/add/",
        views.solution_edit,
        name="solution_add",
    ),
    path(
        scope + "providers/<int:provider_pk>/solutions/<int:solution_pk>/",
        views.solution_edit,
        name="solution_edit",
    ),
    path(scope + "providers/import/", views.import_upload, name="import_upload"),
    path(scope + "providers/import/<int:batch_pk>/", views.import_preview, name="import_preview"),
    path(scope + "requests/", views.requests_list, name="requests"),
    path(scope + "requests/<int:request_pk>/", views.request_detail, name="request_detail"),
]
