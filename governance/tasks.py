"""Background work for the governance loop: the daily reminders, run by `heard db_worker`."""

from __future__ import annotations

from django.tasks import task

from core import clock
from feedback.retention import reply_contacts_remove_all
from governance.reminders import reminders_send_all
from themes.coding.training.forget import models_forget_all
from themes.services.urgent_imports import urgent_rechecks_restart


@task
def send_reminders() -> dict[str, int]:
    """Today's reminders for every organisation: how many emails each sent. The daily job also asks
    again for urgent checks of imported feedback that were lost on the way, removes contact details
    for replies kept past their organisation's limit (`heard retention`), and trains again and removes
    theme models still holding words taken out of feedback made anonymous (ADR 0028)."""
    urgent_rechecks_restart(now=clock.now())
    # Reminders first: they carry urgent flags, which must not wait on tidying contact details.
    sent = reminders_send_all(today=clock.today())
    reply_contacts_remove_all(today=clock.today())
    models_forget_all()
    return sent
