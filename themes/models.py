"""Urgent flags: a comment that may need the safeguarding lead at once, and what people did about it.

A flag is raised by the detector (rules, model or both) or by a member of staff. It closes only
through an appended `UrgentFlagAction` that records, in words, what a person did; history is never
edited.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from core.tenancy import TenantManager


class DetectedBy(models.TextChoices):
    RULES = "rules", "Rules"
    MODEL = "model", "Model"
    RULES_AND_MODEL = "rules+model", "Rules and model"
    PERSON = "person", "A member of staff"


class FlagStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"
    # Closed by a person who found it was not a safeguarding matter (a false alarm): the feedback is
    # read and coded as any other again (ADR 0007).
    NOT_A_CONCERN = "not_a_concern", "Closed: not a safeguarding concern"


class UrgentFlag(models.Model):
    TENANT_PATH = "organisation"
    SERVICE_PATH = "comment__feedback__service"

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    comment = models.ForeignKey("feedback.Comment", on_delete=models.CASCADE, related_name="urgent_flags")
    reasons = models.JSONField(default=list, blank=True)
    categories = models.JSONField(default=list, blank=True)
    score = models.FloatField(default=0.0)
    detected_at = models.DateTimeField(db_index=True)
    detected_by = models.CharField(max_length=20, choices=DetectedBy.choices)
    raised_by = models.ForeignKey(
        "organisations.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(max_length=20, choices=FlagStatus.choices, default=FlagStatus.OPEN)

    objects = TenantManager()

    class Meta:
        ordering = ["detected_at", "id"]
        indexes = [models.Index(fields=["organisation", "status", "detected_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=FlagStatus.values), name="urgentflag_status_known"),
            # One open flag a comment (ADR 0007): a second worry joins the open flag as a concern.
            models.UniqueConstraint(
                fields=["comment"], condition=Q(status=FlagStatus.OPEN), name="urgentflag_one_open_per_comment"
            ),
        ]

    def __str__(self) -> str:
        return f"Urgent flag {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status == FlagStatus.OPEN


class UrgentFlagAction(models.Model):
    """One thing a person did about a flag. Only ever appended; one may close the flag, and on a
    closed flag one may add what came of it later or open it again."""

    TENANT_PATH = "organisation"
    SERVICE_PATH = "flag__comment__feedback__service"

    flag = models.ForeignKey(UrgentFlag, on_delete=models.CASCADE, related_name="actions")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    action = models.TextField()
    who = models.ForeignKey("organisations.Person", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    closes = models.BooleanField(default=False)
    reopens = models.BooleanField(default=False)
    # Someone else's reason for flagging a comment whose flag was already open (ADR 0007): a concern
    # added to the record, not something done about it, so it leaves the flag "nothing recorded yet".
    adds_concern = models.BooleanField(default=False)

    objects = TenantManager()

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(action=""), name="urgentflagaction_says_what_was_done"),
            models.CheckConstraint(
                condition=Q(closes=False) | Q(reopens=False), name="urgentflagaction_closes_or_reopens_not_both"
            ),
            models.CheckConstraint(
                condition=Q(adds_concern=False) | Q(closes=False, reopens=False),
                name="urgentflagaction_a_concern_changes_no_status",
            ),
        ]

    def __str__(self) -> str:
        return f"Action on urgent flag {self.flag_id}"

    def save(self, *args, **kwargs):
        # What was done is a record: it is appended, never rewritten.
        if not self._state.adding:
            raise ValueError("An action on an urgent flag cannot be changed once recorded.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError("An action on an urgent flag cannot be deleted.")


# --- theme frameworks ------------------------------------------------------------------------
#
# A framework has numbered versions. A published version never changes: the quality lead edits a
# new draft copied from the latest version and publishes it, which retires the one before. Codings
# point at Theme rows, so old codings keep the version (and the wording) they were made with.


class FrameworkSource(models.TextChoices):
    SHIPPED = "shipped", "Shipped with Heard"
    CUSTOM = "custom", "Written here"


class VersionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    RETIRED = "retired", "Retired"


class Framework(models.Model):
    TENANT_PATH = "organisation"

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=80)
    description = models.TextField(blank=True)
    source = models.CharField(max_length=10, choices=FrameworkSource.choices, default=FrameworkSource.CUSTOM)
    created_at = models.DateTimeField()
    is_primary = models.BooleanField(
        default=False,
        help_text="The framework the organisation codes its feedback with, and tracks loops and reports by.",
    )

    objects = TenantManager()

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "slug"], name="framework_slug_unique_in_org"),
            models.UniqueConstraint(
                fields=["organisation"], condition=Q(is_primary=True), name="framework_one_primary_per_org"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class FrameworkVersion(models.Model):
    TENANT_PATH = "organisation"

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    framework = models.ForeignKey(Framework, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField()
    status = models.CharField(max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    notes = models.TextField(blank=True)
    taxonomy = models.CharField(max_length=50)
    created_by = models.ForeignKey(
        "organisations.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()
    published_at = models.DateTimeField(null=True, blank=True)

    objects = TenantManager()

    class Meta:
        ordering = ["framework", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="frameworkversion_number_unique"),
            models.UniqueConstraint(
                fields=["framework"],
                condition=Q(status="published"),
                name="frameworkversion_one_published",
            ),
            models.UniqueConstraint(
                fields=["framework"], condition=Q(status="draft"), name="frameworkversion_one_draft"
            ),
            models.CheckConstraint(condition=Q(status__in=VersionStatus.values), name="frameworkversion_status_known"),
        ]

    def __str__(self) -> str:
        return f"{self.framework.name}, version {self.number}"

    @property
    def is_draft(self) -> bool:
        return self.status == VersionStatus.DRAFT


class Category(models.Model):
    TENANT_PATH = "organisation"

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    version = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="categories")
    name = models.CharField(max_length=200)
    position = models.PositiveIntegerField(default=0)

    objects = TenantManager()

    class Meta:
        ordering = ["position", "id"]
        verbose_name_plural = "categories"

    def __str__(self) -> str:
        return self.name


class Theme(models.Model):
    TENANT_PATH = "organisation"

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    version = models.ForeignKey(FrameworkVersion, on_delete=models.PROTECT, related_name="themes")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="themes")
    name = models.CharField(max_length=200)
    code = models.SlugField(max_length=100)
    description = models.TextField(blank=True)
    position = models.PositiveIntegerField(default=0)
    mappings = models.JSONField(default=dict, blank=True)
    benchmark = models.BooleanField(default=False)
    # A quality lead's decision, kept with the version and copied into the next: this theme maps to
    # no quality statement on purpose ("Not assigned"), so publishing does not ask about it again.
    unmapped_on_purpose = models.BooleanField(default=False)

    objects = TenantManager()

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["version", "code"], name="theme_code_unique_in_version"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def quality_statements(self) -> list[str]:
        return list((self.mappings or {}).get("quality_statements", []))

    @property
    def evidence_categories(self) -> list[str]:
        return list((self.mappings or {}).get("evidence_categories", []))


# --- coding: themes and sentiment on comments, with provenance ---------------------------------
#
# Every assignment is a row that says who or what made it (a person, a trained model, or labels
# that came in with an imported file), which model version, with what confidence and when. A
# correction is a new row that supersedes the one before (`superseded_by`, `superseded_at`); rows
# are never edited otherwise and never deleted. "Current" means not superseded.


class Source(models.TextChoices):
    PERSON = "person", "A person"
    MODEL = "model", "The model"
    IMPORT = "import", "An imported file"


class ModelStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    TRAINING = "training", "Training"
    FAILED = "failed", "Failed"
    NOT_PROMOTED = "not_promoted", "Not used: no better than the model in use"
    PROMOTED = "promoted", "In use"
    RETIRED = "retired", "Replaced by a better model"


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
