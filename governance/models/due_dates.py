"""An action's due date agreed again: when it is sent back, when a challenge on it is answered, or by
the lead's manager. The action's row holds the date that holds now; each change is a row here with
the date before, the new one, why, who and when, so no date is overwritten without trace."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import F, Q

from core.tenancy import TenantManager
from governance.models.actions import Action
from governance.models.records import AppendOnly


class DueDateChange(AppendOnly):
    TENANT_PATH = "organisation"
    SERVICE_PATH = "action__service"

    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="due_date_changes")
    from_due_on = models.DateField()
    to_due_on = models.DateField()
    reason = models.TextField()
    who = models.ForeignKey("organisations.Person", on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField()

    objects = TenantManager()

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="duedatechange_says_why"),
            models.CheckConstraint(condition=~Q(from_due_on=F("to_due_on")), name="duedatechange_changes_it"),
        ]

    def __str__(self) -> str:
        return f"Action {self.action_id}: due {self.from_due_on} to {self.to_due_on}"


def due_on_at(*, due_on: dt.date, changes: list[tuple[dt.datetime, dt.date, dt.date]], end: dt.datetime) -> dt.date:
    """The due date that held just before ``end``, from the action's date now (``due_on``) and its
    changes as (at, from, to), oldest first: the last change before ``end`` says it; with none, the
    date the first change replaced (the date set when the action was opened); with no change at all,
    the date now. Reports of a past period ask this, so that an action is overdue at the end of a
    quarter by the date that held then (ADR 0009's addendum on due dates)."""
    before = [to for at, _, to in changes if at < end]
    if before:
        return before[-1]
    return changes[0][1] if changes else due_on
