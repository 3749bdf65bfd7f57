from django.urls import include, path

from config.api import api
from organisations import views as organisation_views

urlpatterns = [
    path("", include("accounts.urls")),
    path("", include("organisations.urls")),
    path("feedback/", include("feedback.urls")),
    path("feedback/import/", include("feedback.imports.urls")),
    path("give-feedback/", include("feedback.public.urls")),
    # The short address of the same forms, for posters: /f/k7m2-9xqd/ (ADR 0024).
    path("f/", include("feedback.public.short_urls")),
    path("themes/", include("themes.urls")),
    path("governance/", include("governance.urls")),
    path("priorities/", include("priorities.urls")),
    path("audits/", include("audits.urls")),
    path("evidence/", include("evidence.urls")),
    path("reports/", include("reports.urls")),
    path("reports/", include("reports.evidence_urls")),
    path("api/", api.urls),
]

handler403 = organisation_views.permission_denied
handler404 = organisation_views.not_found
handler500 = "config.errors.server_error"
