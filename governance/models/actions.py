"""The quality action log: actions with one lead and a verifier, their progress and their status changes."""

from __future__ import annotations

import datetime as dt
import re

from django.db import models
from django.db.models import F, Q

from core.tenancy import TenantManager
from governance.models.meetings import Decision
from governance.models.records import AppendOnly


class ActionSource(models.TextChoices):
    DECISION = "decision", "A meeting decision"
    THEME = "theme", "A theme"
    FEEDBACK = "feedback", "A piece of feedback"
    AUDIT = "audit", "An audit finding"
    PRIORITY = "priority", "A quality priority"


class ActionKind(models.TextChoices):
    """What the action does: makes a change, which can have an impact on what people say, or finds out
    (why something is raised, what people want) and reports back, which is not itself a change."""

    CHANGE = "change", "Makes a change"
    INVESTIGATION = "investigation", "Finds out and reports back"


# How an action that only finds out is worded, for the actions written before actions had a kind
# (the migration that gave them one reads it from their titles) and for the demo.
INVESTIGATION_WORDS = re.compile(r"\bfind out\b|\breport back\b|\blook into\b|\binvestigate", re.IGNORECASE)


def kind_from_title(title: str) -> str:
    """The kind an action's title says it is: finding out and reporting back, or else a change."""
    return ActionKind.INVESTIGATION if INVESTIGATION_WORDS.search(title or "") else ActionKind.CHANGE


class ActionStatus(models.TextChoices):
    OPEN = "open", "Not started"
    IN_PROGRESS = "in_progress", "In progress"
    AWAITING_CHECK = "awaiting_check", "Done, waiting for a check"
    CLOSED = "closed", "Closed with evidence of impact"
    WITHDRAWN = "withdrawn", "Withdrawn without evidence of impact"


ACTIVE_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS, ActionStatus.AWAITING_CHECK)
# The statuses in which the lead still has the action to do. Overdue is the lead's lateness: an action
# done and waiting for a check is not overdue, however late the check (that wait is the verifier's).
LEAD_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


def is_overdue(*, status: str, due_on: dt.date, on: dt.date) -> bool:
    """Whether an action with this status and due date is overdue on the day `on`: the lead has not
    marked it done and it was due before that day. The one definition: the action log, the home page,
    agenda packs, reminders, the loop tracker and every report ask this (or `overdue_q`)."""
    return status in LEAD_STATUSES and due_on < on


def overdue_q(*, on: dt.date) -> Q:
    """`is_overdue` as a filter on actions."""
    return Q(status__in=LEAD_STATUSES, due_on__lt=on)


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
    kind = models.CharField(max_length=20, choices=ActionKind.choices, default=ActionKind.CHANGE)
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
            models.CheckConstraint(condition=Q(kind__in=ActionKind.values), name="action_kind_known"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    def is_overdue(self, *, on: dt.date) -> bool:
        return is_overdue(status=self.status, due_on=self.due_on, on=on)


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
    # Why an action was closed before the organisation's wait for its impact to show had passed.
    early_reason = models.TextField(blank=True)
    # Why an action was closed with evidence of impact when Heard's figures for its theme at its service
    # since it was done were within normal variation (or rose beyond it).
    variation_reason = models.TextField(blank=True)
    who = models.ForeignKey("organisations.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    objects = TenantManager()

    class Meta:
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"Action {self.action_id}: {self.from_status or 'new'} to {self.to_status}"
