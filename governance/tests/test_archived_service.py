"""The governance loop at a service that has closed: no meeting, decision, action or challenge of a
theme is started there, but an action opened there before it closed is still updated, checked and
closed, and the minutes of a meeting held there can still be completed (ADR 0009)."""

import datetime as dt
import html

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core import clock
from governance import services as gov
from governance.models import (
    Action,
    ActionStatus,
    Challenge,
    ChallengeStatus,
    ChallengeSubject,
    Decision,
    Meeting,
)
from organisations.forms import NOT_OFFERED
from organisations.roles import Role
from organisations.scope import system_scope
from organisations.services import service_archive
from organisations.tests.factories import ServiceFactory, person_with_role

from .conftest import action_input, scope_of, theme
from .test_api import LINK, call, token

CLOSED = "Rowan House has been archived, so "
OPEN_INSTEAD = "Choose a service that is open, or the whole organisation."


@pytest.fixture
def closed(org, services, loop):
    """The call bells loop at Rowan House (a meeting, its decision and an open action); then Rowan
    House closes."""
    service_archive(scope=system_scope(organisation=org), service=services[0])
    return loop


def refused(call_) -> dict:
    with pytest.raises(ValidationError) as caught:
        call_()
    return caught.value.message_dict


def test_no_meeting_decision_action_or_theme_challenge_is_started_at_a_closed_service(org, services, team, closed):
    rowan = services[0]
    quality = team.scope("quality")
    bells = theme(org, "call-bells-and-responsiveness")
    assert refused(
        lambda: gov.meeting_create(
            scope=quality, meeting_type="quality_safety", service_id=rowan.id, held_on=clock.today()
        )
    ) == {"service": [f"{CLOSED}no meeting is recorded there now. {OPEN_INSTEAD}"]}
    assert Meeting.objects.for_org(org).count() == 1

    assert refused(
        lambda: gov.decision_record(
            scope=quality,
            meeting_id=closed["meeting"].id,
            text="Add a second night carer.",
            evidence=gov.Evidence(theme_ids=[bells.id]),
        )
    ) == {"__all__": [f"{CLOSED}no decision is recorded at this meeting now."]}
    assert Decision.objects.for_org(org).count() == 1

    assert refused(
        lambda: gov.action_create(
            scope=quality, data=action_input(team, source="theme", theme_id=bells.id, service_id=rowan.id)
        )
    ) == {"service": [f"{CLOSED}no action is opened there now. {OPEN_INSTEAD}"]}
    # Nor from a decision of the whole organisation's meeting that names the closed service.
    board = gov.meeting_create(scope=quality, meeting_type="leadership", service_id=None, held_on=clock.today())
    assert refused(
        lambda: gov.decision_record(
            scope=quality,
            meeting_id=board.id,
            text="Every home answers bells within five minutes.",
            evidence=gov.Evidence(theme_ids=[bells.id]),
            actions=[action_input(team, service_id=rowan.id)],
        )
    ) == {"action_0_service": [f"{CLOSED}no action is opened there now. {OPEN_INSTEAD}"]}
    assert Action.objects.for_org(org).count() == 1

    assert refused(
        lambda: gov.challenge_raise(
            scope=team.scope("leader"),
            subject=ChallengeSubject.THEME,
            theme_id=bells.id,
            service_id=rowan.id,
            addressed_to_id=team.manager.id,
            question="Why are bells still slow?",
        )
    ) == {"service": [f"{CLOSED}no theme is challenged there now. {OPEN_INSTEAD}"]}


def test_an_open_action_at_a_closed_service_is_still_updated_challenged_checked_and_closed(org, services, team, closed):
    action = closed["action"]
    manager, quality, leader = team.scope("manager"), team.scope("quality"), team.scope("leader")
    gov.action_update_add(scope=manager, action_id=action.id, text="Night carer started before the home closed.")
    challenge = gov.challenge_raise(
        scope=leader, subject=ChallengeSubject.ACTION, action_id=action.id, question="Show me the impact."
    )
    gov.challenge_respond(scope=manager, challenge_id=challenge.id, text="The bell log is linked.")
    gov.challenge_conclude(scope=leader, challenge_id=challenge.id, satisfied=True, text="Thank you.")
    gov.action_request_check(scope=manager, action_id=action.id, note="Bells answered in four minutes.")
    gov.action_check(scope=quality, action_id=action.id, impact_shown=False, note="Show the last month too.")
    gov.action_request_check(scope=manager, action_id=action.id, note="The whole month is in the log.")
    gov.action_check(
        scope=quality,
        action_id=action.id,
        impact_shown=True,
        early_reason="Checked at once in this test.",
        note="Waits fell.",
        link=LINK,
    )
    assert Action.objects.for_org(org).get(pk=action.id).status == ActionStatus.CLOSED
    assert challenge.__class__.objects.for_org(org).get(pk=challenge.id).status == ChallengeStatus.SATISFIED
    # A decision made there before it closed may still be challenged, and the meeting's minutes completed.
    gov.challenge_raise(
        scope=leader, subject=ChallengeSubject.DECISION, decision_id=closed["decision"].id, question="Why so late?"
    )
    gov.meeting_item_add(scope=quality, meeting_id=closed["meeting"].id, heading="Night staffing")
    gov.meeting_attendance_record(
        scope=quality, meeting_id=closed["meeting"].id, person_id=team.partner.id, role="uses_services"
    )


def test_an_open_action_at_a_closed_service_is_still_updated_and_closed_through_the_api(client, org, team, closed):
    path = f"/actions/{closed['action'].id}"
    response = call(client, "post", f"{path}/updates", token(team.manager), {"text": "Started."})
    assert response.status_code == 201 and response.json()["status"] == ActionStatus.IN_PROGRESS
    gov.action_request_check(scope=team.scope("manager"), action_id=closed["action"].id, note="Done.")
    body = {"impact_shown": True, "early_reason": "Checked at once in this test.", "note": "Waits fell.", "link": LINK}
    response = call(client, "post", f"{path}/check", token(team.quality), body)
    assert response.status_code == 200 and response.json()["status"] == "closed"


def login(client, person):
    client.force_login(person.user)
    return client


def test_the_meeting_of_a_closed_service_offers_no_decision_and_says_why(client, org, services, team, closed):
    meeting, decision = closed["meeting"], closed["decision"]
    login(client, team.quality)
    body = client.get(reverse("governance:meeting", args=[meeting.id])).content.decode()
    assert reverse("governance:decision-new", args=[meeting.id]) not in body
    assert (
        "Rowan House has been archived, so no decision is recorded at this meeting now. Its record is kept here, "
        "and who took part and what was discussed can still be added."
    ) in body
    page = client.get(reverse("governance:decision", args=[decision.id])).content.decode()
    assert "Commission an audit from this decision" not in page
    assert "Record a priority this decision adopted" not in page
    assert (
        "Rowan House has been archived, so no audit or priority is started from this decision now. Its record is "
        "kept here, and the actions it opened can still be updated, checked and closed."
    ) in page

    # A form opened before the service closed and sent after is refused, naming it.
    response = client.post(
        reverse("governance:decision-new", args=[meeting.id]),
        {"text": "Add a second night carer.", "themes": [theme(org, "call-bells-and-responsiveness").id]},
    )
    assert response.status_code == 400
    assert f"{CLOSED}no decision is recorded at this meeting now." in response.content.decode()
    assert Decision.objects.for_org(org).count() == 1

    # Where a service is chosen for something new, the closed one is not offered.
    for name in ("governance:meeting-new", "governance:action-new"):
        form = client.get(reverse(name)).content.decode()
        assert ">Beech Court</option>" in form and "Rowan House" not in form
    # Nor is its decision offered as the one that commissions an audit.
    assert "Audit call bell response times" not in client.get(reverse("audits:plan")).content.decode()


def test_the_meeting_of_an_open_service_still_offers_a_decision(client, org, team, loop):
    """The same pages while the service is open, so the test above fails if nothing is hidden."""
    login(client, team.quality)
    body = client.get(reverse("governance:meeting", args=[loop["meeting"].id])).content.decode()
    assert reverse("governance:decision-new", args=[loop["meeting"].id]) in body
    assert "has been archived" not in body
    page = client.get(reverse("governance:decision", args=[loop["decision"].id])).content.decode()
    assert "Commission an audit from this decision" in page and "has been archived" not in page


def test_a_theme_challenge_sent_at_a_closed_service_is_refused_naming_it(client, org, services, team, closed):
    """A leader opens the theme page while Rowan House is open and sends the challenge after it closed."""
    url = reverse("governance:theme", args=["call-bells-and-responsiveness"])
    login(client, team.leader)
    page = client.get(url).content.decode()
    assert ">Beech Court</option>" in page and "Rowan House</option>" not in page  # not offered now
    sent = {"service": services[0].id, "addressed_to": team.manager.id, "question": "Why are bells still slow?"}
    response = client.post(url, sent)
    assert response.status_code == 400
    body = response.content.decode()
    assert f"{CLOSED}no theme is challenged there now. {OPEN_INSTEAD}" in body
    assert NOT_OFFERED not in body
    assert not Challenge.objects.for_org(org).exists()


def test_a_theme_challenge_at_a_closed_service_outside_the_leaders_scope_does_not_name_it(
    client, org, other_org, services, team, closed
):
    """Rowan House has closed; a leader of Beech Court alone, and a service of another organisation
    that has closed, are refused as any service they cannot choose, without a name."""
    elsewhere = ServiceFactory(organisation=other_org, name="Elm Lodge", archived_at=clock.now())
    beech_leader = person_with_role(org, Role.LEADER, services=[services[1]], full_name="Ruth Adeyemi")
    login(client, beech_leader)
    url = reverse("governance:theme", args=["call-bells-and-responsiveness"])
    for service in (services[0], elsewhere):
        sent = {"service": service.id, "addressed_to": team.beech_manager.id, "question": "Why so slow?"}
        response = client.post(url, sent)
        assert response.status_code == 400
        body = response.content.decode()
        assert NOT_OFFERED in body
        assert service.name not in body and "has been archived" not in body
    assert not Challenge.objects.for_org(org).exists()


def test_a_meeting_or_an_action_sent_at_a_closed_service_is_refused_naming_it(client, org, services, team, closed):
    """Forms opened while Rowan House was open and sent after it closed: the pages do not offer it now,
    and what is sent is refused in the service's words, not NOT_OFFERED."""
    login(client, team.quality)
    rowan = services[0]
    meeting = {"meeting_type": "quality_safety", "service": rowan.id, "held_on": clock.today().isoformat()}
    action = {
        "source": "theme",
        "theme": theme(org, "call-bells-and-responsiveness").id,
        "service": rowan.id,
        "action_title": "Answer call bells within five minutes",
        "action_lead": team.manager.id,
        "action_verifier": team.quality.id,
        "action_due_on": (clock.today() + dt.timedelta(days=30)).isoformat(),
    }
    for name, sent, said in (
        ("governance:meeting-new", meeting, "no meeting is recorded there now."),
        ("governance:action-new", action, "no action is opened there now."),
    ):
        url = reverse(name)
        assert "Rowan House</option>" not in client.get(url).content.decode()
        response = client.post(url, sent)
        body = response.content.decode()
        assert response.status_code == 400
        assert f"{CLOSED}{said}" in body and NOT_OFFERED not in body
    assert Meeting.objects.for_org(org).count() == 1
    assert Action.objects.for_org(org).count() == 1


def test_a_meeting_at_a_closed_service_outside_the_persons_scope_does_not_name_it(client, org, services, team, closed):
    beech = person_with_role(org, Role.SERVICE_MANAGER, services=[services[1]], full_name="Sian Rowlands")
    login(client, beech)
    sent = {"meeting_type": "quality_safety", "service": services[0].id, "held_on": clock.today().isoformat()}
    body = client.post(reverse("governance:meeting-new"), sent).content.decode()
    assert NOT_OFFERED in body and "Rowan House" not in body


def test_a_theme_challenge_at_a_closed_service_is_told_every_problem_at_once(client, org, services, team, closed):
    """The question left empty and a service closed since the page opened: both are said together,
    not the question first and the closed service only once it is filled in."""
    login(client, team.leader)
    url = reverse("governance:theme", args=["call-bells-and-responsiveness"])
    response = client.post(url, {"service": services[0].id, "addressed_to": team.manager.id, "question": "  "})
    body = response.content.decode()
    assert response.status_code == 400
    assert "Enter the question you are asking." in body
    assert f"{CLOSED}no theme is challenged there now. {OPEN_INSTEAD}" in body
    assert not Challenge.objects.for_org(org).exists()


def test_the_refusal_offers_the_whole_organisation_only_to_someone_offered_it(client, org, services, team, closed):
    """A manager of Rowan House and Beech Court, who does not cover every service, is not offered the
    whole organisation, so the refusal does not suggest it."""
    both = person_with_role(org, Role.SERVICE_MANAGER, services=services[:2], full_name="Priya Shah")
    login(client, both)
    url = reverse("governance:meeting-new")
    assert "The whole organisation" not in client.get(url).content.decode()
    sent = {"meeting_type": "quality_safety", "service": services[0].id, "held_on": clock.today().isoformat()}
    body = client.post(url, sent).content.decode()
    assert f"{CLOSED}no meeting is recorded there now. Choose a service that is open." in body
    assert "whole organisation" not in body
    assert refused(
        lambda: gov.action_create(
            scope=scope_of(both),
            data=action_input(
                team, source="theme", theme_id=theme(org, "call-bells-and-responsiveness").id, service_id=services[0].id
            ),
        )
    ) == {"service": [f"{CLOSED}no action is opened there now. Choose a service that is open."]}


def test_a_meeting_or_an_action_at_a_closed_service_is_told_every_problem_at_once(client, org, services, team, closed):
    """Fields left empty and a service closed since the page opened: each is said together, as the
    theme challenge does, not the empty fields first and the closed service only once they are filled."""
    login(client, team.quality)
    rowan = services[0]
    for name, sent, said, missing in (
        (
            "governance:meeting-new",
            {"meeting_type": "quality_safety", "service": rowan.id, "held_on": ""},
            "no meeting is recorded there now.",
            ["Enter the date of the meeting."],
        ),
        (
            "governance:action-new",
            {"source": "theme", "theme": theme(org, "call-bells-and-responsiveness").id, "service": rowan.id},
            "no action is opened there now.",
            ["Enter what is to be done.", "Choose the action's lead.", "Enter the date the action is due."],
        ),
    ):
        response = client.post(reverse(name), sent)
        body = html.unescape(response.content.decode())
        assert response.status_code == 400
        assert f"{CLOSED}{said} {OPEN_INSTEAD}" in body
        for problem in missing:
            assert problem in body
    assert Meeting.objects.for_org(org).count() == 1
    assert Action.objects.for_org(org).count() == 1


def test_a_date_that_is_not_a_date_is_told_with_the_closed_service_not_before_it(client, org, services, team, closed):
    """A date no browser sends (a date input sends a date or nothing) stopped the decision form on
    its own, so the person fixed it and only then learnt the meeting's service had closed. Every
    problem is said at once, on the new meeting and new action forms too."""
    login(client, team.quality)
    rowan, bells = services[0], theme(org, "call-bells-and-responsiveness")
    for url, sent, closed_words, not_a_date in (
        (
            reverse("governance:decision-new", args=[closed["meeting"].id]),
            {
                "text": "Add a night carer.",
                "themes": [bells.id],
                "action_title": "Recruit",
                "action_due_on": "31/13/2026",
            },
            f"{CLOSED}no decision is recorded at this meeting now.",
            "‘Due by’ must be a real date, like 31/01/2026",
        ),
        (
            reverse("governance:meeting-new"),
            {"meeting_type": "quality_safety", "service": rowan.id, "held_on": "2026-02-30"},
            f"{CLOSED}no meeting is recorded there now. {OPEN_INSTEAD}",
            "‘Date of the meeting’ must be a real date, like 31/01/2026",
        ),
        (
            reverse("governance:action-new"),
            {"source": "theme", "theme": bells.id, "service": rowan.id, "action_due_on": "next week"},
            f"{CLOSED}no action is opened there now. {OPEN_INSTEAD}",
            "‘Due by’ must be a real date, like 31/01/2026",
        ),
    ):
        response = client.post(url, sent)
        body = html.unescape(response.content.decode())
        assert response.status_code == 400, url
        assert closed_words in body, url
        assert not_a_date in body, url
    assert Decision.objects.for_org(org).count() == 1
    assert Meeting.objects.for_org(org).count() == 1 and Action.objects.for_org(org).count() == 1


def test_the_meeting_page_and_the_decision_refusal_say_one_sentence_from_one_place(
    client, org, team, closed, monkeypatch
):
    """The page of a closed service's meeting begins its note with the sentence a decision there is
    refused in, taken from where the refusal takes it: changed there, both change."""
    meeting = Meeting.objects.for_org(org).select_related("service").get(pk=closed["meeting"].id)
    login(client, team.quality)
    refusal = gov.decision_closed_refusal(scope=scope_of(team.quality), meeting=meeting)
    body = html.unescape(client.get(reverse("governance:meeting", args=[meeting.id])).content.decode())
    assert f"{refusal} Its record is kept here, and who took part" in body

    monkeypatch.setattr("governance.services.meetings.NO_DECISION", "no decision is taken at this meeting now")
    said = "Rowan House has been archived, so no decision is taken at this meeting now."
    assert gov.decision_closed_refusal(scope=scope_of(team.quality), meeting=meeting) == said
    body = html.unescape(client.get(reverse("governance:meeting", args=[meeting.id])).content.decode())
    assert f"{said} Its record is kept here" in body and "no decision is recorded" not in body
