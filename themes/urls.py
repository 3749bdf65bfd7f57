from django.urls import path

from themes import views

app_name = "themes"

urlpatterns = [
    path("urgent/", views.urgent_queue, name="queue"),
    path("urgent/<int:flag_id>/", views.urgent_flag, name="flag"),
    path("urgent/raise/<int:feedback_id>/", views.urgent_raise, name="raise"),
    path("safeguarding-lead/", views.safeguarding_lead, name="safeguarding-lead"),
]
