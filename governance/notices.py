"""Emails sent at once when something changes that a person named on an action must know about, as
opposed to the daily reminder (`governance.reminders`). Now one: a new due date, told to the action's
lead and the person who checks it (ADR 0009's addendum on telling people of a new due date).

Heard has no notifications inside the app: the email is the notice, and the action's history shows
the change to anyone who opens it. Nobody who cannot sign in is emailed (they could not open the link),
nor the person who made the change. The email goes once the change has committed, so nobody is told of
a date that was rolled back; a mail server that is down is logged, not raised, since the change is
saved by then and the daily reminder still says when the action is due."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse

from governance.models import Action, DueDateChange
from organisations.models import Person
from organisations.signin import can_sign_in


def _address(person: Person) -> str:
    if person.user_id and person.user.email:
        return person.user.email
    return person.email


def due_date_told(*, action: Action, change: DueDateChange) -> list[Person]:
    """Who is told of the change: the lead and the person who checks it, each once, if they can sign in
    and have an email address, and did not make the change themselves."""
    told: list[Person] = []
    for person in (action.lead, action.verifier):
        if person.id == change.who_id or any(p.id == person.id for p in told):
            continue
        if can_sign_in(person) and _address(person):
            told.append(person)
    return told


def due_date_email(*, person: Person, action: Action, change: DueDateChange) -> tuple[str, str]:
    """The subject and body of the email to ``person``: the action, the old and new dates, why, who
    changed it and a link. The reason is as it was saved, without personal details (ADR 0016)."""
    part = "you lead" if person.id == action.lead_id else "you check"
    where = action.service.name if action.service_id else "the whole organisation"
    subject = f"Heard: an action {part} is now due {change.to_due_on:%-d %B %Y}"
    body = "\n".join(
        [
            f"Hello {person.full_name},",
            "",
            f"The due date of an action {part} at {where} has changed.",
            "",
            f"Action: {action.title}",
            f"Was due: {change.from_due_on:%-d %B %Y}",
            f"Now due: {change.to_due_on:%-d %B %Y}",
            f"Why: {change.reason}",
            f"Changed by: {change.who.full_name}",
            "",
            "Read the action and its history:",
            f"  {settings.HEARD_SITE_URL}{reverse('governance:action', args=[action.id])}",
        ]
    )
    return subject, body


def due_date_notify(*, action: Action, change: DueDateChange) -> list[Person]:
    """Tell the lead and the person who checks the action of its new due date, once the change has
    committed; returns who will be told."""
    told = due_date_told(action=action, change=change)
    emails = [(_address(p), *due_date_email(person=p, action=action, change=change)) for p in told]

    def send() -> None:
        for address, subject, body in emails:
            send_mail(subject, body, None, [address], fail_silently=False)

    transaction.on_commit(send, robust=True)
    return told
