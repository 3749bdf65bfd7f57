"""Contact details for a reply are kept no longer than they are needed (ADR 0025).

Someone who asks for a reply gives an email address, a phone number or a postal address. Once the
reply has been sent and the organisation's time for a follow-up has passed
(``Organisation.reply_contact_keep_days``, 90 days unless an administrator changes it; blank keeps
them), `heard retention` removes them, run daily (and by the daily background task). Feedback still
waiting for its reply keeps them. Each organisation's removals are one audit event with how many, never
the details themselves. Running it again the same day finds nothing more to remove and records
nothing.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Max

from core import clock
from core.audit import audit_record
from feedback.models import Feedback
from organisations.models import Organisation
from organisations.scope import system_scope

ACTOR = "Heard (removing contact details no longer needed)"


def reply_contacts_due(*, organisation: Organisation, today: dt.date):
    """The organisation's feedback whose contact details for a reply are kept longer than it allows:
    the last reply recorded is more than its number of days before ``today``. None when it keeps them."""
    days = organisation.reply_contact_keep_days
    if days is None:
        return Feedback.objects.for_org(organisation).none()
    return (
        Feedback.objects.for_org(organisation)
        .exclude(reply_contact="")
        .annotate(last_reply=Max("replies__replied_on"))
        .filter(last_reply__lt=today - dt.timedelta(days=days))
    )


@transaction.atomic
def reply_contacts_remove(*, organisation: Organisation, today: dt.date, now: dt.datetime | None = None) -> int:
    """Remove the organisation's contact details for replies kept past its limit; how many."""
    ids = list(reply_contacts_due(organisation=organisation, today=today).values_list("pk", flat=True))
    if not ids:
        return 0
    now = now or clock.now()
    removed = (
        Feedback.objects.for_org(organisation)
        .filter(pk__in=ids)
        .exclude(reply_contact="")
        .update(reply_contact="", reply_contact_removed_at=now)
    )
    audit_record(
        scope=system_scope(organisation=organisation, label=ACTOR),
        verb="feedback.retention.reply_contacts",
        obj=organisation,
        label="Contact details for replies",
        at=now,
        changes={"reply_contacts_removed": removed, "days_kept_after_reply": organisation.reply_contact_keep_days},
    )
    return removed


def reply_contacts_remove_all(*, today: dt.date | None = None) -> dict[str, int]:
    """For every organisation, as ``reply_contacts_remove``: how many were removed, by organisation name."""
    today = today or clock.today()
    return {
        organisation.name: reply_contacts_remove(organisation=organisation, today=today)
        for organisation in Organisation.objects.order_by("name")
    }
