from django.urls import path

from audits import views

app_name = "audits"

urlpatterns = [
    path("", views.programme, name="programme"),
    path("plan/", views.plan, name="plan"),
    path("<int:run_id>/", views.run_detail, name="run"),
    path("<int:run_id>/withdraw/", views.run_withdraw, name="withdraw"),
    path("<int:run_id>/cases/<int:case_id>/", views.case_detail, name="case"),
    path("templates/", views.template_list, name="templates"),
    path("versions/<int:version_id>/", views.version_detail, name="version"),
]
