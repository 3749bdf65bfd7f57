from django.urls import path

from feedback import views

app_name = "feedback"

urlpatterns = [
    path("", views.feedback_list, name="list"),
    path("export.<str:fmt>", views.feedback_export, name="export"),
    path("new/", views.feedback_capture, name="capture"),
    path("<int:feedback_id>/", views.feedback_detail, name="detail"),
    path("<int:feedback_id>/reply/", views.feedback_reply, name="reply"),
    path("<int:feedback_id>/withdraw-consent/", views.feedback_withdraw_consent, name="withdraw-consent"),
    path("<int:feedback_id>/remove-personal-details/", views.feedback_anonymise, name="anonymise"),
]
