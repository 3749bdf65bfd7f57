"""Background work for the governance loop: the daily reminders, run by `heard db_worker`."""

from __future__ import annotations

from django.tasks import task

from core import clock
from governance.reminders import reminders_send_all


@task
def send_reminders() -> dict[str, int]:
    """Today's reminders for every organisation: how many emails each sent."""
    return reminders_send_all(today=clock.today())
