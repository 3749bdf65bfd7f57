from django.urls import path
from django.views.generic import RedirectView

from themes import views
from themes.coding import views as coding

app_name = "themes"

urlpatterns = [
    # The section's own address, as a person might shorten a link to it: its first page.
    path("", RedirectView.as_view(pattern_name="themes:frameworks"), name="index"),
    path("urgent/", views.urgent_queue, name="queue"),
    path("urgent/<int:flag_id>/", views.urgent_flag, name="flag"),
    path("urgent/raise/<int:feedback_id>/", views.urgent_raise, name="raise"),
    path("safeguarding-lead/", views.safeguarding_lead, name="safeguarding-lead"),
    path("coding/", coding.coding_home, name="coding"),
    path("coding/<slug:slug>/", coding.coding_queue, name="coding-queue"),
    path("coding/<slug:slug>/comments/<int:comment_id>/", coding.code_comment, name="coding-comment"),
    path("coding/<slug:slug>/accept/", coding.bulk_accept, name="coding-bulk-accept"),
    path("coding/<slug:slug>/model/", coding.model_page, name="coding-model"),
    path("coding/<slug:slug>/model/train/", coding.model_train, name="coding-model-train"),
    path("coding/<slug:slug>/model/<int:number>/progress/", coding.model_progress, name="coding-model-progress"),
    path("frameworks/", views.framework_list, name="frameworks"),
    path("frameworks/install/", views.framework_install, name="frameworks-install"),
    path("frameworks/<slug:slug>/", views.framework_detail, name="frameworks-detail"),
    path("frameworks/<slug:slug>/main/", views.framework_make_primary, name="frameworks-make-primary"),
    path("frameworks/<slug:slug>/new-version/", views.framework_new_version, name="frameworks-new-version"),
    path("frameworks/<slug:slug>/versions/<int:number>/", views.framework_version, name="frameworks-version"),
    path("frameworks/<slug:slug>/versions/<int:number>/publish/", views.version_publish, name="frameworks-publish"),
    path("frameworks/<slug:slug>/versions/<int:number>/discard/", views.version_discard, name="frameworks-discard"),
    path("frameworks/<slug:slug>/versions/<int:number>/change/", views.version_item_change, name="frameworks-change"),
    path(
        "frameworks/<slug:slug>/versions/<int:number>/categories/add/",
        views.category_add,
        name="frameworks-category-add",
    ),
    path(
        "frameworks/<slug:slug>/versions/<int:number>/categories/<int:category_id>/",
        views.category_edit,
        name="frameworks-category",
    ),
    path("frameworks/<slug:slug>/versions/<int:number>/themes/add/", views.theme_add, name="frameworks-theme-add"),
    path(
        "frameworks/<slug:slug>/versions/<int:number>/themes/<int:theme_id>/", views.theme_edit, name="frameworks-theme"
    ),
]
