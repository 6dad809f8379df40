from django.urls import path

from . import views

app_name = "evidence"

urlpatterns = [
    path("assessment/<int:assessment_pk>/<str:code>/", views.upload, name="upload"),
    path("<int:pk>/file", views.download, name="download"),
    path("<int:pk>/delete/", views.delete, name="delete"),
]
