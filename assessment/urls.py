from django.urls import path

from . import views

app_name = "assessment"

urlpatterns = [
    path("start/", views.start, name="start"),
    path("<int:pk>/", views.resume, name="resume"),
    path("<int:pk>/section/<str:code>/", views.section, name="section"),
    path("<int:pk>/review/", views.review, name="review"),
    path("<int:pk>/result/", views.result, name="result"),
]
