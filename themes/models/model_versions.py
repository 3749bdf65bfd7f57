"""Versions of the theme and sentiment model an organisation trains on its own coded feedback."""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from core.tenancy import TenantManager
from themes.models.frameworks import Framework


class ModelStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    TRAINING = "training", "Training"
    FAILED = "failed", "Failed"
    NOT_PROMOTED = "not_promoted", "Not used: no better than the model in use"
    PROMOTED = "promoted", "In use"
    RETIRED = "retired", "Replaced by a better model"
    REMOVED = "removed", "Removed: it had learnt words since taken out of feedback"


def model_artifact_path(instance: ThemeModelVersion, filename: str) -> str:
    return f"models/{instance.organisation_id}/{instance.framework_id}/{instance.number}.joblib"


class ThemeModelVersion(models.Model):
    """One training of the theme and sentiment model for one organisation and framework.

    Held-out metrics are stored with it; it is promoted (used for suggestions) only when it does
    better than the model in use, so suggestions never get worse behind people's backs.
    """

    TENANT_PATH = "organisation"

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="model_versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=20, choices=ModelStatus.choices, default=ModelStatus.QUEUED)
    algorithm = models.CharField(max_length=50, blank=True)
    requested_by = models.ForeignKey(
        "organisations.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField()
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    progress = models.PositiveSmallIntegerField(default=0)
    stage = models.CharField(max_length=200, blank=True)
    trained_on = models.PositiveIntegerField(default=0)
    held_out = models.PositiveIntegerField(default=0)
    metrics = models.JSONField(default=dict, blank=True)
    compared_with = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    artifact = models.FileField(upload_to=model_artifact_path, blank=True, max_length=300)
    error = models.TextField(blank=True)
    # Feedback it may have learnt from was made anonymous at this moment (ADR 0028): its file holds
    # words taken out since, so it is removed once a model trained without them can take its place.
    learned_removed_words_at = models.DateTimeField(null=True, blank=True)

    objects = TenantManager()

    class Meta:
        ordering = ["framework", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="thememodelversion_number_unique"),
            models.UniqueConstraint(
                fields=["framework"], condition=Q(status="promoted"), name="thememodelversion_one_promoted"
            ),
            models.CheckConstraint(condition=Q(status__in=ModelStatus.values), name="thememodelversion_status_known"),
            models.CheckConstraint(condition=Q(progress__lte=100), name="thememodelversion_progress_percent"),
        ]

    def __str__(self) -> str:
        return f"Model {self.number} for {self.framework}"

    @property
    def is_running(self) -> bool:
        return self.status in (ModelStatus.QUEUED, ModelStatus.TRAINING)
