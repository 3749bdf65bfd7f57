"""The short public feedback address printed on posters: a service's code, easy to type from paper."""

from django.urls import path

from feedback.public import views

app_name = "short"

urlpatterns = [
    path("<str:code>/", views.short_address, name="form"),
    path("<str:code>/easy-read/", views.short_address, {"easy_read": True}, name="easy-read"),
]
