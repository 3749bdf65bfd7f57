"""Coding: themes and sentiment on comments, with provenance.

Every assignment is a row that says who or what made it (a person, a trained model, or labels
that came in with an imported file), which model version, with what confidence and when. A
correction is a new row that supersedes the one before (`superseded_by`, `superseded_at`); rows
are never edited otherwise and never deleted. "Current" means not superseded.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from core.tenancy import TenantManager
from themes.models.frameworks import Framework, FrameworkVersion, Theme
from themes.models.model_versions import ThemeModelVersion


class Source(models.TextChoices):
    PERSON = "person", "A person"
    MODEL = "model", "The model"
    IMPORT = "import", "An imported file"


def _provenance_constraints(prefix: str) -> list[models.BaseConstraint]:
    return [
        models.CheckConstraint(condition=Q(source__in=Source.values), name=f"{prefix}_source_known"),
        models.CheckConstraint(
            condition=~Q(source="model") | Q(model_version__isnull=False, made_by__isnull=True),
            name=f"{prefix}_model_rows_name_the_model",
        ),
        models.CheckConstraint(
            condition=~Q(source="person") | Q(made_by__isnull=False),
            name=f"{prefix}_person_rows_name_the_person",
        ),
        models.CheckConstraint(
            condition=Q(bulk_accepted=False) | Q(source="person", model_version__isnull=False),
            name=f"{prefix}_bulk_rows_accept_a_models_suggestion",
        ),
        models.CheckConstraint(
            condition=Q(confidence__isnull=True) | Q(confidence__gte=0, confidence__lte=1),
            name=f"{prefix}_confidence_is_a_probability",
        ),
        # Superseded by a newer row, or withdrawn (a model's unreviewed suggestion when a better
        # model replaces it): either way with the time it stopped being current.
        models.CheckConstraint(
            condition=Q(superseded_by__isnull=True) | Q(superseded_at__isnull=False),
            name=f"{prefix}_superseded_says_when",
        ),
    ]


class AssignmentBase(models.Model):
    TENANT_PATH = "organisation"
    SERVICE_PATH = "comment__feedback__service"

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    comment = models.ForeignKey("feedback.Comment", on_delete=models.CASCADE, related_name="+")
    source = models.CharField(max_length=10, choices=Source.choices)
    made_by = models.ForeignKey(
        "organisations.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    model_version = models.ForeignKey(
        ThemeModelVersion, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    confidence = models.FloatField(null=True, blank=True)
    # A person accepted the model's suggestion together with many others, without looking at this
    # comment on its own: theirs to answer for, but not a judgement of the model (ADR 0008).
    bulk_accepted = models.BooleanField(default=False)
    made_at = models.DateTimeField()
    superseded_by = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    superseded_at = models.DateTimeField(null=True, blank=True)

    objects = TenantManager()

    class Meta:
        abstract = True
        ordering = ["made_at", "id"]

    @property
    def is_current(self) -> bool:
        return self.superseded_at is None

    def delete(self, *args, **kwargs):
        raise ValueError("Codings are history: supersede them, never delete them.")


class ThemeAssignment(AssignmentBase):
    """A theme on a comment, or (applies=False) a person's word that a theme does not apply."""

    theme = models.ForeignKey(Theme, on_delete=models.PROTECT, related_name="assignments")
    applies = models.BooleanField(default=True)

    class Meta(AssignmentBase.Meta):
        constraints = [
            *_provenance_constraints("themeassignment"),
            models.UniqueConstraint(
                fields=["comment", "theme"],
                condition=Q(superseded_at__isnull=True),
                name="themeassignment_one_current_per_theme",
            ),
        ]
        indexes = [models.Index(fields=["organisation", "theme", "applies"], name="themeassign_org_theme")]

    def __str__(self) -> str:
        return f"{self.theme} on comment {self.comment_id} ({self.get_source_display()})"


class SentimentAssignment(AssignmentBase):
    level = models.PositiveSmallIntegerField(choices=[(i, str(i)) for i in range(1, 6)])

    class Meta(AssignmentBase.Meta):
        constraints = [
            *_provenance_constraints("sentimentassignment"),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=5), name="sentimentassignment_level_1_to_5"),
            models.UniqueConstraint(
                fields=["comment"],
                condition=Q(superseded_at__isnull=True),
                name="sentimentassignment_one_current",
            ),
        ]

    def __str__(self) -> str:
        return f"Sentiment {self.level} on comment {self.comment_id} ({self.get_source_display()})"


class CodingReview(models.Model):
    """A person has looked at a comment's coding in a framework and confirmed it.

    A comment is in the coding queue of a framework until it has one. It is what makes "no theme
    applies" a decision rather than an omission.
    """

    TENANT_PATH = "organisation"
    SERVICE_PATH = "comment__feedback__service"

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    comment = models.ForeignKey("feedback.Comment", on_delete=models.CASCADE, related_name="+")
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="+")
    version = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="+")
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.PERSON)
    reviewed_by = models.ForeignKey(
        "organisations.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField()
    # The person accepted the model's confident suggestions on many comments at once.
    bulk_accepted = models.BooleanField(default=False)

    objects = TenantManager()

    class Meta:
        ordering = ["reviewed_at", "id"]
        indexes = [models.Index(fields=["framework", "comment"], name="codingreview_framework_comment")]
        constraints = [
            models.CheckConstraint(
                condition=Q(source__in=["person", "import"]), name="codingreview_by_person_or_import"
            ),
            models.CheckConstraint(
                condition=~Q(source="person") | Q(reviewed_by__isnull=False),
                name="codingreview_person_named",
            ),
            models.CheckConstraint(
                condition=Q(bulk_accepted=False) | Q(source="person"), name="codingreview_bulk_by_a_person"
            ),
        ]

    def __str__(self) -> str:
        return f"Coding of comment {self.comment_id} in {self.framework}"
