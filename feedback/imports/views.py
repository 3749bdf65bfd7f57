"""Importing a file of feedback: upload, choose the columns, check, import, see the result.

The file waits between steps in the organisation's private folder (see storage.py). The import
runs in the request that confirms it: the page is streamed, so progress lines appear as rows are
checked and saved, without JavaScript; progress and the report also go into the cache, which the
result page reads (it refreshes itself while an import is still running).
"""

from __future__ import annotations

import logging

from django.http import Http404, StreamingHttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.html import escape
from django.views.decorators.http import require_http_methods

from feedback.imports import storage
from feedback.imports.forms import ConfirmForm, MappingForm, UploadForm
from feedback.imports.mapping import FIELD_LABELS, FIELD_NAMES, ColumnMapping, auto_detect
from feedback.imports.parsing import ImportFileError, read_table
from feedback.imports.selectors import import_services, import_sources
from feedback.imports.services import ImportReport, ImportServiceGone, feedback_import_preview, feedback_import_steps
from feedback.models import Rating
from feedback.rules import Perm, require
from organisations.web import render_page, scoped_view

logger = logging.getLogger(__name__)
PROGRESS_MARK = "<!--import-progress-->"
STAGES = {"checking": "Checking rows", "saving": "Saving feedback"}


def _upload(request, scope, token: str) -> storage.Upload:
    upload = storage.upload_get(organisation_id=scope.organisation.id, user_id=request.user.id, token=token)
    if upload is None:
        raise Http404("No such upload")
    return upload


@require_http_methods(["GET", "POST"])
@scoped_view
def upload(request, scope):
    scope = require(scope, Perm.IMPORT_FEEDBACK)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        saved = None
        try:
            saved = storage.upload_save(
                organisation_id=scope.organisation.id, user_id=request.user.id, uploaded=form.cleaned_data["file"]
            )
            table = read_table(saved.path, name=saved.original_name)
            saved.mapping = auto_detect(table.columns).as_dict()
            saved.save_meta()
            return redirect("imports:columns", token=saved.token)
        except ImportFileError as exc:
            if saved is not None:
                saved.delete()
            # The file box is empty when the page comes back, so the error says which file it means.
            form.add_error("file", f"{form.cleaned_data['file'].name}: {exc}")
    return render_page(
        request, scope, "feedback/imports/upload.jinja", {"page_title": "Import feedback from a file", "form": form}
    )


@require_http_methods(["GET", "POST"])
@scoped_view
def columns(request, scope, token: str):
    scope = require(scope, Perm.IMPORT_FEEDBACK)
    saved = _upload(request, scope, token)
    try:
        table = read_table(saved.path)
    except ImportFileError as exc:
        saved.delete()
        raise Http404(str(exc)) from exc
    mapping = ColumnMapping.from_dict(saved.mapping)
    initial = {
        **mapping.columns,
        "date_format": mapping.date_format,
        "service_id": saved.service_id,
        "source": saved.source,
    }
    form = MappingForm(
        request.POST or None,
        initial=initial,
        columns=table.columns,
        services=list(import_services(scope=scope, include_archived=True)),
        sources=import_sources(scope=scope),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        chosen = ColumnMapping(
            columns={name: data[name] for name in FIELD_NAMES if data.get(name)},
            theme_columns=mapping.theme_columns,
            date_format=data["date_format"],
        )
        saved.mapping = chosen.as_dict()
        saved.service_id = data["service_id"]
        saved.source = data["source"]
        saved.save_meta()
        return redirect("imports:check", token=token)
    return render_page(
        request,
        scope,
        "feedback/imports/columns.jinja",
        {
            "page_title": "Choose the columns",
            "form": form,
            "upload": saved,
            "table": table,
            "theme_columns": mapping.theme_columns,
        },
    )


@require_http_methods(["GET", "POST"])
@scoped_view
def check(request, scope, token: str):
    scope = require(scope, Perm.IMPORT_FEEDBACK)
    saved = _upload(request, scope, token)
    mapping = ColumnMapping.from_dict(saved.mapping)
    form = ConfirmForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        return _run(request, scope, saved, mapping, form.cleaned_data["mode"])
    problem = None
    preview = None
    try:
        preview = feedback_import_preview(
            scope=scope, file=saved.path, mapping=mapping, service_id=saved.service_id, source=saved.source
        )
    except ImportFileError as exc:
        problem = str(exc)
    return render_page(
        request,
        scope,
        "feedback/imports/check.jinja",
        {
            "page_title": "Check the import",
            "form": form,
            "upload": saved,
            "preview": preview,
            "problem": problem,
            "ratings": dict(Rating.choices),
            "field_labels": FIELD_LABELS,
        },
    )


def _run(request, scope, saved: storage.Upload, mapping: ColumnMapping, mode: str):
    """Stream the import: the page's top, a line per 10% of each stage, then a link to the result."""
    org_id = scope.organisation.id
    result_url = reverse("imports:result", kwargs={"token": saved.token})
    if not storage.job_claim(organisation_id=org_id, token=saved.token):
        # Already importing (the button pressed twice): a second import of the same file would
        # fail on the first one's rows and write its failure over the first one's result.
        return redirect(result_url)
    page = render_page(
        request,
        scope,
        "feedback/imports/running.jinja",
        {"page_title": "Importing", "upload": saved, "mark": PROGRESS_MARK},
    )
    page.render()
    head, _, tail = page.content.decode().partition(PROGRESS_MARK)
    storage.job_set(organisation_id=org_id, token=saved.token, state="running", stage="checking", percent=0)

    def stream():
        try:
            yield from import_stream()
        finally:
            storage.job_release(organisation_id=org_id, token=saved.token)

    def import_stream():
        yield head
        shown: dict[str, int] = {}
        steps = feedback_import_steps(
            scope=scope,
            file=saved.path,
            mapping=mapping,
            mode=mode,
            file_name=saved.original_name,
            service_id=saved.service_id,
            source=saved.source,
        )
        try:
            while True:
                try:
                    stage, done, total = next(steps)
                except StopIteration as stop:
                    report: ImportReport = stop.value
                    break
                percent = int(done * 100 / total) if total else 100
                step = percent - percent % 10
                if shown.get(stage, -1) < step:
                    shown[stage] = step
                    storage.job_set(
                        organisation_id=org_id, token=saved.token, state="running", stage=stage, percent=percent
                    )
                    yield f"<li>{STAGES.get(stage, stage)}: {percent}% ({done:,} of {total:,})</li>\n"
        except ImportServiceGone as exc:
            # The file is fine: it is kept, so the person chooses another service and goes on.
            storage.job_set(organisation_id=org_id, token=saved.token, state="failed", message=str(exc))
            columns_url = reverse("imports:columns", kwargs={"token": saved.token})
            yield (
                f'</ol><p class="nhsuk-error-message">{escape(str(exc))}</p>'
                f'<p><a href="{columns_url}">Choose the service again</a></p><ol>'
            )
            yield tail
            return
        except ImportFileError as exc:
            storage.job_set(organisation_id=org_id, token=saved.token, state="failed", message=str(exc))
            saved.delete()
            yield f'</ol><p class="nhsuk-error-message">{escape(str(exc))}</p><ol>'
            yield tail
            return
        except GeneratorExit:
            # The page was closed (the browser went away): stopping the steps rolls the saving back,
            # and the result page must not go on saying the import is running.
            steps.close()
            storage.job_set(
                organisation_id=org_id,
                token=saved.token,
                state="failed",
                message="The import stopped before it finished, because its page was closed, so nothing was "
                "imported. Import the file again and keep the page open until it finishes.",
            )
            raise
        except Exception:
            logger.exception("Import of upload %s failed", saved.token)
            message = "Something went wrong, so nothing was imported. Try again; if it happens again, tell your administrator."
            storage.job_set(organisation_id=org_id, token=saved.token, state="failed", message=message)
            yield f'</ol><p class="nhsuk-error-message">{message}</p><ol>'
            yield tail
            return
        storage.job_set(organisation_id=org_id, token=saved.token, state="done", report=report.as_dict())
        saved.delete()
        yield (
            f'<li>Finished.</li></ol><p><a href="{result_url}">See the result of the import</a></p>'
            f'<meta http-equiv="refresh" content="0; url={result_url}"><ol>'
        )
        yield tail

    response = StreamingHttpResponse(stream(), content_type="text/html; charset=utf-8")
    response["Cache-Control"] = "no-store"
    response["X-Accel-Buffering"] = "no"
    return response


@scoped_view
def result(request, scope, token: str):
    scope = require(scope, Perm.IMPORT_FEEDBACK)
    job = storage.job_get(organisation_id=scope.organisation.id, token=token)
    if job is None:
        raise Http404("No such import")
    report = ImportReport.from_dict(job["report"]) if job.get("state") == "done" else None
    return render_page(
        request,
        scope,
        "feedback/imports/result.jinja",
        {
            "page_title": "Import in progress" if job.get("state") == "running" else "Import result",
            "job": job,
            "report": report,
            "stages": STAGES,
            "refresh": job.get("state") == "running",
            "field_labels": FIELD_LABELS,
        },
    )
