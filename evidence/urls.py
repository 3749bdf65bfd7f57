from django.urls import path

from evidence import views

app_name = "evidence_items"

urlpatterns = [
    path("", views.item_list, name="list"),
    path("measures/", views.measure_list, name="measures"),
]
