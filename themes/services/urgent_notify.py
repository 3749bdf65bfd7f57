"""Who is told of an urgent flag, and the email they get: the safeguarding lead, or without one
the administrators and quality leads who can sign in.

The email goes out only once the transaction that raised the flag has committed, so nobody is
told about a comment that was rolled back. It never holds the comment or any personal detail: only
the service, the date and a link to the flag, which only those who may see flags can open.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse

from core.audit import audit_record
from organisations.models import Organisation, Person
from organisations.roles import Role
from organisations.scope import Scope
from themes.models import (
    UrgentFlag,
)
from themes.selectors import safeguarding_lead_candidates

FALLBACK_ROLES = (Role.ADMINISTRATOR, Role.QUALITY_LEAD)


@dataclass(frozen=True)
class Recipients:
    emails: tuple[str, ...]
    to_lead: bool
    description: str


def urgent_recipients(*, organisation: Organisation) -> Recipients:
    """The safeguarding lead; without one, the administrators and quality leads who can sign in."""
    lead = None
    if organisation.safeguarding_lead_id:
        # Only while they can still open the flag (``is_safeguarding_lead``): a lead who has since
        # lost the role or the login would be the only one told of a flag they cannot read.
        lead = (
            safeguarding_lead_candidates(organisation=organisation)
            .filter(pk=organisation.safeguarding_lead_id)
            .select_related("user")
            .first()
        )
    lead_email = _person_email(lead) if lead else ""
    if lead_email:
        return Recipients((lead_email,), True, "the safeguarding lead")
    # Only those who can sign in and open the flag (``safeguarding_lead_candidates``): an email to
    # someone who cannot is nobody told.
    people = (
        safeguarding_lead_candidates(organisation=organisation)
        .filter(role_assignments__role__in=FALLBACK_ROLES)
        .select_related("user")
        .distinct()
    )
    emails = tuple(sorted({e for e in (_person_email(p) for p in people) if e}))
    return Recipients(emails, False, "administrators and quality leads (no safeguarding lead with an email)")


def _person_email(person: Person) -> str:
    if person.user_id and person.user.email:
        return person.user.email
    return person.email


def _flag_link(path: str) -> str:
    base = settings.HEARD_SITE_URL
    return f"{base}{path}"


def _send(*, emails: Sequence[str], subject: str, body: str) -> None:
    if emails:
        send_mail(subject, body, None, list(emails), fail_silently=False)


def _notify(*, scope: Scope, subject: str, body: str, about: Sequence[tuple[object, str]]) -> Recipients:
    """Work out who to tell, record it, and send once the transaction has committed; returns who.

    `about` is what the email is about, as (object, label): each gets its own record of who was
    told, so the trail of every flag in an email about several shows it."""
    recipients = urgent_recipients(organisation=scope.organisation)
    told = {"told": recipients.description, "emails_sent": len(recipients.emails)}
    if len(about) > 1:
        told["in_one_email_about"] = len(about)
    for obj, label in about:
        audit_record(scope=scope, verb="themes.urgent_flag.notify", obj=obj, label=label, changes=told)
    emails = recipients.emails
    # Robust: a mail server that is down is logged, not raised. The feedback is saved by then, and
    # the person who wrote it must see the page that says whom to call now, not an error that
    # says it was lost; the flag waits in the queue and the daily reminder.
    transaction.on_commit(lambda: _send(emails=emails, subject=subject, body=body), robust=True)
    return recipients


def _flag_email(flags: Sequence[UrgentFlag], *, service_name: str, received_on) -> tuple[str, str]:
    """The email for the flags one piece of feedback raised at once: a link to each, since each
    flag is read and closed on its own page (several comments may each need something done)."""
    links = [_flag_link(reverse("themes:flag", args=[flag.pk])) for flag in flags]
    when = f"at {service_name} on {received_on:%-d %B %Y}"
    if len(links) == 1:
        subject = "Heard: a comment may need urgent attention"
        body = (
            f"A comment {when} may need urgent attention.\n\n"
            f"Please read it and record what was done:\n{links[0]}\n\n"
            "This email does not include the comment, to keep it private. Sign in to Heard to read it.\n"
        )
        return subject, body
    subject = f"Heard: {len(links)} comments may need urgent attention"
    listed = "\n".join(f"- {link}" for link in links)
    body = (
        f"{len(links)} comments in one piece of feedback {when} may need urgent attention.\n\n"
        f"Please read each one and record what was done:\n{listed}\n\n"
        "This email does not include the comments, to keep them private. Sign in to Heard to read them.\n"
    )
    return subject, body
