"""Theme frameworks, their versions, categories and themes.

A framework has numbered versions. A published version never changes: the quality lead edits a
new draft copied from the latest version and publishes it, which retires the one before. Codings
point at Theme rows, so old codings keep the version (and the wording) they were made with.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from core.tenancy import TenantManager


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
