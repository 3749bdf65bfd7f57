from django.urls import path

from evidence import views

app_name = "evidence_items"

urlpatterns = [
    path("", views.item_list, name="list"),
    path("<int:item_id>/", views.item_detail, name="item"),
    path("measures/", views.measure_list, name="measures"),
]
