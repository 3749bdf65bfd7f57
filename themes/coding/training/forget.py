"""Models that learnt words since taken out of feedback: trained again without them, and removed (ADR 0028).

Making a piece of feedback anonymous (`feedback.erasure.feedback_anonymise`) takes personal details
out of its comments' words. A model trained before learnt its vocabulary from the words as they
were, and its stored file keeps them. So, in the same transaction, every model of the organisation
that may have learnt those comments is marked (`models_mark_learnt`); once it has committed, a
background task (`models_forget_removed_words`) trains a model of each such framework again, from
the comments as they are now, puts it in place of the marked one whatever it scores, and then
removes the stored file of every marked model. The daily task does the same for any left waiting
(a training was running, or the worker stopped).
"""

from __future__ import annotations

import datetime as dt
import logging

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Q
from django.tasks import task

from core import clock
from core.audit import audit_record
from feedback.models import Comment
from organisations.models import Organisation
from organisations.scope import Scope, system_scope
from themes.coding.selectors import model_in_use, reviewed_one_by_one
from themes.coding.training.suggest import forget_loaded
from themes.coding.training.versions import is_stalled, model_train_now
from themes.models import Framework, ModelStatus, ThemeModelVersion

logger = logging.getLogger(__name__)

# Versions whose stored file was trained on the comments' words.
_STORED = (ModelStatus.PROMOTED, ModelStatus.RETIRED, ModelStatus.NOT_PROMOTED)
REMOVED_STAGE = "Removed: feedback it learnt from was made anonymous"


def models_mark_learnt(*, organisation: Organisation, comment_ids: list[int], now: dt.datetime) -> int:
    """Mark the models that may have learnt these comments' words, in the caller's transaction, and
    return how many. That is every model of a framework the comments are coded in (one by one or in a
    file, which is what a training learns from) that had begun training by ``now``, with its file
    stored or still training. A model asked for and not begun will read the words as they are now."""
    if not comment_ids:
        return 0
    candidates = ThemeModelVersion.objects.for_org(organisation).filter(
        Q(status=ModelStatus.TRAINING) | (Q(status__in=_STORED) & ~Q(artifact="")),
        learned_removed_words_at__isnull=True,
        started_at__lte=now,
    )
    comments = Comment.objects.for_org(organisation).filter(pk__in=comment_ids)
    learnt = [
        framework.pk
        for framework in Framework.objects.for_org(organisation).filter(pk__in=candidates.values("framework"))
        if comments.filter(reviewed_one_by_one(framework=framework)).exists()
    ]
    return candidates.filter(framework__in=learnt).update(learned_removed_words_at=now)


@task()
def models_forget_removed_words(organisation_id: int) -> dict[str, int]:
    """`models_forget` for one organisation, in the background."""
    return models_forget(organisation=Organisation.objects.get(pk=organisation_id))


def models_forget(*, organisation: Organisation, now: dt.datetime | None = None) -> dict[str, int]:
    """For each framework with a marked model stored: train a model again if the one in use is marked
    (used whatever it scores: the one before must go), then remove the file of every marked model.
    A framework with a training under way is left for the next run, as that training may have read
    the words before they were taken out. If too few comments are coded now to train, the marked
    model is removed all the same and no model is in use until people code more.

    Returns how many models were trained and put in use, how many files were removed, and how many
    frameworks wait for a training under way."""
    scope = system_scope(organisation=organisation, label="Heard (removing words taken out of feedback)")
    done = {"trained": 0, "removed": 0, "waiting": 0}
    marked = ThemeModelVersion.objects.for_org(organisation).filter(learned_removed_words_at__isnull=False)
    frameworks = Framework.objects.for_org(organisation).filter(pk__in=marked.exclude(artifact="").values("framework"))
    for framework in frameworks.order_by("pk"):
        running = ThemeModelVersion.objects.for_org(organisation).filter(
            framework=framework, status__in=[ModelStatus.QUEUED, ModelStatus.TRAINING]
        )
        if any(not is_stalled(version, now=now or clock.now()) for version in running):
            done["waiting"] += 1
            continue
        in_use = model_in_use(scope=scope, framework=framework)
        if in_use is not None and in_use.learned_removed_words_at is not None:
            done["trained"] += _train_again(scope=scope, framework=framework, now=now)
        for version in marked.filter(framework=framework).exclude(artifact=""):
            done["removed"] += _file_remove(scope=scope, version=version, now=now)
    if done["removed"]:
        forget_loaded()
    return done


def models_forget_all(*, now: dt.datetime | None = None) -> dict[str, dict[str, int]]:
    """`models_forget` for every organisation with a marked model stored, by organisation name."""
    # Which organisations have any, to act for each in turn: a daily check across all of them.
    waiting = (
        ThemeModelVersion.objects.unscoped_across_organisations()
        .filter(learned_removed_words_at__isnull=False)
        .exclude(artifact="")
    )
    return {
        organisation.name: models_forget(organisation=organisation, now=now)
        for organisation in Organisation.objects.filter(pk__in=waiting.values("organisation")).order_by("name")
    }


def _train_again(*, scope: Scope, framework: Framework, now: dt.datetime | None) -> int:
    try:
        version = model_train_now(scope=scope, framework=framework, now=now)
    except ValidationError as error:  # too few comments coded now: the marked model goes all the same
        logger.info("No model trained again for framework %s: %s", framework.pk, " ".join(error.messages))
        return 0
    return int(version.status == ModelStatus.PROMOTED)


def _file_remove(*, scope: Scope, version: ThemeModelVersion, now: dt.datetime | None) -> int:
    with transaction.atomic():
        locked = ThemeModelVersion.objects.for_org(scope.organisation).select_for_update().get(pk=version.pk)
        if not locked.artifact or locked.is_running:
            return 0
        name, was = locked.artifact.name, locked.status
        locked.artifact, locked.status, locked.stage = "", ModelStatus.REMOVED, REMOVED_STAGE
        locked.save(update_fields=["artifact", "status", "stage"])
        audit_record(
            scope=scope,
            verb="coding.model.removed",
            obj=locked,
            changes={"status": {"from": was, "to": ModelStatus.REMOVED}, "file_removed": True},
            at=now,
        )
        # Deleted before the row commits: if it cannot be, the row stays marked for the next run.
        default_storage.delete(name)
    return 1
