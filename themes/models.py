"""Urgent flags: a comment that may need the safeguarding lead at once, and what people did about it.

A flag is raised by the detector (rules, model or both) or by a member of staff. It closes only
through an appended `UrgentFlagAction` that records, in words, what a person did; history is never
edited.
"""

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
    status = models.CharField(max_length=10, choices=FlagStatus.choices, default=FlagStatus.OPEN)

    objects = TenantManager()

    class Meta:
        ordering = ["detected_at", "id"]
        indexes = [models.Index(fields=["organisation", "status", "detected_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=FlagStatus.values), name="urgentflag_status_known"),
        ]

    def __str__(self) -> str:
        return f"Urgent flag {self.pk}"

    @property
    def is_open(self) -> bool:
        return self.status == FlagStatus.OPEN


class UrgentFlagAction(models.Model):
    """One thing a person did about a flag. Only ever appended; the last one may close the flag."""

    TENANT_PATH = "organisation"
    SERVICE_PATH = "flag__comment__feedback__service"

    flag = models.ForeignKey(UrgentFlag, on_delete=models.CASCADE, related_name="actions")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    action = models.TextField()
    who = models.ForeignKey("organisations.Person", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()
    closes = models.BooleanField(default=False)

    objects = TenantManager()

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(action=""), name="urgentflagaction_says_what_was_done"),
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

    objects = TenantManager()

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "slug"], name="framework_slug_unique_in_org"),
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
