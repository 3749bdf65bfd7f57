"""Pages for the CQC well-led evidence pack (and its inspector links) and for "You said, we did"."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from core import clock
from organisations import selectors as org_selectors
from organisations.models import Service
from organisations.web import render_page, scoped_view
from reports import choices, files, inspector, poster, services, you_said
from reports.cqc import Audience, cqc_pack
from reports.render import report_pdf
from reports.rules import Perm, has_perm, require


def _service(request, scope):
    return choices.cqc_choice(scope=scope, data=request.GET).service


# --- the CQC pack, for staff -------------------------------------------------------------------


@scoped_view
def cqc(request, scope):
    scope = require(scope, Perm.VIEW_CQC_PACK)
    service = _service(request, scope)
    report = cqc_pack(scope=scope, service=service)
    return render_page(
        request,
        scope,
        "reports/cqc.jinja",
        {
            "page_title": report.title,
            "report": report,
            "services": list(org_selectors.service_list(scope=scope)),
            "service": service,
            "query": request.GET.urlencode(),
            "can_share": has_perm(scope, Perm.SHARE_WITH_INSPECTOR) and scope.all_services,
        },
    )


@scoped_view
def cqc_download(request, scope, fmt: str):
    if fmt not in services.FORMATS:
        raise Http404("No such format")
    scope = require(scope, Perm.VIEW_CQC_PACK)
    report = cqc_pack(scope=scope, service=_service(request, scope))
    data, content_type = services.report_export(scope=scope, report=report, fmt=fmt)
    response = HttpResponse(data, content_type=content_type)
    name = services.report_filename(scope=scope, report=report, fmt=fmt)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- inspector links ---------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@scoped_view
def inspector_links(request, scope):
    links = inspector.inspector_link_list(scope=scope)  # checks the right to share
    errors, made, values = {}, None, {"label": "", "days": str(inspector.DEFAULT_DAYS)}
    if request.method == "POST":
        values = {"label": request.POST.get("label", ""), "days": request.POST.get("days", "")}
        days = int(values["days"]) if values["days"].strip().isdigit() else values["days"]
        try:
            made = inspector.inspector_link_create(scope=scope, label=values["label"], days=days)
        except ValidationError as exc:
            errors = {k: " ".join(v) for k, v in exc.message_dict.items()}
    now = clock.now()
    return render_page(
        request,
        scope,
        "reports/inspector/links.jinja",
        {
            "page_title": "Share the CQC pack with an inspector",
            "links": [(link, link.is_live(at=now)) for link in links],
            "made_url": request.build_absolute_uri(reverse("evidence:inspect", args=[made.token])) if made else "",
            "errors": errors,
            "values": values,
            "max_days": inspector.MAX_DAYS,
        },
        status=400 if errors else 200,
    )


@require_POST
@scoped_view
def inspector_link_revoke(request, scope, link_id: int):
    link = inspector.inspector_link_revoke(scope=scope, link_id=link_id)
    messages.success(request, f"The link for {link.label} no longer works.")
    return redirect("evidence:inspector-links")


@require_POST
@scoped_view
def inspector_link_extend(request, scope, link_id: int):
    raw = request.POST.get("days", "")
    try:
        link = inspector.inspector_link_extend(
            scope=scope, link_id=link_id, days=int(raw) if raw.strip().isdigit() else raw
        )
    except ValidationError as error:
        messages.error(request, " ".join(m for ms in error.message_dict.values() for m in ms))
    else:
        messages.success(request, f"The link for {link.label} now works until {link.expires_at:%-d %B %Y}.")
    return redirect("evidence:inspector-links")


def _gone(request):
    response = TemplateResponse(
        request, "reports/inspector/gone.jinja", {"page_title": "This link has expired", "scope": None}, status=410
    )
    response.headers["X-Robots-Tag"] = "noindex"
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@login_not_required
@require_http_methods(["GET"])
def inspect(request, token: str):
    """The pack for an inspector: no login, read-only, nothing at all once the link has gone."""
    try:
        _, scope = inspector.inspector_link_open(token=token)
    except inspector.LinkGone:
        return _gone(request)
    report = cqc_pack(scope=scope, audience=Audience.INSPECTOR)
    if request.GET.get("format") == "pdf":
        response = HttpResponse(report_pdf(report), content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="heard-cqc-{scope.organisation.slug}.pdf"'
    else:
        response = TemplateResponse(
            request, "reports/inspector/pack.jinja", {"page_title": report.title, "report": report, "scope": None}
        )
    response.headers["X-Robots-Tag"] = "noindex"
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


# --- You said, we did: wording and publishing --------------------------------------------------


@scoped_view
def you_said_list(request, scope):
    candidates = you_said.you_said_candidates(scope=scope)
    services_in_scope = list(org_selectors.service_list(scope=scope))
    return render_page(
        request,
        scope,
        "reports/you_said/list.jinja",
        {
            "page_title": "You said, we did",
            "candidates": candidates,
            "services": services_in_scope,
            "published": you_said.you_said_published_counts(scope=scope, services=services_in_scope),
        },
    )


@require_http_methods(["GET", "POST"])
@scoped_view
def you_said_edit(request, scope, action_id: int):
    candidate = next((c for c in you_said.you_said_candidates(scope=scope) if c.action.id == action_id), None)
    if candidate is None:
        raise Http404("No such closed action")
    pair = candidate.pair
    values = (
        {"you_said": pair.you_said, "we_did": pair.we_did, "now": pair.now, "picture": pair.picture}
        if pair
        else you_said.you_said_draft(candidate=candidate)
    )
    errors = {}
    if request.method == "POST":
        if request.POST.get("withdraw") and pair:
            you_said.you_said_withdraw(scope=scope, pair_id=pair.id)
            messages.success(request, "Taken down: it no longer shows on the public page or the poster.")
            return redirect("evidence:you-said")
        values = {k: request.POST.get(k, "") for k in ("you_said", "we_did", "now", "picture")}
        try:
            you_said.you_said_save(
                scope=scope,
                action_id=action_id,
                you_said=values["you_said"],
                we_did=values["we_did"],
                now_text=values["now"],
                picture=values["picture"],
                publish=bool(request.POST.get("publish")),
            )
        except ValidationError as exc:
            errors = {k: " ".join(v) for k, v in exc.message_dict.items()}
        else:
            messages.success(request, "Published." if request.POST.get("publish") else "Saved as a draft.")
            return redirect("evidence:you-said")
    return render_page(
        request,
        scope,
        "reports/you_said/edit.jinja",
        {
            "page_title": "Word a 'You said, we did'",
            "candidate": candidate,
            "values": values,
            "errors": errors,
            "pictures": you_said.PICTURES,
            "max_characters": you_said.MAX_CHARACTERS,
        },
        status=400 if errors else 200,
    )


@require_POST
@scoped_view
def you_said_poster(request, scope, service_id: int):
    """Ask for the poster: it is made in the background, like a report's PDF (ADR 0012)."""
    try:
        # The address of the feedback form as this person reaches Heard, as on the service's feedback poster page.
        made = files.poster_file_request(
            scope=scope,
            service_id=service_id,
            size=request.POST.get("size", ""),
            site_url=request.build_absolute_uri("/"),
        )
    except Service.DoesNotExist:
        raise Http404("No such service") from None
    except files.BadChoice as error:
        messages.error(request, str(error))
        return redirect("evidence:you-said")
    return redirect("reports:file", made.pk)


@login_not_required
@require_http_methods(["GET"])
def you_said_public_page(request, link_id: str):
    """Beside the public feedback form: published pairs only, no login, no names."""
    from feedback.services import public_service

    try:
        service = public_service(link_id=link_id)
    except Service.DoesNotExist:
        raise Http404("No such service") from None
    response = TemplateResponse(
        request,
        "reports/you_said/public.jinja",
        {
            "page_title": f"You said, we did: {service.name}",
            "service": service,
            "link_id": str(service.feedback_link_id),
            "pairs": you_said.you_said_public(service=service),
            "picture": poster.picture,
            "scope": None,
        },
    )
    response.headers["X-Robots-Tag"] = "noindex"
    return response
