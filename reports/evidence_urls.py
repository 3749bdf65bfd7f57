from django.urls import path

from reports import evidence_views as views

app_name = "evidence"

urlpatterns = [
    path("cqc/", views.cqc, name="cqc"),
    path("cqc.<str:fmt>", views.cqc_download, name="cqc-download"),
    path("cqc/inspector-links/", views.inspector_links, name="inspector-links"),
    path("cqc/inspector-links/<int:link_id>/revoke/", views.inspector_link_revoke, name="inspector-link-revoke"),
    path("cqc/inspector-links/<int:link_id>/extend/", views.inspector_link_extend, name="inspector-link-extend"),
    # An inspector: no login, the token is the key.
    path("inspect/<str:token>/", views.inspect, name="inspect"),
    path("you-said-we-did/", views.you_said_list, name="you-said"),
    path("you-said-we-did/<int:action_id>/", views.you_said_edit, name="you-said-edit"),
    path("you-said-we-did/poster/<int:service_id>/", views.you_said_poster, name="you-said-poster"),
]
