"""Work handed from one person to another: an open action's lead or verifier, or the person an
unanswered challenge is addressed to, changed by a quality lead or an administrator, with why."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from core.tenancy import TenantManager
from governance.models.actions import Action
from governance.models.challenges import Challenge
from governance.models.records import AppendOnly


class HandoverPart(models.TextChoices):
    LEAD = "lead", "Lead"
    VERIFIER = "verifier", "Checks it worked"
    ADDRESSED_TO = "addressed_to", "Asked to answer"


class Handover(AppendOnly):
    """One person's part in an action or a challenge given to another. The action's or challenge's
    own row names whoever has it now; this is the history of who had it before, who moved it and why
    (ADR 0009's addendum on people without a login)."""

    TENANT_PATH = "organisation"

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    action = models.ForeignKey(Action, null=True, blank=True, on_delete=models.CASCADE, related_name="handovers")
    challenge = models.ForeignKey(Challenge, null=True, blank=True, on_delete=models.CASCADE, related_name="handovers")
    part = models.CharField(max_length=20, choices=HandoverPart.choices)
    from_person = models.ForeignKey("organisations.Person", on_delete=models.PROTECT, related_name="+")
    to_person = models.ForeignKey("organisations.Person", on_delete=models.PROTECT, related_name="+")
    reason = models.TextField()
    who = models.ForeignKey("organisations.Person", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    objects = TenantManager()

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(action__isnull=False, challenge__isnull=True, part__in=["lead", "verifier"])
                | Q(action__isnull=True, challenge__isnull=False, part="addressed_to"),
                name="handover_of_an_action_or_a_challenge",
            ),
            models.CheckConstraint(condition=~Q(from_person=F("to_person")), name="handover_to_someone_else"),
            models.CheckConstraint(condition=~Q(reason=""), name="handover_says_why"),
        ]

    def __str__(self) -> str:
        return f"{self.get_part_display()}: {self.from_person_id} to {self.to_person_id}"
