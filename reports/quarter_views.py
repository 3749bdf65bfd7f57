"""Pages for the quarterly reports: the co-production summary and the commissioner report, each on
screen, as a PDF and as a spreadsheet. The previous quarter is shown unless another is asked for."""

from __future__ import annotations

from django.http import Http404, HttpResponse

from organisations.web import render_page, scoped_view
from reports import choices, services
from reports.commissioner import commissioner_report
from reports.quarterly import quarterly_summary
from reports.rules import Perm, require

REPORTS = {
    "quarterly": (quarterly_summary, Perm.VIEW_QUARTERLY_SUMMARY, "reports:quarterly-download"),
    "commissioner": (commissioner_report, Perm.VIEW_COMMISSIONER_REPORT, "reports:commissioner-download"),
}
HEADINGS = {"quarterly": "Quarterly co-production summary", "commissioner": "Commissioner report"}


def _request(request, scope):
    choice = choices.quarter_choice(scope=scope, data=request.GET)
    return choice.form, choice.period, choice.service


def _not_in_scope(request, scope, kind: str):
    """The plain page for a service the person does not cover, with the way back to their own."""
    return render_page(
        request,
        scope,
        "reports/not_your_service.jinja",
        {"page_title": "You cannot see this service", "heading": HEADINGS[kind], "back": request.path},
        status=403,
    )


def _page(request, scope, kind: str):
    build, perm, download = REPORTS[kind]
    scope = require(scope, perm)
    try:
        form, quarter, service = _request(request, scope)
    except choices.ServiceNotInScope:
        return _not_in_scope(request, scope, kind)
    report = build(scope=scope, quarter=quarter, service=service) if quarter else None
    return render_page(
        request,
        scope,
        "reports/quarter.jinja",
        {
            "page_title": HEADINGS[kind],
            "heading": HEADINGS[kind],
            "kind": kind,
            "action": request.path,
            "download": download,
            "form": form,
            "report": report,
            "query": request.GET.urlencode(),
        },
        status=200 if report else 400,
    )


def _download(request, scope, kind: str, fmt: str):
    if fmt not in services.FORMATS:
        raise Http404("No such format")
    build, perm, _ = REPORTS[kind]
    scope = require(scope, perm)
    try:
        _, quarter, service = _request(request, scope)
    except choices.ServiceNotInScope:
        return _not_in_scope(request, scope, kind)
    if quarter is None:
        raise Http404("No such quarter")
    report = build(scope=scope, quarter=quarter, service=service)
    data, content_type = services.report_export(scope=scope, report=report, fmt=fmt)
    response = HttpResponse(data, content_type=content_type)
    name = services.report_filename(scope=scope, report=report, fmt=fmt)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@scoped_view
def quarterly(request, scope):
    return _page(request, scope, "quarterly")


@scoped_view
def quarterly_download(request, scope, fmt: str):
    return _download(request, scope, "quarterly", fmt)


@scoped_view
def commissioner(request, scope):
    return _page(request, scope, "commissioner")


@scoped_view
def commissioner_download(request, scope, fmt: str):
    return _download(request, scope, "commissioner", fmt)
