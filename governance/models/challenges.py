"""Leadership challenge: a question put to someone about an action, a theme or a decision, and the
answers and outcome appended to it."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q

from core import clock
from core.tenancy import TenantManager
from governance.models.actions import Action
from governance.models.meetings import Decision
from governance.models.records import AppendOnly


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
# Waiting for the person it is addressed to: not answered yet, or escalated and so asked again.
AWAITING_ANSWER = (ChallengeStatus.OPEN, ChallengeStatus.ESCALATED)


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

    @property
    def is_awaiting_answer(self) -> bool:
        return self.status in AWAITING_ANSWER

    def days_waiting(self, *, on: dt.date) -> int:
        """Whole days since the challenge came to stand as it does (asked, answered or escalated) up
        to ``on``, counted by the UK calendar. Needs ``waiting_since``, which the selectors add."""
        return (on - clock.day_of(self.waiting_since)).days


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
    # Whom an escalation took the challenge to: someone above the person who was asked it, who is
    # asked it now (ADR 0009's addendum on taking a challenge further). Empty on every other entry,
    # and on escalations recorded before it was kept.
    escalated_to = models.ForeignKey(
        "organisations.Person", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    objects = TenantManager()

    class Meta:
        ordering = ["at", "id"]
        verbose_name_plural = "challenge entries"
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="challengeentry_says_something"),
            models.CheckConstraint(
                condition=Q(escalated_to__isnull=True) | Q(kind="escalated"), name="challengeentry_escalated_to_whom"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on challenge {self.challenge_id}"
