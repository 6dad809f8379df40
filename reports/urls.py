from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("assessment/<int:assessment_pk>/submit/", views.submit, name="submit"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/status/", views.status, name="status"),
    path("<int:pk>/status.json", views.status_json, name="status_json"),
    path("<int:pk>/pdf/", views.pdf, name="pdf"),
    path("<int:pk>/rebuild/", views.rebuild, name="rebuild"),
    path("<int:pk>/adopt/<slug:code>/", views.adopt, name="adopt"),
    path(
        "assessment/<int:assessment_pk>/build/",
        views.rebuild_for_assessment,
        name="rebuild_for_assessment",
    ),
]
