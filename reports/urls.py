from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.report_index, name="index"),
    path("monthly/", views.monthly, name="monthly"),
    path("monthly.<str:fmt>", views.monthly_download, name="monthly-download"),
]
