from django.urls import path

from feedback.imports import views

app_name = "imports"

urlpatterns = [
    path("", views.upload, name="upload"),
    path("<str:token>/columns/", views.columns, name="columns"),
    path("<str:token>/check/", views.check, name="check"),
    path("<str:token>/result/", views.result, name="result"),
]
