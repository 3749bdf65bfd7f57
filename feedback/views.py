"""Staff pages for feedback: the list with filters and search, one item, recording feedback, export."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from core import clock, exports
from feedback import capture, erasure, export, selectors, services, shared
from feedback.forms import (
    AnonymiseForm,
    FeedbackCaptureForm,
    FeedbackFilterForm,
    ReplyForm,
    WithdrawConsentForm,
    sentiment_levels,
)
from feedback.models import Feedback
from feedback.replies import reply_shortfall
from feedback.reply_targets import reply_targets, target_day
from feedback.rules import Perm, has_perm, offers, require
from organisations import selectors as org_selectors
from organisations.views import apply_errors
from organisations.web import back_link, query_without_page, render_page, scoped_view
from themes import selectors as urgent_selectors
from themes.coding import selectors as coding_selectors
from themes.coding.rules import Perm as CodingPerm
from themes.coding.rules import has_perm as has_coding_perm


def _filters(request, scope):
    version = coding_selectors.primary_version(scope=scope)
    themes = coding_selectors.themes_by_code(version=version).values() if version else ()
    form = FeedbackFilterForm(
        request.GET or None,
        services=org_selectors.service_list(scope=scope),
        themes=sorted(themes, key=lambda t: t.name),
        replies=selectors.reply_scope(scope=scope) is not None,
    )
    if not form.is_bound:
        return form, selectors.FeedbackFilters()
    # The filters that can be read apply even when one cannot (the page names that one): dropping
    # them all would show, and download, every piece of feedback under the filters still chosen.
    form.is_valid()
    d = form.cleaned_data
    filters = selectors.FeedbackFilters(
        service_id=d.get("service"),
        channel=d.get("channel", ""),
        kind=d.get("kind", ""),
        since=d.get("since"),
        until=d.get("until"),
        ratings=tuple(d.get("rating") or ()),
        search=d.get("q", ""),
        sentiments=sentiment_levels(d.get("sentiment", "")),
        theme=d.get("theme", ""),
        reply=d.get("reply", ""),
        today=clock.today(),
    )
    return form, filters


@scoped_view
def feedback_list(request, scope):
    form, filters = _filters(request, scope)
    page = Paginator(selectors.feedback_list(scope=scope, filters=filters), 25).get_page(request.GET.get("page"))
    waiting = selectors.replies_waiting(scope=scope)
    today = clock.today()
    late = selectors.replies_late(scope=scope, on=today)
    targets = reply_targets(scope.organisation)
    late_here = late.filter(pk__in=[item.pk for item in page.object_list]).values_list("pk", "kind", "received_on")
    return render_page(
        request,
        scope,
        "feedback/list.jinja",
        {
            "page_title": "Feedback",
            "form": form,
            "page": page,
            "shared_only": shared.shared_only(scope=scope, filters=filters),
            "details_hidden": selectors.comment_details_hidden(
                scope=scope, service_ids=[item.service_id for item in page.object_list]
            ),
            "query": query_without_page(request),
            # The buttons lead to pages that start something: offered only where those would.
            "can_record": offers(scope, Perm.RECORD_FEEDBACK, filters.service_id or scope.current_service_id),
            "can_export": has_perm(scope, Perm.EXPORT_FEEDBACK),
            "can_import": offers(scope, Perm.IMPORT_FEEDBACK, filters.service_id or scope.current_service_id),
            # Who is waiting for a reply is said only where the person may reply to them.
            "reply_services": {
                item.service_id for item in page.object_list if has_perm(scope, Perm.VIEW_PERSONAL, item.service_id)
            },
            "replies_waiting": waiting.count(),
            # The link to who is waiting is not offered on the list of who is waiting: it is this page.
            "showing_waiting": filters.reply == "waiting",
            "oldest_waiting": waiting.values_list("received_on", flat=True).first(),
            "replies_late": late.count(),
            "showing_late": filters.reply == "late",
            # Late for a reply: each piece shown that is, with the day its reply was due.
            "late_due": {pk: target_day(targets, kind=kind, received_on=on) for pk, kind, on in late_here},
        },
    )


@scoped_view
def feedback_detail(request, scope, feedback_id: int):
    try:
        item = selectors.feedback_get(scope=scope, feedback_id=feedback_id)
    except Feedback.DoesNotExist:
        if not shared.reads_shared_only(scope=scope):
            raise
        # Still "not found", and the same whether or not the piece exists: what is said is why
        # a partner may not open some feedback, not anything about this piece.
        return render_page(
            request, scope, "feedback/not_shared.jinja", {"page_title": "You cannot open this feedback"}, status=404
        )
    urgent_flags = urgent_selectors.urgent_flags_by_comment(scope=scope, feedback_id=item.id)
    # Offered only where flagging would be accepted: a role that raises flags at this feedback's
    # service, not at any service (a partner here who is staff elsewhere would be refused).
    flaggable = urgent_selectors.comments_flaggable_on(scope=scope, feedback_id=item.id)
    return render_page(
        request,
        scope,
        "feedback/detail.jinja",
        {
            "page_title": str(item),
            "item": item,
            "show_personal": has_perm(scope, Perm.VIEW_PERSONAL, item.service_id),
            "replies": selectors.replies_for(scope=scope, feedback=item),
            "today": clock.today(),
            "reply_due": target_day(reply_targets(scope.organisation), kind=item.kind, received_on=item.received_on),
            "reply_late": selectors.replies_late(scope=scope, on=clock.today()).filter(pk=item.pk).exists(),
            "reply_shortfall": reply_shortfall(
                wants_reply=item.wants_reply, method=item.reply_method, contact=item.reply_contact
            ),
            "details_hidden": selectors.comment_details_hidden(scope=scope, service_ids=[item.service_id]),
            "can_raise_urgent": bool(flaggable),
            # A comment with an open flag is not offered for flagging again: its flag is shown instead.
            "urgent_flags": urgent_flags,
            "comments_to_flag": [c for c in flaggable if not any(f.is_open for f in urgent_flags.get(c.id, ()))],
            "codings": coding_selectors.feedback_codings(scope=scope, feedback=item),
            "coding_framework": coding_selectors.primary_framework(scope=scope),
            "can_code": has_coding_perm(scope, CodingPerm.CODE_FEEDBACK, item.service_id),
            # Withdrawing consent and removing personal details are offered where they would be allowed.
            "can_withdraw_consent": item.consent_to_quote and has_perm(scope, Perm.VIEW_PERSONAL, item.service_id),
            "can_anonymise": not item.is_anonymous and has_perm(scope, Perm.ANONYMISE, item.service_id),
            "back": back_link(
                request,
                {
                    "themes:flag": "Back to the urgent flag",
                    "themes:coding-comment": "Back to coding the comment",
                    "feedback:list": "Back to the list",
                },
            ),
        },
    )


@require_http_methods(["GET", "POST"])
@scoped_view
def feedback_capture(request, scope):
    scope = require(scope, Perm.RECORD_FEEDBACK)
    service_options = list(org_selectors.service_list(scope=scope, include_archived=True))
    people = list(capture.people_for_capture(scope=scope))
    initial = {"received_on": clock.today(), "service": scope.current_service_id}
    chosen_person = None
    if request.GET.get("person", "").isdecimal():  # not isdigit: int() refuses "²"
        chosen_person = next((p for p in people if p.id == int(request.GET["person"])), None)
        if chosen_person is not None:
            initial.update({"person": chosen_person.id, "assisted": "assisted" in chosen_person.communication_needs})
    form = FeedbackCaptureForm(
        request.POST or None,
        initial=initial,
        today=clock.today(),
        services=service_options,
        people=people,
        refuse=partial(services.feedback_closed_refusal, scope=scope),
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        data = services.FeedbackInput(
            service_id=d["service"],
            channel=d["channel"],
            received_on=d["received_on"],
            kind=d["kind"],
            rating=d["rating"],
            giver_type=d["giver_type"],
            comments=[(d["question"], d["text"])],
            person_id=d["person"],
            assisted=d["assisted"],
            consent_to_quote=d["consent_to_quote"],
            may_attribute=d["may_attribute"],
            wants_reply=d["wants_reply"],
            reply_method=d["reply_method"],
            reply_contact=d["reply_contact"],
        )
        try:
            item = services.feedback_record(scope=scope, data=data)
            messages.success(request, "The feedback has been recorded.")
            if selectors.feedback_can_open(scope=scope, feedback_id=item.id):
                return redirect("feedback:detail", feedback_id=item.id)
            # Withheld from this person as soon as it was saved (an urgent flag at a service where
            # they may not see flags): the list, which does not say why, rather than a 404.
            return redirect("feedback:list")
        except ValidationError as exc:
            apply_errors(form, exc, fields={"service_id": "service"})
    return render_page(
        request,
        scope,
        "feedback/capture.jinja",
        {
            "page_title": "Record feedback",
            "form": form,
            "offer": capture.format_offer(person=chosen_person) if chosen_person else None,
            "chosen_person": chosen_person,
        },
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@scoped_view
def feedback_reply(request, scope, feedback_id: int):
    """Record a reply sent to the person who gave a piece of feedback."""
    scope = require(scope, Perm.VIEW_PERSONAL)
    item = selectors.feedback_get(scope=scope, feedback_id=feedback_id)
    if not has_perm(scope, Perm.VIEW_PERSONAL, item.service_id):
        raise Http404("No such feedback here")
    initial = {"replied_on": clock.today(), "method": item.reply_method or None}
    form = ReplyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.reply_record(
                scope=scope,
                feedback_id=item.id,
                data=services.ReplyInput(method=d["method"], replied_on=d["replied_on"], note=d["note"]),
            )
            messages.success(request, "The reply has been recorded.")
            return redirect("feedback:detail", feedback_id=item.id)
        except ValidationError as exc:
            apply_errors(form, exc)
    return render_page(
        request,
        scope,
        "feedback/reply.jinja",
        {"page_title": "Record a reply", "form": form, "item": item},
        status=400 if form.errors else 200,
    )


@scoped_view
def feedback_export(request, scope, fmt: str):
    if fmt not in ("csv", "xlsx"):
        raise Http404("No such format")
    scope = require(scope, Perm.EXPORT_FEEDBACK)
    _, filters = _filters(request, scope)
    table = export.feedback_export_rows(scope=scope, filters=filters)
    stamp = clock.today().isoformat()
    name = f"heard-feedback-{scope.organisation.slug}-{stamp}.{fmt}"
    if fmt == "csv":
        response = HttpResponse(exports.to_csv(table.header, table.rows), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            exports.to_xlsx(table.header, table.rows, sheet="Feedback"),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _pdfs_removed_said(titles: list[str]) -> str:
    if not titles:
        return ""
    n = len(titles)
    return (
        f" {n} PDF{'s' if n != 1 else ''} kept in Heard that could have quoted it {'were' if n != 1 else 'was'} "
        f"removed: {'; '.join(titles)}. Copies already downloaded are not in Heard: ask whoever has them "
        "to delete them."
    )


def _models_said(holding: int) -> str:
    if not holding:
        return ""
    return (
        " The suggestions model had learnt words from these comments, so Heard is training a new one from "
        "the words as they are now. When it is ready, the stored files of models that learnt the old words "
        "are removed."
    )


@require_http_methods(["GET", "POST"])
@scoped_view
def feedback_withdraw_consent(request, scope, feedback_id: int):
    """The giver no longer agrees to be quoted: recorded with why."""
    scope = require(scope, Perm.VIEW_PERSONAL)
    item = selectors.feedback_get(scope=scope, feedback_id=feedback_id)
    if not has_perm(scope, Perm.VIEW_PERSONAL, item.service_id):
        raise Http404("No such feedback here")
    if not item.consent_to_quote:
        messages.info(request, "They have not agreed to be quoted, so there is nothing to withdraw.")
        return redirect("feedback:detail", feedback_id=item.id)
    form = WithdrawConsentForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            done = erasure.feedback_withdraw_consent(
                scope=scope, feedback_id=item.id, reason=form.cleaned_data["reason"]
            )
            messages.success(
                request,
                "Consent to quote has been withdrawn. Nothing made from now on will quote this feedback."
                + _pdfs_removed_said(done.pdfs_removed),
            )
            return redirect("feedback:detail", feedback_id=item.id)
        except ValidationError as exc:
            apply_errors(form, exc)
    return render_page(
        request,
        scope,
        "feedback/withdraw_consent.jinja",
        {"page_title": "Withdraw consent to quote", "form": form, "item": item},
        status=400 if form.errors else 200,
    )


@require_http_methods(["GET", "POST"])
@scoped_view
def feedback_anonymise(request, scope, feedback_id: int):
    """Remove the personal details of a piece of feedback for good, after saying what that does."""
    draft = erasure.anonymous_draft(scope=scope, feedback_id=feedback_id)
    item = draft.feedback
    if item.is_anonymous:
        messages.info(request, "The personal details of this feedback have already been removed.")
        return redirect("feedback:detail", feedback_id=item.id)
    form = AnonymiseForm(request.POST or None, comments=draft.comments)
    if request.method == "POST" and form.is_valid():
        try:
            done = erasure.feedback_anonymise(
                scope=scope, feedback_id=item.id, reason=form.cleaned_data["reason"], texts=form.texts()
            )
            messages.success(
                request,
                "The personal details have been removed."
                + _pdfs_removed_said(done.pdfs_removed)
                + _models_said(done.models_holding_words),
            )
            return redirect("feedback:detail", feedback_id=item.id)
        except ValidationError as exc:
            apply_errors(form, exc)
    return render_page(
        request,
        scope,
        "feedback/anonymise.jinja",
        {
            "page_title": "Remove personal details",
            "form": form,
            "item": item,
            "comment_fields": [(comment, form[f"comment_{comment.pk}"]) for comment, _ in draft.comments],
            "waiting_for_reply": draft.waiting_for_reply,
            "show_personal": has_perm(scope, Perm.VIEW_PERSONAL, item.service_id),
        },
        status=400 if form.errors else 200,
    )
