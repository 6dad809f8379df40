from django.urls import path

from . import views

app_name = "onboarding"

urlpatterns = [
    path("invitation/<str:token>/", views.accept, name="accept"),
    path("<str:kind>/<int:pk>/reminders/", views.reminders, name="reminders"),
    path("park/<int:pk>/enterprises/", views.enterprises, name="enterprises"),
    path("park/<int:pk>/import/", views.import_upload, name="import_upload"),
    path("park/<int:pk>/import/<int:batch_pk>/", views.import_preview, name="import_preview"),
]
