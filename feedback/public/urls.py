from django.urls import path

from feedback.public import views
from reports import evidence_views

app_name = "public"

urlpatterns = [
    # Staff: the link and its QR code for posters. Service ids are numbers; public links are UUIDs.
    path("<int:service_id>/poster/", views.poster, name="poster"),
    path("<int:service_id>/poster/qr.<str:fmt>", views.poster_qr, name="poster-qr"),
    # The public: no login.
    path("<str:link_id>/", views.feedback_form, name="form"),
    path("<str:link_id>/thank-you/", views.thanks, name="thanks"),
    path("<str:link_id>/you-said-we-did/", evidence_views.you_said_public_page, name="you-said"),
    path("<str:link_id>/easy-read/", views.easy_read_start, name="easy-read"),
    path("<str:link_id>/easy-read/check-your-answers/", views.easy_read_check, name="easy-read-check"),
    path("<str:link_id>/easy-read/thank-you/", views.easy_read_thanks, name="easy-read-thanks"),
    path("<str:link_id>/easy-read/<slug:slug>/", views.easy_read_step, name="easy-read-step"),
]
