"""The demo's "You said, we did": two changes people asked for, worded in plain words by the quality
lead and published on their services' public pages, and one closed action still waiting for its
words, so the page where pairs are written has something to do. Written through the service, after
the governance and priorities demos have closed their actions."""

from __future__ import annotations

import datetime as dt

from core import clock
from core.working_days import at_work, at_work_after
from governance.models import Action, ActionStatus
from organisations.models import Organisation, Person
from organisations.scope import scope_of_person
from reports.you_said import you_said_save

# (the action's title, you said, we did, what is different now)
PUBLISHED = [
    (
        "Weekly call-bell audit and a second night carer",
        "At night, call bells rang for a long time before anyone came.",
        "We now check every week how long call bells take to be answered, and a second carer works "
        "on the busiest nights.",
        "Call bells are answered in under five minutes at night. Residents at the forum say nights are better.",
    ),
    (
        "Monthly menu panel with residents and families",
        "Food was sometimes cold, and the menu was the same every week.",
        "Residents and families now plan the menu with the cook every month.",
        "There are half as many comments about cold or repetitive food.",
    ),
]


def you_said_demo_build(*, organisation: Organisation) -> dict:
    lead = Person.objects.for_org(organisation).filter(full_name="Grace Okafor").first()
    if lead is None:
        return {"published": 0}
    scope = scope_of_person(lead, user=lead.user)
    closed = {
        a.title: a for a in Action.objects.for_org(organisation).filter(status=ActionStatus.CLOSED).order_by("id")
    }
    published = 0
    for title, you_said, we_did, now_text in PUBLISHED:
        action = closed.get(title)
        if action is None:
            continue
        checked = action.checked_at or clock.now()
        # Worded and published three working days after the check, or as soon after it as now allows.
        on = at_work_after(checked, days=3, hour=11)
        if on > clock.now():
            on = max(at_work(clock.today(), 11, now=clock.now()), checked + dt.timedelta(minutes=30))
        you_said_save(
            scope=scope,
            action_id=action.id,
            you_said=you_said,
            we_did=we_did,
            now_text=now_text,
            picture="better",
            publish=True,
            now=on,
        )
        published += 1
    return {"published": published}
