"""Urgent flags for imported feedback: rules (and the model, for a small file) while the file is saved,
the model's second look at a large file in the background, and the end of the wait that keeps the
file from people who may not see flags until then (ADR 0006, 0007).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import Max, Min
from django.urls import reverse

from core import clock
from core.audit import audit_record
from feedback.models import Comment, Feedback
from organisations.models import Organisation
from organisations.scope import Scope
from themes.models import (
    FlagStatus,
    UrgentFlag,
)
from themes.services.urgent_flags import _flags_in_bulk, _texts_assessed
from themes.services.urgent_notify import _flag_link, _notify
from themes.urgent import UrgentAssessment


@dataclass(frozen=True)
class ImportedComment:
    feedback_id: int
    position: int
    text: str


def import_checked_by_model_now(comments: Sequence[ImportedComment]) -> bool:
    """Whether an import is small enough for rules and model while it is saved (else rules, then
    the model in a background task)."""
    return len({c.text for c in comments}) <= settings.HEARD_IMPORT_MODEL_LIMIT


def urgent_check_import(*, scope: Scope, comments: Sequence[ImportedComment], file_name: str = "") -> list[UrgentFlag]:
    """Flag the urgent comments of an import in bulk, and send one summary email for the import.

    An import of up to `HEARD_IMPORT_MODEL_LIMIT` distinct comments is assessed by rules and model
    together while the file is saved, like a comment from the public form: nobody reads an urgent
    comment before its flag withholds it. A larger file (years of survey returns) is assessed by the
    rules alone, to keep its import within a minute, and once it commits a background task looks
    again with the model (`themes.tasks.urgent_recheck_import`). Until it has, the file's feedback
    is marked as waiting for that check, and only people who may see urgent flags read it.
    """
    with_model = import_checked_by_model_now(comments)
    if comments and not with_model:
        from themes.tasks import urgent_recheck_import

        first, last = min(c.feedback_id for c in comments), max(c.feedback_id for c in comments)
        # One statement over the import's id range. Feedback of another import saved at the same
        # time can fall inside it; it then waits for this check too, which reads the whole range.
        Feedback.objects.for_org(scope.organisation).filter(pk__gte=first, pk__lte=last).update(
            urgent_check_pending=True
        )
        organisation_id = scope.organisation.pk
        transaction.on_commit(
            lambda: urgent_recheck_import.enqueue(organisation_id, first, last, file_name), robust=True
        )
    assessments = _texts_assessed([c.text for c in comments], use_model=with_model)
    urgent = [(c, a) for c, a in zip(comments, assessments, strict=True) if a.urgent]
    if not urgent:
        return []
    feedback_ids = sorted({c.feedback_id for c, _ in urgent})
    by_place = {}
    for start in range(0, len(feedback_ids), 1000):
        rows = (
            Comment.objects.for_org(scope.organisation)
            .filter(feedback_id__in=feedback_ids[start : start + 1000])
            .only("id", "feedback_id", "position")
        )
        by_place.update({(c.feedback_id, c.position): c for c in rows})
    flags = _flags_in_bulk(
        scope=scope,
        found=[
            (by_place[(c.feedback_id, c.position)], a) for c, a in urgent if (c.feedback_id, c.position) in by_place
        ],
    )
    label = f"Urgent flags from the import of {file_name}"[:300] if file_name else "Urgent flags from an import"
    audit_record(
        scope=scope,
        verb="themes.urgent_flag.raise_from_import",
        obj=scope.organisation,
        label=label,
        changes={"file": file_name, "flags_raised": len(flags)},
    )
    link = _flag_link(reverse("themes:queue"))
    n = len(flags)
    subject = f"Heard: {n} imported comment{'s' if n != 1 else ''} may need urgent attention"
    body = (
        f"An import of feedback for {scope.organisation.name} on {clock.today():%-d %B %Y} "
        f"has {n} comment{'s' if n != 1 else ''} that may need urgent attention.\n\n"
        f"Please read them and record what was done:\n{link}\n\n"
        "This email does not include the comments, to keep them private. Sign in to Heard to read them.\n"
    )
    _notify(scope=scope, subject=subject, body=body, about=[(scope.organisation, label)])
    return flags


def flags_from_model_recheck(
    *, scope: Scope, found: Sequence[tuple[Comment, UrgentAssessment]], file_name: str = ""
) -> list[UrgentFlag]:
    """Flags the model found on a second look at imported comments, and one email about them."""
    flags = _flags_in_bulk(scope=scope, found=found)
    label = (
        f"Urgent flags from a second check of {file_name}"[:300] if file_name else "Urgent flags from a second check"
    )
    audit_record(
        scope=scope,
        verb="themes.urgent_flag.raise_from_recheck",
        obj=scope.organisation,
        label=label,
        changes={"file": file_name, "flags_raised": len(flags)},
    )
    n = len(flags)
    subject = f"Heard: {n} more imported comment{'s' if n != 1 else ''} may need urgent attention"
    body = (
        f"A second check of feedback imported for {scope.organisation.name} found {n} more "
        f"comment{'s' if n != 1 else ''} that may need urgent attention.\n\n"
        f"Please read them and record what was done:\n{_flag_link(reverse('themes:queue'))}\n\n"
        "This email does not include the comments, to keep them private. Sign in to Heard to read them.\n"
    )
    _notify(scope=scope, subject=subject, body=body, about=[(scope.organisation, label)])
    return flags


@transaction.atomic
def urgent_recheck_record(
    *,
    scope: Scope,
    found: Sequence[tuple[Comment, UrgentAssessment]],
    checked_feedback_ids: Sequence[int],
    file_name: str = "",
) -> int:
    """What the model's second look at an import found, and, in the same transaction, the end of the
    wait that kept the import's feedback from people who may not see flags: only for the feedback
    it read (another import saved meanwhile keeps waiting for its own check). Returns the flags raised."""
    # Someone may have flagged one of these comments by hand while the model read them: that flag is
    # the one open flag the comment may have (ADR 0007), and the lead already has it. Their rows are
    # locked first, as flagging by hand locks the comment, so nobody flags one between the look and
    # the write.
    comment_ids = [comment.pk for comment, _ in found]
    flagged_meanwhile: set[int] = set()
    for start in range(0, len(comment_ids), 1000):
        chunk = comment_ids[start : start + 1000]
        list(Comment.objects.for_org(scope.organisation).select_for_update().filter(pk__in=chunk).only("pk"))
        flagged_meanwhile |= set(
            UrgentFlag.objects.for_org(scope.organisation)
            .filter(comment_id__in=chunk, status=FlagStatus.OPEN)
            .values_list("comment_id", flat=True)
        )
    found = [(comment, a) for comment, a in found if comment.pk not in flagged_meanwhile]
    raised = len(flags_from_model_recheck(scope=scope, found=found, file_name=file_name)) if found else 0
    ids = list(checked_feedback_ids)
    for start in range(0, len(ids), 1000):
        Feedback.objects.for_org(scope.organisation).filter(pk__in=ids[start : start + 1000]).update(
            urgent_check_pending=False
        )
    return raised


RECHECK_AGAIN_AFTER = dt.timedelta(hours=1)


def urgent_rechecks_restart(*, now: dt.datetime) -> int:
    """Ask again for the model's check of imported feedback still waiting for it an hour after it
    was saved (the task was lost: a worker stopped, a queue was cleared), so a file is not withheld
    from staff for ever. The daily job runs it; returns how many organisations had some."""
    from themes.tasks import urgent_recheck_import

    restarted = 0
    for organisation in Organisation.objects.order_by("id"):
        span = (
            Feedback.objects.for_org(organisation)
            .filter(urgent_check_pending=True, created_at__lt=now - RECHECK_AGAIN_AFTER)
            .aggregate(first=Min("pk"), last=Max("pk"))
        )
        if span["first"] is not None:
            urgent_recheck_import.enqueue(organisation.pk, span["first"], span["last"], "")
            restarted += 1
    return restarted
