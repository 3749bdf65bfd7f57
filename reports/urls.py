from django.urls import path

from reports import file_views, quarter_views, views

app_name = "reports"

urlpatterns = [
    path("", views.report_index, name="index"),
    path("monthly/", views.monthly, name="monthly"),
    path("monthly.<str:fmt>", views.monthly_download, name="monthly-download"),
    path("quarterly/", quarter_views.quarterly, name="quarterly"),
    path("quarterly.<str:fmt>", quarter_views.quarterly_download, name="quarterly-download"),
    path("commissioner/", quarter_views.commissioner, name="commissioner"),
    path("commissioner.<str:fmt>", quarter_views.commissioner_download, name="commissioner-download"),
    path("pdfs/", file_views.file_request, name="file-request"),
    path("pdfs/<int:file_id>/", file_views.file_page, name="file"),
    path("pdfs/<int:file_id>/progress", file_views.file_progress, name="file-progress"),
    path("pdfs/<int:file_id>/download", file_views.file_download, name="file-download"),
]
