"""Pages for what Heard holds about a person and removing a person who uses services (ADR 0026)."""

from __future__ import annotations

import json

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from core import clock
from core.forms import PlainWordsForm
from organisations import held, services_removal
from organisations.views import apply_errors
from organisations.web import render_page, scoped_view


class RemoveDetailsForm(PlainWordsForm):
    reason = forms.CharField(
        label="Why are their personal details being removed?",
        help_text="For example: they asked us to remove their details. This is kept in the audit log, so do not "
        "write their name or contact details in it.",
        widget=forms.Textarea,
        max_length=services_removal.REASON_MAX,
        error_messages={
            "required": "Enter why their personal details are being removed",
            "max_length": "The reason can be up to %(limit_value)d characters",
        },
    )


@scoped_view
def person_held(request, scope, person_id: int):
    found = held.person_held(scope=scope, person_id=person_id)
    return render_page(
        request,
        scope,
        "organisations/person_held.jinja",
        {
            "page_title": f"What Heard holds about {found.person.full_name}",
            "held": found,
            "person": found.person,
            "refusals": services_removal.removal_refusals(scope=scope, person=found.person, held=found),
            "shown": 100,
        },
    )


@scoped_view
def person_held_download(request, scope, person_id: int):
    found = held.person_held(scope=scope, person_id=person_id)
    services_removal.person_held_download(scope=scope, person=found.person)
    body = json.dumps(held.held_json(found, now=clock.now()), indent=2, ensure_ascii=False)
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="heard-person-{found.person.id}.json"'
    return response


@require_http_methods(["GET", "POST"])
@scoped_view
def person_remove_details(request, scope, person_id: int):
    found = held.person_held(scope=scope, person_id=person_id)
    person = found.person
    refusals = services_removal.removal_refusals(scope=scope, person=person, held=found)
    form = RemoveDetailsForm(request.POST or None)
    if request.method == "POST" and not refusals and form.is_valid():
        try:
            services_removal.person_remove_details(scope=scope, person=person, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, "Their personal details have been removed. What they took part in is kept.")
            return redirect("organisations:person-held", person_id=person.id)
    feedback = next(
        s
        for g in found.groups
        for s in g.sources
        if s.source.model == "feedback.Feedback" and s.source.field == "person"
    )
    return render_page(
        request,
        scope,
        "organisations/person_remove.jinja",
        {
            "page_title": f"Remove the personal details of {person.full_name}",
            "person": person,
            "held": found,
            "feedback_given": feedback.count,
            "written": held.written_in_records(found),
            "new_label": services_removal.removed_label(clock.today()),
            "refusals": refusals,
            "form": form,
        },
    )
