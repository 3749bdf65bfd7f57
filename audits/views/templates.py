"""Pages for audit templates and their versions: drafting questions, trying a draft, publishing.
Thin: read the form, call one service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from audits import selectors, services
from audits.forms import PublishForm, QuestionForm, TemplateForm, TrialForm
from audits.readability import PLAIN_GRADE
from audits.rules import Perm, has_perm
from governance.views._common import as_int
from organisations.views import apply_errors
from organisations.web import render_page, scoped_view


@require_http_methods(["GET", "POST"])
@scoped_view
def template_list(request, scope):
    can_design = has_perm(scope, Perm.DESIGN)
    form = TemplateForm(request.POST or None) if can_design else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            template = services.template_create(
                scope=scope, title=form.cleaned_data["title"], purpose=form.cleaned_data["purpose"]
            )
            messages.success(request, "The audit has its first draft. Add its questions.")
            return redirect("audits:version", version_id=template.versions.get().id)
        except ValidationError as exc:
            apply_errors(form, exc)
    return render_page(
        request,
        scope,
        "audits/templates.jinja",
        {"page_title": "Audit templates", "templates": list(selectors.templates(scope=scope)), "form": form},
        status=400 if form is not None and form.is_bound else 200,
    )


@require_http_methods(["GET", "POST"])
@scoped_view
def version_detail(request, scope, version_id: int):
    version = selectors.version_get(scope=scope, version_id=version_id)
    can_design = has_perm(scope, Perm.DESIGN)
    posted = request.POST.get("form") if request.method == "POST" else None
    drafting = version.is_draft and can_design
    sessions = selectors.sessions(scope=scope) if drafting else []
    question_form = (
        QuestionForm(request.POST if posted == "question" else None, prefix="question") if drafting else None
    )
    trial_form = (
        TrialForm(request.POST if posted == "trial" else None, prefix="trial", sessions=sessions) if drafting else None
    )
    publish_form = (
        PublishForm(request.POST if posted == "publish" else None, prefix="publish", sessions=sessions)
        if drafting
        else None
    )
    form = {"question": question_form, "trial": trial_form, "publish": publish_form}.get(posted)
    if posted == "remove" and drafting:
        services.question_remove(scope=scope, question_id=as_int(request.POST.get("question")) or 0)
        messages.success(request, "The question has been taken out.")
        return redirect("audits:version", version_id=version.id)
    if posted == "new-version" and can_design:
        draft = services.version_new(scope=scope, template_id=version.template_id)
        messages.success(request, f"Version {draft.number} is a draft copy: change it, try it, then publish it.")
        return redirect("audits:version", version_id=draft.id)
    if form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            if posted == "question":
                question = services.question_add(
                    scope=scope, version_id=version.id, text=data["text"], is_observation=data["is_observation"]
                )
                messages.success(request, f"Question {question.position} has been added.")
            elif posted == "trial":
                services.trial_record(
                    scope=scope, version_id=version.id, session_id=data["session"], learned=data["learned"]
                )
                messages.success(request, "The trial has been recorded.")
            else:
                services.version_publish(
                    scope=scope,
                    version_id=version.id,
                    design_session_id=data["design_session"],
                    change_note=data["change_note"],
                )
                messages.success(request, "This version is now in use.")
            return redirect("audits:version", version_id=version.id)
        except ValidationError as exc:
            apply_errors(form, exc)
    return render_page(
        request,
        scope,
        "audits/version.jinja",
        {
            "page_title": str(version),
            "version": version,
            "plain_grade": PLAIN_GRADE,
            "question_form": question_form,
            "trial_form": trial_form,
            "publish_form": publish_form,
            "form": form,
            "can_start_new": can_design
            and not version.is_draft
            and not version.template.versions.filter(status="draft").exists(),
        },
        status=400 if form is not None else 200,
    )
