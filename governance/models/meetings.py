"""Meetings and their minutes: who attended, what was discussed, what was decided and the evidence each
decision cites."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from core.tenancy import TenantManager
from governance.models.records import AppendOnly


class MeetingType(models.TextChoices):
    QUALITY_SAFETY = "quality_safety", "Monthly quality and safety"
    COPRODUCTION_FORUM = "coproduction_forum", "Co-production forum"
    LEADERSHIP = "leadership", "Quarterly leadership"
    ANNUAL_PLANNING = "annual_planning", "Annual planning"
    OTHER = "other", "Other meeting"


class Meeting(models.Model):
    TENANT_PATH = "organisation"
    SERVICE_PATH = "service"

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    meeting_type = models.CharField(max_length=30, choices=MeetingType.choices)
    service = models.ForeignKey(
        "organisations.Service",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Empty for a meeting about the whole organisation.",
    )
    held_on = models.DateField(db_index=True)
    title = models.CharField(max_length=200, blank=True)
    chair = models.ForeignKey("organisations.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    created_by = models.ForeignKey(
        "organisations.Person", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField()

    objects = TenantManager()

    class Meta:
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["organisation", "meeting_type", "service", "held_on"], name="meeting_series")]
        constraints = [
            models.CheckConstraint(condition=Q(meeting_type__in=MeetingType.values), name="meeting_type_known"),
        ]

    def __str__(self) -> str:
        return f"{self.get_meeting_type_display()}, {self.held_on:%-d %B %Y}"

    @property
    def scope_label(self) -> str:
        return self.service.name if self.service_id else "Whole organisation"


class AttendanceRole(models.TextChoices):
    CHAIR = "chair", "Chair"
    MEMBER = "member", "Member"
    USES_SERVICES = "uses_services", "Person who uses services"
    FAMILY_OR_ADVOCATE = "family_or_advocate", "Family carer or advocate"
    GUEST = "guest", "Guest"


LIVED_EXPERIENCE = (AttendanceRole.USES_SERVICES, AttendanceRole.FAMILY_OR_ADVOCATE)


class Attendance(models.Model):
    TENANT_PATH = "organisation"
    SERVICE_PATH = "meeting__service"

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendance")
    person = models.ForeignKey("organisations.Person", on_delete=models.PROTECT, related_name="+")
    role = models.CharField(max_length=30, choices=AttendanceRole.choices)
    present = models.BooleanField(default=True, help_text="False when they sent apologies.")
    supported = models.BooleanField(default=False, help_text="They were supported to take part.")
    support = models.CharField(max_length=300, blank=True, help_text="How they were supported.")

    objects = TenantManager()

    class Meta:
        ordering = ["meeting", "id"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "person"], name="attendance_once_per_meeting"),
            models.CheckConstraint(condition=Q(role__in=AttendanceRole.values), name="attendance_role_known"),
            models.CheckConstraint(condition=Q(supported=False) | ~Q(support=""), name="attendance_support_says_how"),
        ]

    def __str__(self) -> str:
        return f"{self.person} at {self.meeting}"

    @property
    def has_lived_experience(self) -> bool:
        return self.role in LIVED_EXPERIENCE


class DiscussionItem(AppendOnly):
    TENANT_PATH = "organisation"
    SERVICE_PATH = "meeting__service"

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    heading = models.CharField(max_length=200)
    notes = models.TextField(blank=True)
    recorded_by = models.ForeignKey("organisations.Person", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    objects = TenantManager()

    class Meta:
        ordering = ["meeting", "id"]

    def __str__(self) -> str:
        return self.heading


class Decision(AppendOnly):
    """What a meeting decided. A correction is a later decision that cites this one."""

    TENANT_PATH = "organisation"
    SERVICE_PATH = "service"

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    meeting = models.ForeignKey(Meeting, on_delete=models.PROTECT, related_name="decisions")
    service = models.ForeignKey(
        "organisations.Service", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    text = models.TextField()
    recorded_by = models.ForeignKey("organisations.Person", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    objects = TenantManager()

    class Meta:
        ordering = ["-meeting__held_on", "-id"]
        constraints = [models.CheckConstraint(condition=~Q(text=""), name="decision_says_what")]

    def __str__(self) -> str:
        return self.text[:120]


class EvidenceKind(models.TextChoices):
    THEME = "theme", "Theme"
    FEEDBACK = "feedback", "Feedback"
    URGENT_FLAG = "urgent_flag", "Urgent flag"
    DECISION = "decision", "Earlier decision"


class Citation(AppendOnly):
    """One piece of evidence a decision rests on. Themes are cited by their row in the version then
    published; they are matched across versions by (framework, code)."""

    TENANT_PATH = "organisation"
    SERVICE_PATH = "decision__service"

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="citations")
    kind = models.CharField(max_length=20, choices=EvidenceKind.choices)
    theme = models.ForeignKey("themes.Theme", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    feedback = models.ForeignKey("feedback.Feedback", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    urgent_flag = models.ForeignKey(
        "themes.UrgentFlag", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    cited_decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="cited_by"
    )

    objects = TenantManager()

    class Meta:
        ordering = ["decision", "kind", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(kind="theme", theme__isnull=False, feedback__isnull=True)
                    & Q(urgent_flag__isnull=True, cited_decision__isnull=True)
                )
                | (
                    Q(kind="feedback", feedback__isnull=False, theme__isnull=True)
                    & Q(urgent_flag__isnull=True, cited_decision__isnull=True)
                )
                | (
                    Q(kind="urgent_flag", urgent_flag__isnull=False, theme__isnull=True)
                    & Q(feedback__isnull=True, cited_decision__isnull=True)
                )
                | (
                    Q(kind="decision", cited_decision__isnull=False, theme__isnull=True)
                    & Q(feedback__isnull=True, urgent_flag__isnull=True)
                ),
                name="citation_names_exactly_its_kind",
            ),
            models.CheckConstraint(
                condition=Q(cited_decision__isnull=True) | ~Q(cited_decision=F("decision")),
                name="citation_not_of_itself",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} cited by decision {self.decision_id}"
