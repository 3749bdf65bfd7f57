from django.urls import path
from django.views.generic import RedirectView

from governance import views

app_name = "governance"

urlpatterns = [
    # The section's own address, as a person might shorten a link to it: its first page.
    path("", RedirectView.as_view(pattern_name="governance:meetings"), name="index"),
    path("meetings/", views.meeting_list, name="meetings"),
    path("meetings/new/", views.meeting_new, name="meeting-new"),
    path("meetings/<int:meeting_id>/", views.meeting_detail, name="meeting"),
    path("meetings/<int:meeting_id>/pack/", views.meeting_pack, name="meeting-pack"),
    path("meetings/<int:meeting_id>/decisions/new/", views.decision_new, name="decision-new"),
    path("decisions/<int:decision_id>/", views.decision_detail, name="decision"),
    path("actions/", views.action_list, name="actions"),
    path("actions/new/", views.action_new, name="action-new"),
    path("actions/<int:action_id>/", views.action_detail, name="action"),
    path("challenges/", views.challenge_list, name="challenges"),
    path("challenges/<int:challenge_id>/", views.challenge_detail, name="challenge"),
    path("handovers/", views.handover_list, name="handovers"),
    path("co-production/", views.coproduction_list, name="coproduction"),
    path("co-production/new/", views.coproduction_new, name="coproduction-new"),
    path("co-production/<int:activity_id>/", views.coproduction_detail, name="coproduction-activity"),
    path("loops/", views.loop_list, name="loops"),
    path("themes/<slug:code>/", views.theme_detail, name="theme"),
]
