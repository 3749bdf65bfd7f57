"""The public feedback pages (no login) and the staff page for a service's QR code poster.

The link in the address decides the service; the pages show its name and its organisation's name and
nothing else. An unknown or archived link is a friendly "not found", never a sign-in page. The short
address on posters (``/f/k7m2-9xqd/``) leads to the same pages as the long link.
"""

from __future__ import annotations

import functools

from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_http_methods

from feedback.models import QUESTION_BETTER, QUESTION_GOOD, Channel, Rating
from feedback.public import abuse, easy_read, qr
from feedback.public.forms import HONEYPOT, EasyCheckForm, EasyReadFeedbackForm, PublicFeedbackForm
from feedback.rules import Perm, require
from feedback.services import MAX_COMMENT_LENGTH, feedback_submit_public, public_service, public_service_by_code
from organisations import selectors as organisation_selectors
from organisations.models import Service
from organisations.web import render_page, scoped_view

RATING_PICTURES = {
    Rating.VERY_GOOD: "very-good.svg",
    Rating.GOOD: "good.svg",
    Rating.NEITHER: "neither.svg",
    Rating.POOR: "poor.svg",
    Rating.VERY_POOR: "very-poor.svg",
    Rating.DONT_KNOW: "dont-know.svg",
}
REPLY_PICTURES = {"email": "email.svg", "phone": "phone.svg", "letter": "letter.svg"}


def _page(request, template: str, context: dict, *, status: int = 200) -> TemplateResponse:
    form = context.get("form")
    base = {"scope": None, "form_has_errors": bool(form is not None and form.errors), "honeypot": HONEYPOT}
    response = TemplateResponse(request, f"feedback/public/{template}", {**base, **context}, status=status)
    response.headers["X-Robots-Tag"] = "noindex"
    return response


def _written(request, link_id: str) -> list[dict]:
    """What a person wrote in the answers sent with a form (or kept between the easy read pages), each
    with its question: given back to them, when the link no longer works, to copy and keep."""
    kept = easy_read.load(request, link_id)
    written = []
    for name, question in (("good", QUESTION_GOOD), ("better", QUESTION_BETTER)):
        text = (request.POST.get(name) or str(kept.get(name) or "")).strip()[:MAX_COMMENT_LENGTH]
        if text:
            written.append({"question": question, "lines": [line for line in text.splitlines() if line.strip()]})
    return written


def _not_found(request, link_id: str = "") -> TemplateResponse:
    paragraphs = [
        "The link may have been typed wrongly, or the service may have stopped taking feedback here.",
        "Check the link, or ask the service for a new one.",
    ]
    written = []
    if request.method == "POST":
        # A form opened before its link was replaced (or its service closed) and sent after: it is not
        # taken, since the link may have been replaced to stop it (ADR 0024's addendum), but the person
        # is told so and given back what they wrote, from what they sent: the same for any link that
        # leads nowhere, so it says nothing about the link.
        written = _written(request, link_id)
        paragraphs[:0] = ["Your feedback has not been sent."]
        if written:
            paragraphs.append("What you wrote is below, so that you can copy it before you leave this page.")
    return _page(
        request,
        "problem.jinja",
        {"page_title": "This feedback link does not work", "paragraphs": paragraphs, "written": written},
        status=404,
    )


def _too_big(request, *args, **kwargs) -> TemplateResponse:
    return _page(
        request,
        "problem.jinja",
        {
            "page_title": "Your feedback is too long to send",
            "paragraphs": [
                "Each answer can be up to 5,000 characters.",
                "Go back, make your answers shorter, and send them again.",
            ],
        },
        status=413,
    )


def _too_many(request) -> TemplateResponse:
    return _page(
        request,
        "problem.jinja",
        {
            "page_title": "Please try again later",
            "paragraphs": [
                "A lot of feedback has been sent from this device in the last few minutes.",
                "Please wait 10 minutes and try again. Nothing you have written has been lost if you go back.",
            ],
        },
        status=429,
    )


def _too_many_tries(request) -> TemplateResponse:
    return _page(
        request,
        "problem.jinja",
        {
            "page_title": "Please try again later",
            "paragraphs": [
                "A lot of feedback addresses that do not work have been typed on this device in the last few minutes.",
                "Please wait 10 minutes, then check the address and type it again.",
            ],
        },
        status=429,
    )


def public_page(view):
    """No login; the link decides the service; unknown links are a friendly 404; big bodies are refused first."""

    @functools.wraps(view)
    def wrapper(request, link_id: str, *args, **kwargs):
        try:
            service = public_service(link_id=link_id)
        except Service.DoesNotExist:
            return _not_found(request, link_id)
        try:
            return view(request, service, str(service.feedback_link_id), *args, **kwargs)
        except (Http404, Service.DoesNotExist):  # including a service archived while the form was open
            return _not_found(request, link_id)

    return login_not_required(abuse.size_checked(_too_big)(wrapper))


def _save(request, service, link_id: str, form: PublicFeedbackForm, *, channel: str) -> bool:
    """Save the feedback; False if the service refused it (the form then carries the reasons)."""
    try:
        feedback_submit_public(link_id=link_id, data=form.feedback_input(service_id=service.id, channel=channel))
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, messages)
        return False
    return True


@require_http_methods(["GET", "POST"])
@public_page
def feedback_form(request, service, link_id):
    form = PublicFeedbackForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if abuse.rate_limited(request, link_id):
            return _too_many(request)
        abuse.count_send(request, link_id)
        if form.honeypot_filled():
            return redirect("public:thanks", link_id)
        if form.is_valid() and _save(request, service, link_id, form, channel=Channel.ONLINE_FORM):
            return redirect("public:thanks", link_id)
    return _page(
        request,
        "form.jinja",
        {"page_title": f"Give feedback about {service.name}", "service": service, "link_id": link_id, "form": form},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET"])
@public_page
def thanks(request, service, link_id):
    return _page(request, "thanks.jinja", {"page_title": "Thank you for your feedback", "service": service})


@require_http_methods(["GET"])
@login_not_required
def short_address(request, code: str, *, easy_read: bool = False):
    """The short address on a poster leads on to the service's form. A code that leads nowhere, typed
    wrongly or an archived service's, is the same "not found" whatever the reason; after many of them
    from one address, every code is refused for a while, so codes cannot be tried one after another."""
    if abuse.code_tries_used_up(request):
        return _too_many_tries(request)
    try:
        service = public_service_by_code(code=code)
    except Service.DoesNotExist:
        abuse.count_code_miss(request)
        return _not_found(request)
    response = redirect("public:easy-read" if easy_read else "public:form", service.feedback_link_id)
    response.headers["X-Robots-Tag"] = "noindex"
    return response


# The easy read form.


@require_http_methods(["GET"])
@public_page
def easy_read_start(request, service, link_id):
    return _page(
        request,
        "easy_read_start.jinja",
        {
            "page_title": f"Tell us what you think about {service.name}",
            "service": service,
            "link_id": link_id,
            "first": easy_read.STEPS[0].slug,
        },
    )


def _step_url(link_id: str, slug: str | None, *, changing: bool = False) -> str:
    if slug is None:
        return reverse("public:easy-read-check", args=[link_id])
    url = reverse("public:easy-read-step", args=[link_id, slug])
    return f"{url}?change=1" if changing else url


@require_http_methods(["GET", "POST"])
@public_page
def easy_read_step(request, service, link_id, slug: str):
    step = easy_read.BY_SLUG.get(slug)
    if step is None:
        raise Http404("No such question")
    answers = easy_read.load(request, link_id)
    if not step.applies(answers):
        return redirect(_step_url(link_id, easy_read.previous_slug(None, answers)))
    changing = request.GET.get("change") == "1"
    form_class = step.form_for(answers)
    if request.method == "POST":
        form = form_class(request.POST)
        if form.is_valid():
            new_answers = easy_read.as_answers(form)
            if new_answers.get("reply_method", answers.get("reply_method")) != answers.get("reply_method"):
                answers.pop("reply_contact", None)  # an email address is no use as a phone number
            answers.update(new_answers)
            easy_read.save(request, link_id, answers)
            return redirect(
                _step_url(link_id, easy_read.next_slug(step, answers, changing=changing), changing=changing)
            )
    else:
        form = form_class(initial={name: answers.get(name) for name in form_class.base_fields})
    previous = easy_read.previous_slug(step, answers)
    field = next(iter(form))
    heading = f"How was {service.name}?" if field.name == "rating" else field.label
    return _page(
        request,
        "easy_read_step.jinja",
        {
            "page_title": heading,
            "heading": heading,
            "service": service,
            "step": step,
            "form": form,
            "field": field,
            "back_href": _step_url(link_id, None)
            if changing
            else reverse("public:easy-read", args=[link_id])
            if previous is None
            else _step_url(link_id, previous),
            "pictures": RATING_PICTURES if field.name == "rating" else REPLY_PICTURES,
        },
        status=400 if form.errors else 200,
    )


def _check_rows(link_id: str, answers: dict) -> list[dict]:
    rows = []
    for step in easy_read.STEPS:
        if not step.applies(answers):
            continue
        step_form = step.form_for(answers)()
        for name in step.field_names(answers):
            value = answers.get(name, "")
            choices = {str(key): label for key, label in getattr(step_form.fields[name], "choices", [])}
            rows.append(
                {
                    "name": name,
                    "question": step.summary,
                    "answer": choices.get(value, value) or "Not answered",
                    "change": _step_url(link_id, step.slug, changing=True),
                }
            )
    return rows


@require_http_methods(["GET", "POST"])
@public_page
def easy_read_check(request, service, link_id):
    answers = easy_read.load(request, link_id)
    if not answers:
        return redirect("public:easy-read", link_id)
    form = EasyReadFeedbackForm(answers)
    rows = _check_rows(link_id, answers)
    if request.method == "POST":
        if abuse.rate_limited(request, link_id):
            return _too_many(request)
        abuse.count_send(request, link_id)
        if EasyCheckForm(request.POST).honeypot_filled():
            easy_read.forget(request, link_id)
            return redirect("public:easy-read-thanks", link_id)
        if form.is_valid() and _save(request, service, link_id, form, channel=Channel.EASY_READ_FORM):
            easy_read.forget(request, link_id)
            return redirect("public:easy-read-thanks", link_id)
    # Each problem links to the page where the answer can be changed.
    change_for = {row["name"]: row["change"] for row in rows}
    first_change = rows[0]["change"] if rows else reverse("public:easy-read", args=[link_id])
    problems = (
        [
            {"text": e, "href": change_for.get(name, first_change)}
            for name, errors in form.errors.items()
            for e in errors
        ]
        if request.method == "POST"
        else []
    )
    return _page(
        request,
        "easy_read_check.jinja",
        {
            "page_title": "Check your answers",
            "service": service,
            "problems": problems,
            "form_has_errors": bool(problems),
            "rows": rows,
            "back_href": _step_url(link_id, easy_read.previous_slug(None, answers)),
        },
    )


@require_http_methods(["GET"])
@public_page
def easy_read_thanks(request, service, link_id):
    return _page(request, "easy_read_thanks.jinja", {"page_title": "Thank you", "service": service})


# The staff page: the link and its QR code, to print.


def _public_url(request, service, *, easy_read: bool = False) -> str:
    return qr.public_form_url(service, site_url=request.build_absolute_uri("/"), easy_read=easy_read)


@require_http_methods(["GET"])
@scoped_view
def poster(request, scope, service_id: int):
    scope = require(scope, Perm.RECORD_FEEDBACK)
    service = organisation_selectors.service_get(scope=scope, service_id=service_id)
    return render_page(
        request,
        scope,
        "feedback/public/poster.jinja",
        {
            "page_title": f"Feedback link and QR code for {service.name}",
            "service": service,
            "public_url": _public_url(request, service),
            "easy_read_url": _public_url(request, service, easy_read=True),
        },
    )


@require_http_methods(["GET"])
@scoped_view
def poster_qr(request, scope, service_id: int, fmt: str):
    scope = require(scope, Perm.RECORD_FEEDBACK)
    service = organisation_selectors.service_get(scope=scope, service_id=service_id)
    if fmt not in ("png", "svg") or service.archived_at is not None:
        raise Http404("No such QR code")
    url = _public_url(request, service)
    if fmt == "png":
        response = HttpResponse(qr.qr_png(url), content_type="image/png")
    else:
        response = HttpResponse(qr.qr_svg(url, title=f"Feedback for {service.name}"), content_type="image/svg+xml")
    if request.GET.get("download") == "1":
        name = slugify(service.name) or "service"
        response.headers["Content-Disposition"] = f'attachment; filename="feedback-qr-{name}.{fmt}"'
    return response
