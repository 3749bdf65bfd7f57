"""Pages for evidence: items (entered or imported from CSV) and performance measures.

Thin: read the form, call one service or selector, render. Permissions are checked in the services.
"""

from __future__ import annotations

from dataclasses import asdict
from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from evidence import selectors, services
from evidence.forms import CorrectForm, ImportForm, ItemForm, MeasureForm, ReadingForm, WithdrawForm
from evidence.models import EvidenceKind
from evidence.rules import Perm, has_perm, require
from governance import selectors as governance_selectors
from governance.views._common import PAGE_SIZE, as_int
from organisations.selectors import service_list
from organisations.views import apply_errors
from organisations.web import query_without_page, render_page, scoped_view

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


def _services_to_record_at(scope):
    """The services the forms take: where the person may record evidence, not all they may read. Closed
    ones too, which the forms do not offer: one sent from a page opened before it closed is refused
    naming it (ADR 0009, 0017)."""
    return list(
        service_list(scope=require(scope, Perm.RECORD), include_archived=True).only("id", "name", "archived_at")
    )


def _refusal(scope):
    """The evidence service's words for a closed service, for the forms to say beside their other
    problems."""
    return partial(services.evidence_closed_refusal, scope=require(scope, Perm.RECORD))


@require_http_methods(["GET", "POST"])
@scoped_view
def item_list(request, scope):
    scope = require(scope, Perm.VIEW)
    filters = selectors.ItemFilters(
        service_id=as_int(request.GET.get("service")),
        kind=request.GET.get("kind", ""),
        theme_code=request.GET.get("theme", ""),
        withdrawn=request.GET.get("withdrawn") == "1",
    )
    themes = governance_selectors.current_themes(scope=scope)
    services_in_scope = list(service_list(scope=scope).only("id", "name"))
    can_record = has_perm(scope, Perm.RECORD)
    posted = request.POST.get("form") if request.method == "POST" else None
    item_form = ItemForm(
        request.POST if posted == "item" else None,
        prefix="item",
        services=_services_to_record_at(scope) if can_record else [],
        themes=themes,
        refuse=_refusal(scope) if can_record else None,
    )
    import_form = ImportForm(
        request.POST if posted == "import" else None, request.FILES if posted == "import" else None, prefix="import"
    )
    form = {"item": item_form, "import": import_form}.get(posted)
    if form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            if posted == "item":
                services.item_record(scope=scope, **asdict(form.item_input()))
                messages.success(request, "The evidence has been recorded.")
            else:
                upload = data["file"]
                if upload.size > MAX_UPLOAD_BYTES:
                    raise ValidationError({"file": ["The file is larger than 5 MB: split it."]})
                try:
                    text = upload.read().decode("utf-8-sig")
                except UnicodeDecodeError as exc:
                    raise ValidationError({"file": [f"{upload.name} is not a UTF-8 CSV file."]}) from exc
                count = services.items_import(scope=scope, text=text, filename=upload.name)
                messages.success(request, f"{count} items have been imported.")
            return redirect("evidence_items:list")
        except ValidationError as exc:
            apply_errors(form, exc)
    page = Paginator(selectors.item_list(scope=scope, filters=filters), PAGE_SIZE).get_page(request.GET.get("page"))
    return render_page(
        request,
        scope,
        "evidence/list.jinja",
        {
            "page_title": "Evidence",
            "page": page,
            "filters": filters,
            "kinds": EvidenceKind.choices,
            "themes": themes,
            "item_themes": selectors.item_themes(scope=scope, items=page.object_list),
            "services": services_in_scope,
            "query": query_without_page(request),
            "item_form": item_form if can_record else None,
            "import_form": import_form if can_record else None,
            "form": form,
        },
        status=400 if form is not None else 200,
    )


@require_http_methods(["GET", "POST"])
@scoped_view
def item_detail(request, scope, item_id: int):
    item = selectors.item_get(scope=scope, item_id=item_id)
    shown = selectors.item_themes(scope=scope, items=[item])[item.id]
    withdrawn = hasattr(item, "withdrawal")
    can_change = not withdrawn and has_perm(scope, Perm.RECORD, item.service_id)
    posted = request.POST.get("form") if request.method == "POST" else None
    correct_form = withdraw_form = None
    if can_change:
        themes = governance_selectors.current_themes(scope=scope)
        correct_form = CorrectForm(
            request.POST if posted == "correct" else None,
            prefix="correct",
            services=_services_to_record_at(scope),
            # Closed since: the record may be put right where it happened.
            kept_service_id=item.service_id,
            themes=themes,
            refuse=_refusal(scope),
            initial={
                "kind": item.kind,
                "service": item.service_id,
                "occurred_on": item.occurred_on,
                "summary": item.summary,
                "harm": item.harm,
                "reference": item.reference,
                # Another framework's codes are not offered as the same codes of the framework in use.
                "themes": [code for code, _name in shown.names] if shown.linked else [],
            },
        )
        withdraw_form = WithdrawForm(request.POST if posted == "withdraw" else None, prefix="withdraw")
    form = {"correct": correct_form, "withdraw": withdraw_form}.get(posted)
    if form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            if posted == "correct":
                new = services.item_correct(
                    scope=scope,
                    item_id=item.id,
                    reason=data["reason"],
                    data=form.item_input(),
                )
                messages.success(request, "The record has been corrected. The earlier one is kept, withdrawn.")
                return redirect("evidence_items:item", item_id=new.id)
            services.item_withdraw(scope=scope, item_id=item.id, reason=data["reason"])
            messages.success(request, "The record has been withdrawn: it is kept, and no longer counted.")
            return redirect("evidence_items:item", item_id=item.id)
        except ValidationError as exc:
            apply_errors(form, exc)
    return render_page(
        request,
        scope,
        "evidence/item.jinja",
        {
            "page_title": item.summary[:60],
            "item": item,
            "withdrawn": withdrawn,
            "shown_themes": shown,
            "correct_form": correct_form,
            "withdraw_form": withdraw_form,
            "form": form,
        },
        status=400 if form is not None else 200,
    )


@require_http_methods(["GET", "POST"])
@scoped_view
def measure_list(request, scope):
    scope = require(scope, Perm.VIEW)
    themes = governance_selectors.current_themes(scope=scope)
    measures = selectors.measure_list(scope=scope)
    can_record = has_perm(scope, Perm.RECORD)
    posted = request.POST.get("form") if request.method == "POST" else None
    measure_form = MeasureForm(request.POST if posted == "measure" else None, prefix="measure", themes=themes)
    reading_form = ReadingForm(
        request.POST if posted == "reading" else None,
        prefix="reading",
        measures=measures,
        services=_services_to_record_at(scope) if can_record else [],
        refuse=_refusal(scope) if can_record else None,
    )
    form = {"measure": measure_form, "reading": reading_form}.get(posted)
    if form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            if posted == "measure":
                services.measure_create(
                    scope=scope,
                    name=data["name"],
                    unit=data["unit"],
                    lower_is_better=data["lower_is_better"],
                    category=data["category"],
                    theme_code=data["theme_code"],
                )
                messages.success(request, "The measure has been added.")
            else:
                services.reading_record(
                    scope=scope,
                    measure_id=data["measure"],
                    service_id=data["service"],
                    month=data["month"],
                    value=data["value"],
                    correction=data["correction"],
                )
                messages.success(request, "The figure has been recorded.")
            return redirect("evidence_items:measures")
        except ValidationError as exc:
            apply_errors(form, exc)
    return render_page(
        request,
        scope,
        "evidence/measures.jinja",
        {
            "page_title": "Performance measures",
            "measures": measures,
            "measure_themes": selectors.measure_themes(scope=scope, measures=measures),
            "measure_form": measure_form if can_record else None,
            "reading_form": reading_form if can_record and measures else None,
            "form": form,
        },
        status=400 if form is not None else 200,
    )
