"""The governance loop: meetings and their minutes, decisions that cite evidence, the quality action
log, and leadership challenge.

Records belong to one service or, when `service` is empty, to the whole organisation. Scoping follows
`service` (SERVICE_PATH), so whole-organisation records are seen only by people whose roles cover every
service. Decisions, progress updates, status changes and challenge entries are appended with who and
when and never edited; an action's `status` is the latest of its appended status changes, kept on the
row so that lists can filter on it.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from core.tenancy import TenantManager


class AppendOnly(models.Model):
    """A record: written once, never changed or deleted."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise ValueError(f"{self._meta.verbose_name} is a record: it cannot be changed once written.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError(f"{self._meta.verbose_name} is a record: it cannot be deleted.")


class Withdrawal(AppendOnly):
    """A record taken out of what counts because it was wrong (entered twice, never happened, or
    corrected by a later record), with why and by whom. The record itself stays, marked. Each kind
    of record has its own table with a one-to-one link to it, named ``withdrawal`` (ADR 0019)."""

    TENANT_PATH = "organisation"

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    withdrawn_by = models.ForeignKey("organisations.Person", on_delete=models.PROTECT, related_name="+")
    withdrawn_at = models.DateTimeField()

    objects = TenantManager()

    class Meta:
        abstract = True
        constraints = [models.CheckConstraint(condition=~Q(reason=""), name="%(class)s_says_why")]


# --- meetings ----------------------------------------------------------------------------------


class MeetingType(models.TextChoices):
    QUALITY_SAFETY = "quality_safety", "Monthly quality and safety"
    COPRODUCTION_FORUM = "coproduction_forum", "Co-production forum"
    LEADERSHIP = "leadership", "Quarterly leadership"
    ANNUAL_PLANNING = "annual_planning", "Annual planning"
    OTHER = "other", "Other"


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


# --- the quality action log --------------------------------------------------------------------


class ActionSource(models.TextChoices):
    DECISION = "decision", "A meeting decision"
    THEME = "theme", "A theme"
    FEEDBACK = "feedback", "A piece of feedback"
    AUDIT = "audit", "An audit finding"
    PRIORITY = "priority", "A quality priority"


class ActionStatus(models.TextChoices):
    OPEN = "open", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    AWAITING_CHECK = "awaiting_check", "Done, waiting for a check"
    CLOSED = "closed", "Closed with evidence of impact"
    WITHDRAWN = "withdrawn", "Withdrawn without evidence of impact"


ACTIVE_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.AWAITING_CHECK)


class Action(models.Model):
    TENANT_PATH = "organisation"
    SERVICE_PATH = "service"

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey(
        "organisations.Service", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    lead = models.ForeignKey("organisations.Person", on_delete=models.PROTECT, related_name="+")
    verifier = models.ForeignKey("organisations.Person", on_delete=models.PROTECT, related_name="+")
    due_on = models.DateField(db_index=True)
    source = models.CharField(max_length=20, choices=ActionSource.choices)
    decision = models.ForeignKey(Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="actions")
    theme = models.ForeignKey("themes.Theme", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    feedback = models.ForeignKey("feedback.Feedback", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=ActionStatus.choices, default=ActionStatus.OPEN)
    created_by = models.ForeignKey("organisations.Person", on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField()
    # Filled once, by the verifier's sign-off, and required for a closed action.
    impact_note = models.TextField(blank=True)
    impact_link = models.URLField(max_length=500, blank=True)
    checked_by = models.ForeignKey(
        "organisations.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    checked_at = models.DateTimeField(null=True, blank=True)

    objects = TenantManager()

    class Meta:
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["organisation", "status", "due_on"], name="action_log")]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ActionStatus.values), name="action_status_known"),
            models.CheckConstraint(condition=~Q(verifier=F("lead")), name="action_verifier_is_not_the_lead"),
            models.CheckConstraint(
                condition=Q(checked_by__isnull=True) | ~Q(checked_by=F("lead")),
                name="action_not_checked_by_its_lead",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed")
                | (Q(checked_by__isnull=False, checked_at__isnull=False) & ~Q(impact_note="") & ~Q(impact_link="")),
                name="action_closed_only_with_evidence",
            ),
            models.CheckConstraint(
                condition=Q(source="decision", decision__isnull=False)
                | Q(source="theme", theme__isnull=False)
                | Q(source="feedback", feedback__isnull=False)
                | Q(source="audit")  # the finding (audits.AuditFinding) points at the action
                | Q(source="priority"),  # the objective (priorities.ObjectiveAction) points at the action
                name="action_names_its_source",
            ),
            models.CheckConstraint(condition=~Q(title=""), name="action_has_a_title"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    def is_overdue(self, *, on) -> bool:
        return self.is_active and self.due_on < on


class ActionUpdate(AppendOnly):
    """Progress, in the lead's words."""

    TENANT_PATH = "organisation"
    SERVICE_PATH = "action__service"

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="updates")
    text = models.TextField()
    who = models.ForeignKey("organisations.Person", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    objects = TenantManager()

    class Meta:
        ordering = ["at", "id"]
        constraints = [models.CheckConstraint(condition=~Q(text=""), name="actionupdate_says_something")]

    def __str__(self) -> str:
        return f"Update on action {self.action_id}"


class ActionStatusChange(AppendOnly):
    TENANT_PATH = "organisation"
    SERVICE_PATH = "action__service"

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=ActionStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=ActionStatus.choices)
    note = models.TextField(blank=True)
    link = models.URLField(max_length=500, blank=True)
    who = models.ForeignKey("organisations.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    objects = TenantManager()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"Action {self.action_id}: {self.from_status or 'new'} to {self.to_status}"


# --- leadership challenge ----------------------------------------------------------------------


class ChallengeSubject(models.TextChoices):
    ACTION = "action", "An action"
    THEME = "theme", "A theme"
    DECISION = "decision", "A decision"


class ChallengeStatus(models.TextChoices):
    OPEN = "open", "Waiting for an answer"
    ANSWERED = "answered", "Answered, waiting for the leader"
    SATISFIED = "satisfied", "Closed: the leader is satisfied"
    ESCALATED = "escalated", "Escalated"


UNRESOLVED_CHALLENGE = (ChallengeStatus.OPEN, ChallengeStatus.ANSWERED, ChallengeStatus.ESCALATED)


class Challenge(models.Model):
    TENANT_PATH = "organisation"
    SERVICE_PATH = "service"

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey(
        "organisations.Service", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    subject = models.CharField(max_length=20, choices=ChallengeSubject.choices)
    action = models.ForeignKey(Action, null=True, blank=True, on_delete=models.PROTECT, related_name="challenges")
    theme = models.ForeignKey("themes.Theme", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    decision = models.ForeignKey(Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="challenges")
    question = models.TextField()
    raised_by = models.ForeignKey("organisations.Person", on_delete=models.PROTECT, related_name="+")
    raised_at = models.DateTimeField()
    addressed_to = models.ForeignKey("organisations.Person", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(max_length=20, choices=ChallengeStatus.choices, default=ChallengeStatus.OPEN)

    objects = TenantManager()

    class Meta:
        ordering = ["-raised_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(status__in=ChallengeStatus.values), name="challenge_status_known"),
            models.CheckConstraint(condition=~Q(question=""), name="challenge_asks_something"),
            models.CheckConstraint(
                condition=Q(subject="action", action__isnull=False)
                | Q(subject="theme", theme__isnull=False)
                | Q(subject="decision", decision__isnull=False),
                name="challenge_names_its_subject",
            ),
        ]

    def __str__(self) -> str:
        return self.question[:120]

    @property
    def is_unresolved(self) -> bool:
        return self.status in UNRESOLVED_CHALLENGE


class ChallengeEntryKind(models.TextChoices):
    RESPONSE = "response", "Response"
    SATISFIED = "satisfied", "Closed as satisfied"
    ESCALATED = "escalated", "Escalated"


class ChallengeEntry(AppendOnly):
    TENANT_PATH = "organisation"
    SERVICE_PATH = "challenge__service"

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="entries")
    kind = models.CharField(max_length=20, choices=ChallengeEntryKind.choices)
    text = models.TextField()
    who = models.ForeignKey("organisations.Person", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    objects = TenantManager()

    class Meta:
        ordering = ["at", "id"]
        verbose_name_plural = "challenge entries"
        constraints = [models.CheckConstraint(condition=~Q(text=""), name="challengeentry_says_something")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on challenge {self.challenge_id}"


# --- co-production ledger ------------------------------------------------------------------------


class Rung(models.TextChoices):
    """The ladder of co-production, lowest rung first (Think Local Act Personal's ladder)."""

    COERCION = "coercion", "Coercion"
    EDUCATING = "educating", "Educating"
    INFORMING = "informing", "Informing"
    CONSULTATION = "consultation", "Consultation"
    ENGAGEMENT = "engagement", "Engagement"
    CO_DESIGN = "co_design", "Co-design"
    CO_PRODUCTION = "co_production", "Co-production"


RUNG_MEANING = {
    Rung.COERCION: "People were there, but had no say in what happened.",
    Rung.EDUCATING: "People were helped to understand the service. They did not shape it.",
    Rung.INFORMING: "People were told about decisions already made.",
    Rung.CONSULTATION: "People were asked what they think. The service decided.",
    Rung.ENGAGEMENT: "People were asked and could see how their views were used. The service still decided.",
    Rung.CO_DESIGN: "People helped design it and had a real say in what it looks like.",
    Rung.CO_PRODUCTION: "People shared power and responsibility as equal partners, from start to finish.",
}


class ActivityKind(models.TextChoices):
    FORUM = "forum", "Co-production forum"
    AUDIT_DESIGN = "audit_design", "Designing an audit"
    PLANNING = "planning", "Planning session"
    INTERVIEW_PANEL = "interview_panel", "Interview panel"
    REVIEW = "review", "Review of a service, policy or document"
    OTHER = "other", "Other"


class Recognition(models.TextChoices):
    PAYMENT = "payment", "Paid for their time"
    VOUCHER = "voucher", "A voucher or gift"
    EXPENSES = "expenses", "Travel and other costs paid"
    TRAINING = "training", "Training or a certificate"
    THANKS = "thanks", "Thanked in writing"
    NONE = "none", "Not recognised"


class CoproductionActivity(AppendOnly):
    """One co-production activity in the ledger: what it was, how far people shared power (its rung),
    who took part and how they were recognised. What it went on to influence is appended later as
    `CoproductionInfluence` rows, because that is usually known only after the activity."""

    TENANT_PATH = "organisation"
    SERVICE_PATH = "service"

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    service = models.ForeignKey(
        "organisations.Service",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Empty for an activity about the whole organisation.",
    )
    kind = models.CharField(max_length=30, choices=ActivityKind.choices)
    title = models.CharField(max_length=200)
    held_on = models.DateField(db_index=True)
    rung = models.CharField(max_length=20, choices=Rung.choices)
    summary = models.TextField(blank=True, help_text="What happened and what people said.")
    meeting = models.ForeignKey(
        Meeting, null=True, blank=True, on_delete=models.PROTECT, related_name="coproduction_activities"
    )
    others_count = models.PositiveIntegerField(default=0, help_text="People who took part who are not in Heard.")
    others_description = models.CharField(max_length=300, blank=True)
    recognition = models.CharField(max_length=20, choices=Recognition.choices)
    recognition_note = models.CharField(max_length=300, blank=True)
    replaces = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
        help_text="The withdrawn entry this one corrects.",
    )
    recorded_by = models.ForeignKey("organisations.Person", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    objects = TenantManager()

    class Meta:
        ordering = ["-held_on", "-id"]
        verbose_name_plural = "co-production activities"
        indexes = [models.Index(fields=["organisation", "held_on"], name="coproduction_by_date")]
        constraints = [
            models.CheckConstraint(condition=Q(kind__in=ActivityKind.values), name="coproduction_kind_known"),
            models.CheckConstraint(condition=Q(rung__in=Rung.values), name="coproduction_rung_known"),
            models.CheckConstraint(
                condition=Q(recognition__in=Recognition.values), name="coproduction_recognition_known"
            ),
            models.CheckConstraint(condition=~Q(title=""), name="coproduction_has_title"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def scope_label(self) -> str:
        return self.service.name if self.service_id else "Whole organisation"

    @property
    def rung_meaning(self) -> str:
        return RUNG_MEANING[Rung(self.rung)]

    @property
    def rung_step(self) -> int:
        """1 (coercion) to 7 (co-production)."""
        return Rung.values.index(self.rung) + 1


class ActivityWithdrawal(Withdrawal):
    """A ledger entry taken out of the ledger's counts: recorded twice, never happened, or corrected."""

    SERVICE_PATH = "activity__service"

    activity = models.OneToOneField(CoproductionActivity, on_delete=models.PROTECT, related_name="withdrawal")


class CoproductionParticipant(AppendOnly):
    """A person in Heard who took part. `lived_experience` is read from their roles when recorded:
    a co-production partner uses services or is a family carer or advocate."""

    TENANT_PATH = "organisation"
    SERVICE_PATH = "activity__service"

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    activity = models.ForeignKey(CoproductionActivity, on_delete=models.CASCADE, related_name="participants")
    person = models.ForeignKey("organisations.Person", on_delete=models.PROTECT, related_name="+")
    lived_experience = models.BooleanField()

    objects = TenantManager()

    class Meta:
        ordering = ["activity", "id"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "person"], name="coproduction_participant_once"),
        ]

    def __str__(self) -> str:
        return f"{self.person} in {self.activity}"


class CoproductionInfluence(AppendOnly):
    """What an activity went on to influence: a decision in the governance record, or described in words."""

    TENANT_PATH = "organisation"
    SERVICE_PATH = "activity__service"

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    activity = models.ForeignKey(CoproductionActivity, on_delete=models.CASCADE, related_name="influences")
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.PROTECT, related_name="coproduction_influences"
    )
    text = models.TextField()
    recorded_by = models.ForeignKey("organisations.Person", on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField()

    objects = TenantManager()

    class Meta:
        ordering = ["activity", "recorded_at", "id"]
        constraints = [models.CheckConstraint(condition=~Q(text=""), name="coproduction_influence_says_what")]

    def __str__(self) -> str:
        return self.text[:120]
