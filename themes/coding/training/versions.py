"""Asking for a model to be trained: the checks, the version row, and trainings that stopped on the way."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max

from core import clock
from core.audit import audit_record
from core.progress import progress_save
from feedback.models import Comment
from organisations.scope import Scope
from themes.coding.rules import Perm, require
from themes.coding.selectors import reviewed_one_by_one
from themes.coding.training.run import train_theme_model
from themes.models import Framework, ModelStatus, ThemeModelVersion

MIN_CODED = 30


# scikit-learn takes seconds to import: the model package is imported when it is first needed, not
# when a page that links to coding is loaded.


def _model_version() -> str:
    from themes.ml.model import MODEL_VERSION

    return MODEL_VERSION


# A training takes minutes. One still waiting or training this long after it began was stopped on
# the way (a worker restarted, or none is running): it no longer holds up the next one.
STALLED_AFTER = dt.timedelta(hours=6)


def is_stalled(version: ThemeModelVersion, *, now: dt.datetime) -> bool:
    """Waiting or training, long after it was asked for or began: it has stopped and will not finish."""
    return version.is_running and now - (version.started_at or version.requested_at) > STALLED_AFTER


def _end_stalled(*, scope: Scope, running: list[ThemeModelVersion], now: dt.datetime) -> None:
    for version in running:
        if not is_stalled(version, now=now):
            continue
        never_started = version.status == ModelStatus.QUEUED
        progress_save(
            version,
            version.progress,
            "Stopped before it finished",
            status=ModelStatus.FAILED,
            error=(
                "No worker started it. Ask your administrator to check that Heard's background work is running."
                if never_started
                else "It stopped part way, probably when Heard was restarted."
            ),
            finished_at=now,
        )
        audit_record(scope=scope, verb="coding.model.stalled", obj=version, changes={"status": "failed"}, at=now)


def coded_for_training(*, scope: Scope, framework: Framework) -> int:
    """Comments a model of the framework would learn from: every service's, whoever asks (a model
    is the organisation's), coded one by one or in a file."""
    return Comment.objects.for_org(scope.organisation).filter(reviewed_one_by_one(framework=framework)).count()


def _new_version(*, scope: Scope, framework: Framework, now: dt.datetime | None = None) -> ThemeModelVersion:
    scope = require(scope, Perm.TRAIN_MODEL)
    now = now or clock.now()
    framework = Framework.objects.for_org(scope.organisation).select_for_update().get(pk=framework.pk)
    running = ThemeModelVersion.objects.for_org(scope.organisation).filter(
        framework=framework, status__in=[ModelStatus.QUEUED, ModelStatus.TRAINING]
    )
    _end_stalled(scope=scope, running=list(running.all()), now=now)
    if running.exists():
        raise ValidationError("A model for this framework is already being trained. Wait for it to finish.")
    coded = coded_for_training(scope=scope, framework=framework)
    if coded < MIN_CODED:
        raise ValidationError(
            f"Code at least {MIN_CODED} comments in {framework.name} before training a model "
            f"({coded} coded so far; suggestions accepted in bulk do not count)."
        )
    last = ThemeModelVersion.objects.for_org(scope.organisation).filter(framework=framework).aggregate(n=Max("number"))
    version = ThemeModelVersion.objects.create(
        organisation=scope.organisation,
        framework=framework,
        number=(last["n"] or 0) + 1,
        status=ModelStatus.QUEUED,
        algorithm=_model_version(),
        requested_by=scope.person,
        requested_at=now,
        stage="Waiting for a worker to start",
    )
    audit_record(scope=scope, verb="coding.model.train_requested", obj=version, at=now)
    return version


@transaction.atomic
def model_train_request(*, scope: Scope, framework: Framework) -> ThemeModelVersion:
    """Queue a training of the framework's model on the organisation's coded comments."""
    version = _new_version(scope=scope, framework=framework)
    transaction.on_commit(lambda: train_theme_model.enqueue(scope.organisation.pk, version.pk))
    return version


def model_train_now(*, scope: Scope, framework: Framework, now: dt.datetime | None = None) -> ThemeModelVersion:
    """Train in this process and wait (the demo build, and commands run on a schedule). Asked for,
    trained and its suggestions made `now`, the clock's time unless given (the demo's, at work)."""
    with transaction.atomic():
        version = _new_version(scope=scope, framework=framework, now=now)
    train_theme_model.call(scope.organisation.pk, version.pk, now.isoformat() if now else "")
    version.refresh_from_db()
    return version
