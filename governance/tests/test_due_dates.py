"""A new due date is agreed with a reason and kept with the date before it: by the verifier who sends
an action back, by its lead answering a challenge, or by the lead's manager or a quality lead. Overdue
counts use the date that holds; a past period's report, the date that held then (ADR 0009's addendum
on due dates)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.services import api_token_create
from core import clock
from core.models import AuditEvent
from governance import selectors
from governance import services as gov
from governance.models import ActionStatus, ChallengeSubject, DueDateChange
from organisations.tests.factories import api_call
from reports import oversight

from .conftest import action_input, days_back

REASON = "The night carer starts next month; agreed at the review."


def _later(days: int) -> dt.date:
    return clock.today() + dt.timedelta(days=days)


def _late_action(team, loop):
    """An action opened 40 days ago and due 30 days ago: overdue now."""
    return gov.action_create(
        scope=team.scope("quality"),
        data=action_input(
            team,
            service_id=loop["meeting"].service_id,
            source="decision",
            decision_id=loop["decision"].id,
            due_on=clock.today() - dt.timedelta(days=30),
        ),
        now=days_back(40),
    )


def test_the_verifier_sends_it_back_with_a_new_date_and_the_old_one_is_kept(client, org, team, loop):
    action = loop["action"]
    first_due = action.due_on
    gov.action_request_check(scope=team.scope("manager"), action_id=action.id, note="Audit running.")
    gov.action_check(
        scope=team.scope("quality"),
        action_id=action.id,
        impact_shown=False,
        note="Not fewer yet.",
        new_due_on=_later(60),
        due_reason=REASON,
    )
    action.refresh_from_db()
    assert (action.status, action.due_on) == (ActionStatus.IN_PROGRESS, _later(60))
    [change] = DueDateChange.objects.for_org(org).filter(action=action)
    assert (change.from_due_on, change.to_due_on, change.reason, change.who) == (
        first_due,
        _later(60),
        REASON,
        team.quality,
    )
    event = AuditEvent.objects.for_org(org).get(verb="governance.action.due_date")
    assert event.changes["due_on"] == {"from": first_due.isoformat(), "to": _later(60).isoformat()}
    client.force_login(team.partner.user)
    page = client.get(reverse("governance:action", args=[action.id])).content.decode()
    assert f"Due date changed from {first_due.day} {first_due:%B %Y} to" in page and "agreed at the review" in page


def test_a_new_date_without_a_reason_or_in_the_past_is_refused_and_nothing_is_saved(org, team, loop):
    action = loop["action"]
    gov.action_request_check(scope=team.scope("manager"), action_id=action.id, note="Audit running.")
    with pytest.raises(ValidationError) as refused:
        gov.action_check(
            scope=team.scope("quality"),
            action_id=action.id,
            impact_shown=False,
            note="Not fewer yet.",
            new_due_on=clock.today() - dt.timedelta(days=1),
        )
    assert set(refused.value.message_dict) == {"new_due_on", "new_reason"}
    action.refresh_from_db()
    assert action.status == ActionStatus.AWAITING_CHECK
    assert not DueDateChange.objects.for_org(org).exists()


def test_the_lead_answering_a_challenge_agrees_a_new_date(org, team, loop):
    action = loop["action"]
    challenge = gov.challenge_raise(
        scope=team.scope("leader"), subject=ChallengeSubject.ACTION, action_id=action.id, question="Why so slow?"
    )
    gov.challenge_respond(
        scope=team.scope("manager"),
        challenge_id=challenge.id,
        text="Waiting for the new carer.",
        new_due_on=_later(45),
        due_reason=REASON,
    )
    action.refresh_from_db()
    assert action.due_on == _later(45)
    assert DueDateChange.objects.for_org(org).get(action=action).who == team.manager


def test_only_the_leads_manager_or_a_quality_lead_changes_it_on_its_own(client, org, team, loop):
    action = _late_action(team, loop)
    today = clock.today()
    overdue = selectors.ActionFilters(status="overdue")
    assert action in selectors.action_list(scope=team.scope("quality"), today=today, filters=overdue)
    for name in ("manager", "leader", "staff"):  # the lead itself, a leader, staff
        with pytest.raises(PermissionDenied):
            gov.action_due_date_change(scope=team.scope(name), action_id=action.id, due_on=_later(14), reason=REASON)
    raw = api_token_create(scope=team.scope("leader"), name="tests")[1]
    body = {"due_on": _later(14).isoformat(), "reason": REASON}
    assert api_call(client, "post", f"/api/governance/actions/{action.id}/due-date", raw, body).status_code == 403
    # Rowan House has no manager but its lead, so the lead's manager is the quality lead.
    client.force_login(team.quality.user)
    url = reverse("governance:action", args=[action.id])
    assert "Agree a new due date" in client.get(url).content.decode()
    response = client.post(
        url, {"form": "due_date", "due_date-new_due_on": _later(14).isoformat(), "due_date-new_reason": REASON}
    )
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.due_on == _later(14)
    # Overdue counts use the date that holds now.
    assert action not in selectors.action_list(scope=team.scope("quality"), today=today, filters=overdue)


def test_a_past_periods_report_uses_the_due_date_that_held_then(org, team, loop):
    action = _late_action(team, loop)
    gov.action_due_date_change(
        scope=team.scope("quality"), action_id=action.id, due_on=_later(14), reason=REASON, now=days_back(10)
    )
    then = days_back(20)  # the end of a period before the new date was agreed
    [fact] = [f for f in oversight.actions_until(scope=team.scope("quality"), end=then) if f.id == action.id]
    assert fact.due_on == clock.today() - dt.timedelta(days=30)
    assert fact.overdue_on(clock.day_of(then))
    [fact] = [f for f in oversight.actions_until(scope=team.scope("quality"), end=clock.now()) if f.id == action.id]
    assert fact.due_on == _later(14) and not fact.overdue_on(clock.today())
