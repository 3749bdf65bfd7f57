"""Report pages: the list of reports, and the monthly pack on screen, as a PDF and as a spreadsheet."""

from __future__ import annotations

from django.http import Http404, HttpResponse

from organisations.web import render_page, scoped_view
from reports import choices, files, services
from reports.home import report_choices
from reports.monthly import monthly_pack
from reports.rules import Perm, has_perm, require


@scoped_view
def report_index(request, scope):
    scope = require(scope, Perm.VIEW_REPORT_FIGURES)
    return render_page(
        request,
        scope,
        "reports/index.jinja",
        {
            "page_title": "Reports",
            "can": report_choices(scope),
            "pdfs": files.report_file_list(scope=scope),
            "keep_days": files.KEEP_DAYS,
        },
    )


def _monthly_request(request, scope):
    choice = choices.monthly_choice(scope=scope, data=request.GET)
    return choice.form, choice.period, choice.service


@scoped_view
def monthly(request, scope):
    scope = require(scope, Perm.VIEW_MONTHLY_PACK)
    form, month, service = _monthly_request(request, scope)
    report = monthly_pack(scope=scope, month=month, service=service) if month else None
    return render_page(
        request,
        scope,
        "reports/monthly.jinja",
        {
            "page_title": "Monthly quality and safety pack",
            "form": form,
            "report": report,
            "query": request.GET.urlencode(),
            "can_view": has_perm(scope, Perm.VIEW_MONTHLY_PACK),
        },
        status=200 if report else 400,
    )


@scoped_view
def monthly_download(request, scope, fmt: str):
    if fmt not in services.FORMATS:
        raise Http404("No such format")
    scope = require(scope, Perm.VIEW_MONTHLY_PACK)
    form, month, service = _monthly_request(request, scope)
    if month is None:
        raise Http404("No such month")
    report = monthly_pack(scope=scope, month=month, service=service)
    data, content_type = services.report_export(scope=scope, report=report, fmt=fmt)
    response = HttpResponse(data, content_type=content_type)
    name = services.report_filename(scope=scope, report=report, fmt=fmt)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
