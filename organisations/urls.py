from django.urls import path

from organisations import views, views_held

app_name = "organisations"

urlpatterns = [
    path("", views.home, name="home"),
    path("organisations/choose/", views.choose_organisation, name="choose"),
    path("scope/service/", views.switch_service, name="switch-service"),
    path("services/", views.service_list, name="service-list"),
    path("services/new/", views.service_edit, name="service-add"),
    path("services/<int:service_id>/", views.service_detail, name="service-detail"),
    path("services/<int:service_id>/edit/", views.service_edit, name="service-edit"),
    path("services/<int:service_id>/archive/", views.service_archive, name="service-archive"),
    path(
        "services/<int:service_id>/new-feedback-link/",
        views.service_new_feedback_link,
        name="service-new-feedback-link",
    ),
    path("people/", views.person_list, name="person-list"),
    path("people/new/", views.person_edit, name="person-add"),
    path("people/<int:person_id>/", views.person_detail, name="person-detail"),
    path("people/<int:person_id>/edit/", views.person_edit, name="person-edit"),
    path("people/<int:person_id>/archive/", views.person_archive, name="person-archive"),
    path("people/<int:person_id>/held/", views_held.person_held, name="person-held"),
    path("people/<int:person_id>/held.json", views_held.person_held_download, name="person-held-download"),
    path("people/<int:person_id>/remove/", views_held.person_remove_details, name="person-remove"),
    path("people/<int:person_id>/roles/new/", views.role_add, name="role-add"),
    path("people/<int:person_id>/roles/<int:assignment_id>/remove/", views.role_remove, name="role-remove"),
    path("settings/", views.organisation_settings, name="settings"),
    path("audit/", views.audit_log, name="audit-log"),
    path("audit/export.csv", views.audit_log_export, name="audit-log-export"),
]
