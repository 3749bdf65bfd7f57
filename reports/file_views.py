"""PDFs made in the background: ask for one, watch it being made, fetch it."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.http import FileResponse, Http404, JsonResponse, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from core import clock
from organisations.web import render_page, scoped_view
from reports import files

PAGES = {
    "monthly": "reports:monthly",
    "quarterly": "reports:quarterly",
    "commissioner": "reports:commissioner",
    "cqc": "evidence:cqc",
}


@require_POST
@scoped_view
def file_request(request, scope):
    kind = request.POST.get("kind", "")
    query = QueryDict(request.POST.get("query", ""))
    try:
        made = files.report_file_request(scope=scope, kind=kind, data=query)
    except files.BadChoice as error:
        messages.error(request, str(error))
        page = PAGES.get(kind)
        return redirect(f"{reverse(page)}?{query.urlencode()}" if page else "reports:index")
    return redirect("reports:file", made.pk)


@require_GET
@scoped_view
def file_page(request, scope, file_id: int):
    made = files.report_file_get(scope=scope, file_id=file_id)
    if made.kind == files.POSTER:
        back, back_words = reverse("evidence:you-said"), "Back to You said, we did"
    else:
        back, back_words = f"{reverse(PAGES[made.kind])}?{urlencode(made.query)}", "Back to the report"
    return render_page(
        request,
        scope,
        "reports/file.jinja",
        {
            "page_title": made.title or "Your PDF",
            "made": made,
            "back": back,
            "back_words": back_words,
            "stage": made.stage_now(clock.now()),
        },
    )


@require_GET
@scoped_view
def file_progress(request, scope, file_id: int):
    made = files.report_file_get(scope=scope, file_id=file_id)
    return JsonResponse(
        {
            "status": made.status,
            "progress": made.progress,
            "stage": made.stage_now(clock.now()),
            "running": made.running,
        }
    )


@require_GET
@scoped_view
def file_download(request, scope, file_id: int):
    made = files.report_file_get(scope=scope, file_id=file_id)
    if made.status != made.Status.READY or not made.file:
        raise Http404("This PDF is not ready")
    response = FileResponse(
        made.file.open("rb"), as_attachment=True, filename=made.filename, content_type="application/pdf"
    )
    response["Cache-Control"] = "private, no-store"
    return response
