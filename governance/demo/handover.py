"""The governance demo's one person who left: a senior carer at Beech Court who led an action and was
asked to answer a leader's challenge. When she left, the quality lead handed her action to the
registered manager, so its history says who had it, who moved it and why; the challenge put to her
still waits to be handed over, so the list of work to hand over has something on it (ADR 0009)."""

from __future__ import annotations

import datetime as dt

from governance import services as gov
from governance.demo._common import _Demo
from governance.models import ChallengeSubject, Meeting, MeetingType
from organisations import services_people
from organisations.demo._common import _person
from organisations.roles import Role
from organisations.scope import system_scope

LEAVER = "Olivia Owen"
BEECH = "Beech Court"
FAMILIES = "communication-with-families"
# Days ago: the review that gave her the action, her progress, the challenge, her leaving, the handover.
DECIDED_BEFORE, PROGRESS, ASKED, LEFT, HANDED = 100, 60, 45, 30, 23


def a_carer_who_left(d: _Demo) -> None:
    """Olivia Owen's action, handed on when she left, and the challenge put to her still waiting."""
    beech = d.services[BEECH]
    olivia = _person(
        system_scope(organisation=d.org, label="Demo set-up"),
        name=LEAVER,
        job="Senior carer",
        role=Role.STAFF,
        services_=[beech],
        email="olivia.owen@northgate.example",
        login=True,
    )
    d.people[LEAVER] = olivia
    # Her action came from the home's own quarterly review, some three months back.
    review = (
        Meeting.objects.for_org(d.org)
        .filter(service=beech, meeting_type=MeetingType.QUALITY_SAFETY)
        .filter(held_on__lte=d.today - dt.timedelta(days=DECIDED_BEFORE))
        .order_by("-held_on", "-id")
        .first()
    )
    held = (d.today - review.held_on).days
    decision = d.decide(
        review,
        "Tom Hargreaves",
        held,
        "Families say they hear about changes late: a senior carer rings each resident's family after "
        "every care plan review, and the home reports back on what families say.",
        themes=[FAMILIES],
        action={
            "title": "Ring each resident's family after every care plan review",
            "lead": LEAVER,
            "verifier": "Grace Okafor",
            "due_days_ago": -40,
        },
    )
    action = decision.actions.get()
    gov.action_update_add(
        scope=d.who(LEAVER),
        action_id=action.id,
        text="Calls made after nine reviews; two families asked for a call every month instead.",
        now=d.at(PROGRESS),
    )
    gov.challenge_raise(
        scope=d.who("David Mensah"),
        subject=ChallengeSubject.THEME,
        theme_id=d.themes[FAMILIES].id,
        service_id=beech.id,
        addressed_to_id=olivia.id,
        question="Families still say nobody tells them when a room moves. Who tells them, and when?",
        now=d.at(ASKED),
    )
    services_people.person_archive(scope=d.who("Priya Shah"), person=olivia, now=d.at(LEFT, 17))
    gov.action_hand_over(
        scope=d.who("Grace Okafor"),
        action_id=action.id,
        part="lead",
        to_person_id=d.people["Tom Hargreaves"].id,
        reason="The senior carer who led it has left the home; the registered manager takes the calls on.",
        now=d.at(HANDED),
    )
