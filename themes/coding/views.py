"""Pages for coding: the queue, coding one comment, bulk acceptance, the model and agreement."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import clock
from feedback import selectors as feedback_selectors
from feedback.models import SENTIMENT3, Sentiment
from organisations.views import apply_errors
from organisations.web import back_link, query_without_page, render_page, scoped_view
from themes.coding import selectors, services, training
from themes.coding.forms import BulkAcceptForm, CodingForm
from themes.coding.rules import Perm, has_perm, require
from themes.models import Framework, Source
from themes.selectors import version_categories

QUEUE_PAGE = 20
# A theme the model suggests is ticked for the person only when the model is at least this sure;
# below it the suggestion is shown unticked, so a guess is never saved as a person's coding (and
# taught back to the model) because nobody unticked it.
PRE_TICK = 0.5
# The same for the model's sentiment: chosen for the person only when the model is at least this
# sure of it (ADR 0008); below it, or when how sure it was is not known, the person chooses.
PRE_SELECT_SENTIMENT = 0.5
ORDERS = {"next": "Code these next (teaches the model most)", "oldest": "Oldest first"}


def _order(request) -> str:
    """The queue order the person chose (it is kept in the address as they code and go back)."""
    order = request.GET.get("order", "next")
    return order if order in ORDERS else "next"


def _with_order(url: str, order: str) -> str:
    return f"{url}?order={order}"


def _framework(scope, slug: str | None) -> Framework:
    try:
        return selectors.coding_framework(scope=scope, slug=slug)
    except Framework.DoesNotExist:
        if slug is None:
            raise Http404("No framework is installed.") from None
        raise


@require_GET
@scoped_view
def coding_home(request, scope):
    return redirect("themes:coding-queue", _framework(scope, None).slug)


@require_GET
@scoped_view
def coding_queue(request, scope, slug: str):
    framework = _framework(scope, slug)
    if _skipped(request, framework):
        request.session[_SKIPPED_KEY] = {
            k: v for k, v in request.session.get(_SKIPPED_KEY, {}).items() if k != framework.slug
        }
    order = _order(request)
    queue = selectors.coding_queue(scope=scope, framework=framework)
    next_order = None
    if order == "next":
        # Read from the order stored in the background: opening the queue never scores comments.
        next_order = training.code_next_queue(scope=scope, framework=framework)
        page = Paginator(next_order.comment_ids, QUEUE_PAGE).get_page(request.GET.get("page"))
        by_id = queue.in_bulk(list(page.object_list))
        comments = [by_id[i] for i in page.object_list if i in by_id]
    else:
        page = Paginator(queue, QUEUE_PAGE).get_page(request.GET.get("page"))
        comments = list(page.object_list)
    # A suggestion made under an earlier version is named as the theme (by code) is named now.
    published = selectors.primary_version(scope=scope, framework=framework)
    theme_names = {code: t.name for code, t in selectors.themes_by_code(version=published).items()} if published else {}
    return render_page(
        request,
        scope,
        "themes/coding/queue.jinja",
        {
            "page_title": f"Coding: {framework.name}",
            "framework": framework,
            "frameworks": selectors.frameworks_for_coding(scope=scope),
            "page": page,
            "comments": comments,
            "details_hidden": feedback_selectors.comment_details_hidden(
                scope=scope, service_ids=[c.feedback.service_id for c in comments]
            ),
            "rows": selectors.waiting_with_suggestions(scope=scope, framework=framework, comments=comments),
            # A suggestion made under an earlier version is named as the theme (by code) is named now.
            "theme_names": theme_names,
            "counts": selectors.coding_counts(scope=scope, framework=framework),
            "counted_at": selectors.counted_at(scope=scope),
            "organisation_name": scope.organisation.name,
            "order": order,
            "orders": ORDERS,
            "next_order": next_order,
            "query": query_without_page(request),
            "model": selectors.model_in_use(scope=scope, framework=framework),
            "can_code": has_perm(scope, Perm.CODE_FEEDBACK) and scope.person is not None,
            "can_train": has_perm(scope, Perm.TRAIN_MODEL),
            "bulk_form": BulkAcceptForm(),
        },
    )


def _theme_choices(scope, version):
    return [(t.id, t.name) for c in version_categories(scope=scope, version=version) for t in c.themes.all()]


# Comments a person skipped while coding, per framework, kept in their session until they go back
# to the queue (where every waiting comment is listed again).
_SKIPPED_KEY = "coding_skipped"


def _skipped(request, framework: Framework) -> list[int]:
    return [int(pk) for pk in request.session.get(_SKIPPED_KEY, {}).get(framework.slug, [])]


def _code_next(request, scope, framework: Framework, order: str, *, after):
    """To the next comment to code, passing over the ones skipped; to the queue when none is left."""
    following = selectors.next_waiting(
        scope=scope,
        framework=framework,
        after=after,
        order=training.code_next_order(scope=scope, framework=framework) if order == "next" else None,
        skipped=_skipped(request, framework),
    )
    if following is not None:
        return redirect(_with_order(reverse("themes:coding-comment", args=[framework.slug, following.pk]), order))
    if _skipped(request, framework):
        messages.info(request, "No other comment is waiting. The ones you skipped are still in the list.")
    return redirect(_with_order(reverse("themes:coding-queue", args=[framework.slug]), order))


@require_http_methods(["GET", "POST"])
@scoped_view
def code_comment(request, scope, slug: str, comment_id: int):
    framework = _framework(scope, slug)
    order = _order(request)
    comment = selectors.comment_for_coding(scope=scope, comment_id=comment_id)
    version = selectors.primary_version(scope=scope, framework=framework)
    if version is None:
        raise Http404("The framework has no published version.")
    can_code = has_perm(scope, Perm.CODE_FEEDBACK, comment.feedback.service_id) and scope.person is not None
    categories = version_categories(scope=scope, version=version)
    # Read before the rows it stands for, so the page never carries a token newer than what it shows.
    seen = selectors.coding_seen(scope=scope, comment=comment, framework=framework)
    current = {
        row.theme.code: row
        for row in selectors.theme_assignments(scope=scope)
        .filter(comment=comment, theme__version__framework=framework)
        .select_related("theme__version")
    }
    version_codes = {t.code for c in categories for t in c.themes.all()}
    sentiment_now = selectors.sentiment_current(scope=scope).filter(comment=comment).first()
    unsure = {
        code for code, row in current.items() if row.source == Source.MODEL and (row.confidence or 0.0) < PRE_TICK
    }
    sentiment_unsure = (
        sentiment_now is not None
        and sentiment_now.source == Source.MODEL
        and (sentiment_now.confidence is None or sentiment_now.confidence < PRE_SELECT_SENTIMENT)
    )
    initial = {
        "themes": [
            t.id
            for c in categories
            for t in c.themes.all()
            if (r := current.get(t.code)) and r.applies and t.code not in unsure
        ],
        "sentiment": sentiment_now.level if sentiment_now and not sentiment_unsure else None,
    }
    # Opened from a piece of feedback: the back link and "Save and go back" return there.
    back = back_link(request, {"feedback:detail": "Back to the feedback"})
    theme_choices = _theme_choices(scope, version)
    form = CodingForm(request.POST or None, initial=initial, theme_choices=theme_choices)
    stale = None
    if request.method == "POST" and request.POST.get("then") == "skip":
        # Passed over for now, saving nothing: it stays in the queue, and the person goes on.
        scope = require(scope, Perm.CODE_FEEDBACK)
        skipped = _skipped(request, framework)
        skipped.append(comment.pk)
        request.session[_SKIPPED_KEY] = {**request.session.get(_SKIPPED_KEY, {}), framework.slug: skipped[-200:]}
        return _code_next(request, scope, framework, order, after=comment)
    if request.method == "POST":
        scope = require(scope, Perm.CODE_FEEDBACK)
        if form.is_valid():
            try:
                services.comment_code(
                    scope=scope,
                    comment_id=comment.pk,
                    framework=framework,
                    theme_ids=form.cleaned_data["themes"],
                    sentiment=form.cleaned_data["sentiment"],
                    seen=form.cleaned_data["seen"] or None,
                )
            except ValidationError as error:
                if not services.is_stale(error):
                    apply_errors(form, error)
                else:
                    # Someone saved since this page was drawn: say who and what, keep the person's
                    # choices in words, and show the coding as it is now to code again from.
                    names = dict(theme_choices)
                    chosen = ", ".join(names[t] for t in form.cleaned_data["themes"]) or "no theme"
                    stale = {
                        "changed": " ".join(error.message_dict["seen"]),
                        "yours": f'{chosen}; sentiment "{Sentiment(form.cleaned_data["sentiment"]).label}"',
                    }
                    form = CodingForm(initial=initial, theme_choices=theme_choices)
            else:
                messages.success(request, "Coding saved.")
                if request.POST.get("then") == "next":
                    return _code_next(request, scope, framework, order, after=comment)
                if back is not None:
                    return redirect(back.href)
                return redirect(_with_order(reverse("themes:coding-queue", args=[framework.slug]), order))
    return render_page(
        request,
        scope,
        "themes/coding/comment.jinja",
        {
            "page_title": "Code a comment",
            "back": back,
            "framework": framework,
            "version": version,
            "comment": comment,
            "details_hidden": feedback_selectors.comment_details_hidden(
                scope=scope, service_ids=[comment.feedback.service_id]
            ),
            "order": order,
            "categories": categories,
            "current": current,
            "unsure": unsure,
            "pre_tick": PRE_TICK,
            "version_codes": version_codes,
            "gone": [row for code, row in current.items() if code not in version_codes],
            "sentiment_now": sentiment_now,
            "sentiment_unsure": sentiment_unsure,
            "pre_select_sentiment": PRE_SELECT_SENTIMENT,
            "form": form,
            "stale": stale,
            # A page sent back with a mistake keeps the token it was drawn with, so a change made
            # meanwhile is still caught when it is saved again.
            "seen": form["seen"].value() if form.is_bound else seen,
            # As posted, so a refused form keeps the person's ticks; a value that is no theme id ticks nothing.
            "chosen": {int(v) for v in (form["themes"].value() or []) if str(v).isdigit()},
            "chosen_sentiment": str(form["sentiment"].value() or ""),
            "sentiments": Sentiment.choices,
            "sentiment_labels": dict(Sentiment.choices),
            "sentiment3": {level: label for label, levels in SENTIMENT3.values() for level in levels},
            "history": selectors.comment_coding_history(scope=scope, comment=comment, framework=framework),
            "can_code": can_code,
            "reviewed": not selectors.coding_queue(scope=scope, framework=framework).filter(pk=comment.pk).exists(),
            "Source": Source,
        },
        status=409 if stale else 400 if form.errors else 200,
    )


@require_POST
@scoped_view
def bulk_accept(request, scope, slug: str):
    framework = _framework(scope, slug)
    scope = require(scope, Perm.CODE_FEEDBACK)
    back = _with_order(reverse("themes:coding-queue", args=[framework.slug]), _order(request))
    form = BulkAcceptForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose how sure the model must be.")
        return redirect(back)
    threshold = form.cleaned_data["threshold"]

    def confirm(changed: str = ""):
        # Hundreds of codings at once, each in the person's name: say how many before writing any.
        count = services.suggestions_confident_count(scope=scope, framework=framework, threshold=threshold / 100)
        if not count:
            messages.info(request, "No waiting comment had suggestions that sure. Nothing was changed.")
            return redirect(back)
        return render_page(
            request,
            scope,
            "themes/coding/bulk_confirm.jinja",
            {
                "page_title": "Accept the model's suggestions in bulk?",
                "framework": framework,
                "threshold": threshold,
                "count": count,
                "changed": changed,
                "order": _order(request),
                "back": back,
            },
        )

    expected = request.POST.get("expected", "")
    try:
        # A count that is not plain digits ("²" passes isdigit but not int) is not what the page
        # sent: ask again rather than code without checking the number.
        if request.POST.get("confirm") != "yes" or (expected and not (expected.isascii() and expected.isdigit())):
            return confirm()
        result = services.suggestions_accept_confident(
            scope=scope,
            framework=framework,
            threshold=threshold / 100,
            expected=int(expected) if expected else None,
        )
    except ValidationError as error:
        if hasattr(error, "error_dict") and "expected" in error.error_dict:
            return confirm(changed=" ".join(error.message_dict["expected"]))
        messages.error(request, " ".join(error.messages))
    else:
        if result.comments:
            messages.success(
                request,
                f"Accepted the suggestions on {result.comments} comment{'s' if result.comments != 1 else ''} "
                f"({result.themes} theme{'s' if result.themes != 1 else ''}).",
            )
        else:
            messages.info(request, "No waiting comment had suggestions that sure. Nothing was changed.")
        if left := result.left_for_people:
            messages.info(
                request,
                f"Left {left} comment{'' if left == 1 else 's'} for you to code one by one: the model suggested "
                "a theme that is not in the framework's current version.",
            )
    return redirect(back)


@require_GET
@scoped_view
def model_page(request, scope, slug: str):
    framework = _framework(scope, slug)
    versions = list(selectors.model_versions(scope=scope, framework=framework)[:20])
    running = next((v for v in versions if v.is_running), None)
    can_train = has_perm(scope, Perm.TRAIN_MODEL)
    return render_page(
        request,
        scope,
        "themes/coding/model.jinja",
        {
            "page_title": f"Suggestions model: {framework.name}",
            "framework": framework,
            "versions": versions,
            # Not from the rows listed: the model in use may be older than the newest twenty.
            "in_use": selectors.model_in_use(scope=scope, framework=framework),
            "running": running,
            "stalled": running is not None and training.is_stalled(running, now=clock.now()),
            "stalled_hours": int(training.STALLED_AFTER.total_seconds() // 3600),
            "agreement": selectors.agreement_by_theme(scope=scope, framework=framework),
            "counts": selectors.coding_counts(scope=scope, framework=framework),
            "can_train": can_train,
            # What training counts, which is more than `counts` for someone who covers some services.
            "for_training": training.coded_for_training(scope=scope, framework=framework) if can_train else 0,
            "minimum": training.MIN_CODED,
        },
    )


@require_POST
@scoped_view
def model_train(request, scope, slug: str):
    framework = _framework(scope, slug)
    try:
        version = training.model_train_request(scope=scope, framework=framework)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Model {version.number} is being trained. This page shows how it is going.")
    return redirect("themes:coding-model", framework.slug)


@require_GET
@scoped_view
def model_progress(request, scope, slug: str, number: int):
    framework = _framework(scope, slug)
    version = selectors.model_versions(scope=scope, framework=framework).get(number=number)
    return JsonResponse(
        {
            "number": version.number,
            "status": version.status,
            "status_text": version.get_status_display(),
            "progress": version.progress,
            "stage": version.stage,
            "running": version.is_running,
            "url": reverse("themes:coding-model", args=[framework.slug]),
        }
    )
