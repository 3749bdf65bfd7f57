from django.urls import path

from priorities import views

app_name = "priorities"

urlpatterns = [
    path("", views.priority_list, name="list"),
    path("new/", views.priority_new, name="new"),
    path("<int:priority_id>/", views.priority_detail, name="priority"),
    path("sessions/<int:session_id>/", views.session_detail, name="session"),
    path("ideas/<int:idea_id>/", views.idea_detail, name="idea"),
]
