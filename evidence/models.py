"""Evidence beside what people who use services say: incidents, feedback from staff and from partners
(commissioners, GPs, other agencies), and performance measures read month by month, each tagged with
the same themes as feedback, so that one theme can be seen across every source at once, by CQC's
evidence categories.

Summaries are stored with personal details taken out (the same redaction as quotes), because
evidence is counted and shown in packs, never used to find a person. Items and readings are appended.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q

from core.tenancy import TenantManager
from governance.models import AppendOnly, Withdrawal


class EvidenceKind(models.TextChoices):
    INCIDENT = "incident", "Incident"
    STAFF_FEEDBACK = "staff_feedback", "Feedback from staff"
    PARTNER_FEEDBACK = "partner_feedback", "Feedback from a partner organisation"


# The evidence category each kind of evidence belongs to is said by the taxonomy the themes map to
# (its categories' `heard_sources`, ADR 0027), as a new taxonomy may set them under different ones.


class Harm(models.TextChoices):
    NONE = "none", "No harm"
    LOW = "low", "Low harm"
    MODERATE = "moderate", "Moderate harm"
    SEVERE = "severe", "Severe harm"
    DEATH = "death", "Death"


class Source(models.TextChoices):
    ENTERED = "entered", "Entered"
    IMPORTED = "imported", "Imported"


class EvidenceItem(AppendOnly):
    TENANT_PATH = "organisation"
    SERVICE_PATH = "service"

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey("organisations.Service", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=30, choices=EvidenceKind.choices)
    occurred_on = models.DateField(db_index=True)
    summary = models.CharField(max_length=500, help_text="With personal details taken out.")
    harm = models.CharField(max_length=20, choices=Harm.choices, blank=True, help_text="Incidents only.")
    reference = models.CharField(max_length=100, blank=True, help_text="Its number in the system it came from.")
    source = models.CharField(max_length=20, choices=Source.choices, default=Source.ENTERED)
    # Two frameworks can share a code: each code is read only with the framework it was chosen from.
    theme_framework = models.ForeignKey(
        "themes.Framework",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The framework its theme codes are of (the main framework when it was recorded).",
    )
    replaces = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
        help_text="The withdrawn record this one corrects.",
    )
    recorded_by = models.ForeignKey("organisations.Person", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    objects = TenantManager()

    class Meta:
        ordering = ["-occurred_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=EvidenceKind.values), name="evidenceitem_kind_known"),
            models.CheckConstraint(
                condition=Q(kind="incident", harm__in=Harm.values) | (~Q(kind="incident") & Q(harm="")),
                name="evidenceitem_harm_for_incidents_only",
            ),
            models.CheckConstraint(condition=~Q(summary=""), name="evidenceitem_says_what"),
            # A correction keeps the reference of the record it replaces (which is withdrawn).
            models.UniqueConstraint(
                fields=["organisation", "kind", "reference"],
                condition=~Q(reference="") & Q(replaces__isnull=True),
                name="evidenceitem_reference_once",
            ),
        ]

    def __str__(self) -> str:
        return self.summary[:80]


class EvidenceWithdrawal(Withdrawal):
    """A record taken out of the evidence because it was wrong (a duplicate, the wrong service, a
    mistake). It stays, marked, so every pack made before still adds up; a correction is a new
    record that names the one it replaces."""

    SERVICE_PATH = "item__service"

    item = models.OneToOneField(EvidenceItem, on_delete=models.PROTECT, related_name="withdrawal")


class EvidenceTheme(AppendOnly):
    """A theme the item is tagged with, by code: matched across the versions of the item's
    `theme_framework` (like citations), and never read as another framework's theme of that code."""

    TENANT_PATH = "organisation"
    SERVICE_PATH = "item__service"

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    item = models.ForeignKey(EvidenceItem, on_delete=models.CASCADE, related_name="themes")
    code = models.SlugField(max_length=100)

    objects = TenantManager()

    class Meta:
        ordering = ["item", "code"]
        constraints = [models.UniqueConstraint(fields=["item", "code"], name="evidencetheme_once")]


class PerformanceMeasure(models.Model):
    """A figure the organisation tracks month by month (falls per 1,000 bed days, staff turnover)."""

    TENANT_PATH = "organisation"

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=200)
    unit = models.CharField(max_length=100, blank=True, help_text="For example: per 1,000 bed days, %.")
    lower_is_better = models.BooleanField(default=True)
    category = models.CharField(
        max_length=30,
        choices=[("processes", "Processes"), ("outcomes", "Outcomes")],
        help_text="Its CQC evidence category.",
    )
    theme_code = models.SlugField(max_length=100, blank=True)
    theme_framework = models.ForeignKey(
        "themes.Framework",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="The framework its theme code is of (the main framework when it was added).",
    )
    created_by = models.ForeignKey("organisations.Person", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()

    objects = TenantManager()

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="performancemeasure_name_once"),
            models.CheckConstraint(
                condition=Q(category__in=["processes", "outcomes"]), name="performancemeasure_category_known"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class MeasureReading(AppendOnly):
    """A month's figure at a service. A figure found to be wrong is replaced by a new reading that
    names it and says why; the month's figure is the latest, and the earlier one is kept."""

    TENANT_PATH = "organisation"
    SERVICE_PATH = "service"

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    measure = models.ForeignKey(PerformanceMeasure, on_delete=models.PROTECT, related_name="readings")
    service = models.ForeignKey("organisations.Service", on_delete=models.PROTECT, related_name="+")
    month = models.DateField(help_text="The first day of the month the figure is for.")
    value = models.FloatField()
    replaces = models.OneToOneField("self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaced_by")
    correction = models.TextField(blank=True, help_text="Why the figure it replaces was wrong.")
    recorded_by = models.ForeignKey("organisations.Person", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    objects = TenantManager()

    class Meta:
        ordering = ["measure", "service", "month", "id"]
        constraints = [
            # The first figure for a month; corrections each replace the one before (one to one).
            models.UniqueConstraint(
                fields=["measure", "service", "month"],
                condition=Q(replaces__isnull=True),
                name="measurereading_once_a_month",
            ),
            models.CheckConstraint(
                condition=Q(replaces__isnull=True, correction="") | (Q(replaces__isnull=False) & ~Q(correction="")),
                name="measurereading_correction_says_why",
            ),
        ]
