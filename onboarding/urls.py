from django.urls import path

from . import views

app_name = "onboarding"

urlpatterns = [
    path("invitation/<str:token>/", views.accept, name="accept"),
    path("claim/", views.claim, name="claim"),
    path("claims/<int:pk>/<str:decision>/", views.claim_decide, name="claim_decide"),
    path(
        "join-requests/<int:pk>/<str:decision>/",
        views.join_request_decide,
        name="join_request_decide",
    ),
    path("<str:kind>/<int:pk>/reminders/", views.reminders, name="reminders"),
    path("<str:kind>/<int:pk>/requests/", views.decisions, name="decisions"),
    path("park/<int:pk>/enterprises/", views.enterprises, name="enterprises"),
    path("park/<int:pk>/import/", views.import_upload, name="import_upload"),
    path("park/<int:pk>/import/<int:batch_pk>/", views.import_preview, name="import_preview"),
]
