from django.urls import path

from . import views

app_name = "actions"

urlpatterns = [
    path("", views.plan, name="plan"),
    path("new/", views.create, name="create"),
    path("<int:pk>/", views.detail, name="detail"),
    path("overview/", views.overview, name="overview"),
    path("round/<slug:code>/", views.assess_again, name="assess_again"),
]
