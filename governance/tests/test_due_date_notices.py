"""A new due date is told at once to the action's lead and the person who checks it, by email: the
old date, the new one, why and who changed it, with a link. Not to the person who changed it, nor to
anyone who cannot sign in, and only once the change has been saved (ADR 0009's addendum on telling
people of a new due date)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core import clock
from core.models import AuditEvent
from governance import services as gov
from governance.models import ChallengeSubject
from organisations import services_people
from organisations.roles import Role
from organisations.tests.factories import person_with_role

from .conftest import scope_of

pytestmark = pytest.mark.django_db

REASON = "The night carer starts next month; agreed at the review."


def _day(days: int) -> dt.date:
    return clock.today() + dt.timedelta(days=days)


def _said(date: dt.date) -> str:
    return f"{date:%-d %B %Y}"


@pytest.fixture
def laura(org):
    """A second quality lead, who agrees new dates without leading or checking the action."""
    return person_with_role(org, Role.QUALITY_LEAD, all_services=True, full_name="Laura Finch")


def test_the_lead_and_the_checker_are_told_the_old_date_the_new_why_and_who(
    org, team, loop, laura, mailoutbox, django_capture_on_commit_callbacks
):
    action = loop["action"]
    before = action.due_on
    with django_capture_on_commit_callbacks(execute=True):
        gov.action_due_date_change(scope=scope_of(laura), action_id=action.id, due_on=_day(60), reason=REASON)

    sent = {m.to[0]: m for m in mailoutbox}
    assert sorted(sent) == sorted([team.manager.user.email, team.quality.user.email])
    to_lead, to_checker = sent[team.manager.user.email], sent[team.quality.user.email]
    assert to_lead.subject == f"Heard: an action you lead is now due {_said(_day(60))}"
    assert to_checker.subject == f"Heard: an action you check is now due {_said(_day(60))}"
    for mail, name in ((to_lead, "Tom Hargreaves"), (to_checker, "Grace Okafor")):
        assert f"Hello {name}," in mail.body
        assert f"Action: {action.title}" in mail.body
        assert f"Was due: {_said(before)}" in mail.body and f"Now due: {_said(_day(60))}" in mail.body
        assert f"Why: {REASON}" in mail.body and "Changed by: Laura Finch" in mail.body
        assert reverse("governance:action", args=[action.id]) in mail.body
    event = AuditEvent.objects.for_org(org).get(verb="governance.action.due_date")
    assert event.changes["told"] == {"from": None, "to": ["Tom Hargreaves", "Grace Okafor"]}


def test_whoever_changed_it_is_not_told_their_own_change(
    org, team, loop, mailoutbox, django_capture_on_commit_callbacks
):
    action = loop["action"]
    gov.action_request_check(scope=team.scope("manager"), action_id=action.id, note="Audit running.")
    # The checker sends it back with a new date: the lead is told.
    with django_capture_on_commit_callbacks(execute=True):
        gov.action_check(
            scope=team.scope("quality"),
            action_id=action.id,
            impact_shown=False,
            note="Not fewer yet.",
            new_due_on=_day(45),
            due_reason=REASON,
        )
    assert [m.to for m in mailoutbox] == [[team.manager.user.email]]
    assert "Changed by: Grace Okafor" in mailoutbox[0].body

    # The lead answers a challenge with a new date: the checker is told.
    mailoutbox.clear()
    challenge = gov.challenge_raise(
        scope=team.scope("leader"), subject=ChallengeSubject.ACTION, action_id=action.id, question="Why late?"
    )
    with django_capture_on_commit_callbacks(execute=True):
        gov.challenge_respond(
            scope=team.scope("manager"),
            challenge_id=challenge.id,
            text="The carer starts later.",
            new_due_on=_day(75),
            due_reason="Start date moved.",
        )
    assert [m.to for m in mailoutbox] == [[team.quality.user.email]]
    assert f"Was due: {_said(_day(45))}" in mailoutbox[0].body and "Changed by: Tom Hargreaves" in mailoutbox[0].body


def test_nobody_who_cannot_sign_in_is_emailed(org, team, loop, laura, mailoutbox, django_capture_on_commit_callbacks):
    action = loop["action"]
    admin = person_with_role(org, Role.ADMINISTRATOR, all_services=True, full_name="Priya Shah")
    services_people.person_archive(scope=scope_of(admin), person=team.quality)  # the checker left
    team.manager.user.is_active = False  # and the lead lost their login
    team.manager.user.save(update_fields=["is_active"])

    with django_capture_on_commit_callbacks(execute=True):
        gov.action_due_date_change(scope=scope_of(laura), action_id=action.id, due_on=_day(60), reason=REASON)

    assert mailoutbox == []
    event = AuditEvent.objects.for_org(org).get(verb="governance.action.due_date")
    assert event.changes["told"] == {"from": None, "to": []}


def test_a_refused_change_tells_nobody(org, team, loop, laura, mailoutbox, django_capture_on_commit_callbacks):
    action = loop["action"]
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        gov.action_due_date_change(scope=scope_of(laura), action_id=action.id, due_on=_day(-3), reason=REASON)
    assert mailoutbox == []
