"""Pages for organisations, services, people and the audit log. Thin: validate, call one service, render."""

from __future__ import annotations

import csv

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods, require_POST

from core import clock
from core.audit import change_line
from core.audit_words import event_words
from core.exports import safe_cell
from feedback import capture as feedback_capture
from feedback.public.qr import public_form_url
from feedback.reply_targets import reply_targets
from feedback.rules import Perm as FeedbackPerm
from feedback.rules import has_perm as has_feedback_perm
from organisations import selectors, services, services_people
from organisations.forms import (
    AuditFilterForm,
    NewFeedbackLinkForm,
    NewPersonForm,
    OrganisationSettingsForm,
    PersonForm,
    RoleForm,
    ServiceForm,
)
from organisations.held import may_answer_for_person
from organisations.rules import (
    Perm,
    has_perm,
    may_add_service,
    may_change_settings,
    not_yours_to_change,
    offers,
    require,
)
from organisations.scope import SESSION_ORG, SESSION_SERVICE, current_scope, scope_for
from organisations.web import query_without_page, render_page, scoped_view
from reports.home import home_dashboard


def apply_errors(form, exc: ValidationError, *, fields: dict[str, str] | None = None) -> None:
    """Put a service's ValidationError on the form: each error on its field (``fields`` maps the
    service's argument names to the form's where they differ), the rest on the form as a whole."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            field = (fields or {}).get(field, field)
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@require_http_methods(["GET", "POST"])
def choose_organisation(request):
    organisations = list(selectors.organisations_for_user(user=request.user))
    if request.method == "POST":
        chosen = next((o for o in organisations if str(o.id) == request.POST.get("organisation")), None)
        if chosen is not None:
            request.session[SESSION_ORG] = chosen.id
            request.session.pop(SESSION_SERVICE, None)
            return redirect("organisations:home")
    return render_page(
        request,
        None,
        "organisations/choose.jinja",
        {"page_title": "Choose an organisation", "organisations": organisations},
        status=200 if organisations else 403,
    )


@require_POST
@scoped_view
def switch_service(request, scope):
    raw = request.POST.get("service", "")
    if raw.isdecimal() and scope.covers_service(int(raw)):  # not isdigit: int() refuses "²"
        selectors.service_get(scope=scope, service_id=int(raw))
        request.session[SESSION_SERVICE] = int(raw)
    else:
        request.session.pop(SESSION_SERVICE, None)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "organisations:home"
    return redirect(target)


@scoped_view
def home(request, scope):
    service_list = list(selectors.service_list(scope=scope))
    current = next((s for s in service_list if s.id == scope.current_service_id), None)
    return render_page(
        request,
        scope,
        "organisations/home.jinja",
        {
            "page_title": current.name if current else scope.organisation.name,
            "services": [current] if current else service_list,
            "current_service": current,
            "roles": sorted(scope.person.role_assignments.all(), key=lambda a: a.role) if scope.person else [],
            "can": {p.name: has_perm(scope, p) for p in Perm},
            "can_add_service": may_add_service(scope),
            "dashboard": home_dashboard(scope=scope, today=clock.today()),
        },
    )


@scoped_view
def service_list(request, scope):
    return render_page(
        request,
        scope,
        "organisations/service_list.jinja",
        {
            "page_title": "Services",
            "services": list(selectors.service_list(scope=scope, include_archived=request.GET.get("archived") == "1")),
            "show_archived": request.GET.get("archived") == "1",
            "can_add": may_add_service(scope),
        },
    )


@scoped_view
def service_detail(request, scope, service_id: int):
    service = selectors.service_get(scope=scope, service_id=service_id)
    return render_page(
        request,
        scope,
        "organisations/service_detail.jinja",
        {
            "page_title": service.name,
            "service": service,
            # This service's own: a role elsewhere would lead to a page that refuses it.
            "can_manage": has_perm(scope, Perm.MANAGE_SERVICES, service.id),
            "can_share_link": has_feedback_perm(scope, FeedbackPerm.RECORD_FEEDBACK, service.id),
            "can_replace_link": has_perm(scope, Perm.NEW_FEEDBACK_LINK, service.id),
            # The short addresses, as on the service's posters.
            "public_url": public_form_url(service, site_url=request.build_absolute_uri("/")),
            "easy_read_url": public_form_url(service, site_url=request.build_absolute_uri("/"), easy_read=True),
        },
    )


def _service_initial(service) -> dict:
    return {f: getattr(service, f) for f in services.SERVICE_FIELDS}


@require_http_methods(["GET", "POST"])
@scoped_view
def service_edit(request, scope, service_id: int | None = None):
    scope = require(scope, Perm.MANAGE_SERVICES)
    if service_id is None and not may_add_service(scope):
        raise PermissionDenied("Only an administrator of every service may add a service.")
    service = selectors.service_get(scope=scope, service_id=service_id) if service_id else None
    form = ServiceForm(request.POST or None, initial=_service_initial(service) if service else None)
    if request.method == "POST" and form.is_valid():
        try:
            if service is None:
                service = services.service_create(scope=scope, **form.cleaned_data)
                messages.success(request, f"{service.name} has been added.")
            else:
                service = services.service_update(scope=scope, service=service, **form.cleaned_data)
                messages.success(request, f"{service.name} has been updated.")
            return redirect("organisations:service-detail", service_id=service.id)
        except ValidationError as exc:
            apply_errors(form, exc)
    return render_page(
        request,
        scope,
        "organisations/service_form.jinja",
        {"page_title": f"Change {service.name}" if service else "Add a service", "form": form, "service": service},
    )


@require_POST
@scoped_view
def service_archive(request, scope, service_id: int):
    service = selectors.service_get(scope=scope, service_id=service_id)
    services.service_archive(scope=scope, service=service)
    messages.success(request, f"{service.name} has been archived. Its history is kept.")
    return redirect("organisations:service-list")


@require_http_methods(["GET", "POST"])
@scoped_view
def service_new_feedback_link(request, scope, service_id: int):
    service = selectors.service_get(scope=scope, service_id=service_id)
    # Someone who sees the service but does not manage it (staff here, manager elsewhere) is refused
    # in words; the service then finds it only among the services they manage.
    if not has_perm(scope, Perm.NEW_FEEDBACK_LINK, service.id):
        raise PermissionDenied("Only an administrator or the service's manager may issue a new feedback link.")
    if service.archived_at is not None:
        messages.info(request, services.no_link_to_replace(service))
        return redirect("organisations:service-detail", service_id=service.id)
    form = NewFeedbackLinkForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            service = services.service_new_feedback_link(
                scope=scope, service=service, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                f"{service.name} has a new feedback link. The old one no longer works: "
                "print the posters, QR codes and leaflets again.",
            )
            return redirect("organisations:service-detail", service_id=service.id)
    site_url = request.build_absolute_uri("/")
    return render_page(
        request,
        scope,
        "organisations/new_feedback_link.jinja",
        {
            "page_title": f"Issue a new feedback link for {service.name}?",
            "service": service,
            "form": form,
            "public_url": public_form_url(service, site_url=site_url),
            "easy_read_url": public_form_url(service, site_url=site_url, easy_read=True),
        },
        status=400 if form.errors else 200,
    )


@scoped_view
def person_list(request, scope):
    search = request.GET.get("q", "").strip()[:100]
    page = Paginator(selectors.person_list(scope=scope, search=search), 50).get_page(request.GET.get("page"))
    return render_page(
        request,
        scope,
        "organisations/person_list.jinja",
        {"page_title": "People", "page": page, "search": search, "can_add": offers(scope, Perm.MANAGE_PEOPLE)},
    )


@scoped_view
def person_detail(request, scope, person_id: int):
    person = selectors.person_get(scope=scope, person_id=person_id)
    return render_page(
        request,
        scope,
        "organisations/person_detail.jinja",
        {
            "page_title": person.full_name,
            "person": person,
            "can_manage": has_perm(scope, Perm.MANAGE_PEOPLE),
            # A role needs an open service to cover: none offered where the form would have none.
            "can_give_role": offers(scope, Perm.MANAGE_PEOPLE),
            "can_change": selectors.may_manage_person(scope=scope, person=person),
            # Not on their own page, nor wherever else the service would refuse it.
            "can_archive": not selectors.archive_refusal(scope=scope, person=person),
            "not_yours": not_yours_to_change(person),
            "roles_they_may_end": selectors.roles_they_may_end(scope=scope, person=person),
            # Only where the capture page would offer this person, not wherever feedback may be recorded.
            "can_record_feedback": feedback_capture.may_record_from(scope=scope, person_id=person.id),
            "can_see_held": may_answer_for_person(scope),
        },
    )


@require_http_methods(["GET", "POST"])
@scoped_view
def person_edit(request, scope, person_id: int | None = None):
    require(scope, Perm.MANAGE_PEOPLE)
    # Found as on their page, so that someone they may see but not change is refused in words, not
    # "Page not found"; the service narrows the scope to where they manage people.
    person = selectors.person_get(scope=scope, person_id=person_id) if person_id else None
    if person is not None and person.archived_at is not None:
        messages.info(request, services_people.archived_record(person))
        return redirect("organisations:person-detail", person_id=person.id)
    if person is not None and not selectors.may_manage_person(scope=scope, person=person):
        raise PermissionDenied(not_yours_to_change(person))
    if person is None:
        form = NewPersonForm(request.POST or None)
    else:
        form = PersonForm(request.POST or None, initial={f: getattr(person, f) for f in services_people.PERSON_FIELDS})
    if request.method == "POST" and form.is_valid():
        try:
            if person is None:
                person = services_people.person_create(scope=scope, **form.cleaned_data)
                messages.success(request, f"{person.full_name} has been added. Now give them a role.")
                return redirect("organisations:role-add", person_id=person.id)
            person = services_people.person_update(scope=scope, person=person, **form.cleaned_data)
            messages.success(request, f"{person.full_name} has been updated.")
            return redirect("organisations:person-detail", person_id=person.id)
        except ValidationError as exc:
            apply_errors(form, exc)
    return render_page(
        request,
        scope,
        "organisations/person_form.jinja",
        {"page_title": f"Change {person.full_name}" if person else "Add a person", "form": form, "person": person},
    )


@require_POST
@scoped_view
def person_archive(request, scope, person_id: int):
    person = selectors.person_get(scope=scope, person_id=person_id)
    try:
        services_people.person_archive(scope=scope, person=person)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("organisations:person-detail", person_id=person.id)
    messages.success(request, f"{person.full_name} has been archived and their roles ended.")
    return redirect("organisations:person-list")


@require_http_methods(["GET", "POST"])
@scoped_view
def role_add(request, scope, person_id: int):
    managing = require(scope, Perm.MANAGE_PEOPLE)
    # Found as on their page; the role can cover only the services where they manage people.
    person = selectors.person_get(scope=scope, person_id=person_id)
    service_options = list(selectors.service_list(scope=managing))
    form = RoleForm(request.POST or None, services=service_options, over_all=managing.all_services)
    if request.method == "POST" and form.is_valid():
        chosen = [s for s in service_options if str(s.id) in form.cleaned_data["services"]]
        try:
            services_people.role_assign(
                scope=scope,
                person=person,
                role=form.cleaned_data["role"],
                all_services=form.cleaned_data.get("all_services", False),
                services=chosen,
            )
            messages.success(request, f"{person.full_name}'s role has been saved.")
            return redirect("organisations:person-detail", person_id=person.id)
        except ValidationError as exc:
            apply_errors(form, exc)
    return render_page(
        request,
        scope,
        "organisations/role_form.jinja",
        {"page_title": f"Give {person.full_name} a role", "form": form, "person": person},
    )


@require_POST
@scoped_view
def role_remove(request, scope, person_id: int, assignment_id: int):
    person = selectors.person_get(scope=scope, person_id=person_id)
    assignment = person.role_assignments.get(id=assignment_id)
    try:
        services_people.role_remove(scope=scope, assignment=assignment)
        messages.success(request, f"{assignment.get_role_display()} role removed from {person.full_name}.")
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    # The role ended may have been the last one that let them find this person, or their own.
    after = scope_for(user=request.user, organisation=scope.organisation)
    if selectors.may_see_person(scope=after, person_id=person.id):
        return redirect("organisations:person-detail", person_id=person.id)
    return redirect("organisations:person-list" if has_perm(after, Perm.VIEW_PEOPLE) else "organisations:home")


def _audit_query(scope, request):
    form = AuditFilterForm(request.GET or None, actors=selectors.audit_actor_choices(scope=scope))
    filters = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {"verb": data["verb"], "actor_id": data["actor"], "since": data["since"], "until": data["until"]}
    return form, selectors.audit_event_list(scope=scope, **filters)


@scoped_view
def audit_log(request, scope):
    form, events = _audit_query(scope, request)
    page = Paginator(events.select_related(None), 50).get_page(request.GET.get("page"))
    return render_page(
        request,
        scope,
        "organisations/audit_log.jinja",
        {
            "page_title": "Audit log",
            "form": form,
            "page": page,
            "query": query_without_page(request),
            "some_services": not require(scope, Perm.VIEW_AUDIT_LOG).all_services,
            "change_line": change_line,
            "event_words": event_words,
        },
    )


class _Echo:
    def write(self, value):
        return value


@scoped_view
def audit_log_export(request, scope):
    scope = require(scope, Perm.VIEW_AUDIT_LOG)
    _, events = _audit_query(scope, request)
    writer = csv.writer(_Echo())

    def rows():
        yield writer.writerow(["when", "who", "verb", "object type", "object id", "object", "changes", "what happened"])
        for e in events.iterator(chunk_size=1000):
            changes = "; ".join(change_line(k, v) for k, v in e.changes.items())
            yield writer.writerow(
                [
                    safe_cell(c)
                    for c in (
                        e.at.isoformat(),
                        e.actor_label,
                        e.verb,
                        e.object_type,
                        e.object_id,
                        e.object_label,
                        changes,
                        event_words(e.verb),
                    )
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="heard-audit-log-{scope.organisation.slug}.csv"'
    return response


def permission_denied(request, exception=None):
    return render_page(
        request,
        current_scope(request) if request.user.is_authenticated else None,
        "403.jinja",
        {"page_title": "You cannot see this page"},
        status=403,
    )


def not_found(request, exception=None):
    return render_page(
        request,
        current_scope(request) if request.user.is_authenticated else None,
        "404.jinja",
        {"page_title": "Page not found"},
        status=404,
    )


def csrf_failure(request, reason=""):
    """Shown when a form's security check fails: usually an old tab or blocked cookies."""
    return render_page(
        request,
        current_scope(request) if request.user.is_authenticated else None,
        "csrf_failure.jinja",
        {"page_title": "Sorry, we could not send that form"},
        status=403,
    )


@require_http_methods(["GET", "POST"])
@scoped_view
def organisation_settings(request, scope):
    """The organisation's own settings, for an administrator of every service."""
    if not may_change_settings(scope):
        raise PermissionDenied("Only an administrator of every service changes the organisation's settings.")
    organisation = scope.organisation
    form = OrganisationSettingsForm(
        request.POST or None,
        initial={field: getattr(organisation, field) for field in services.SETTINGS_FIELDS},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_settings_update(scope=scope, **form.cleaned_data)
            messages.success(request, "The settings have been saved.")
            return redirect("organisations:settings")
        except ValidationError as exc:
            apply_errors(form, exc)
    return render_page(
        request,
        scope,
        "organisations/settings.jinja",
        # The targets each piece of feedback was and is held to, by the day it was given.
        {"page_title": "Settings", "form": form, "target_periods": reply_targets(organisation).periods},
        status=400 if form.errors else 200,
    )
