"""People named to take a step only they may take (an action's lead and verifier, the person a
challenge is addressed to) must be able to sign in; the pickers offer only them; and a quality lead
or an administrator hands such a step to someone else when the person named loses their login."""

import html
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from governance import selectors
from governance import services as gov
from governance.models import ActionStatus, ChallengeStatus, ChallengeSubject, Handover, HandoverPart
from governance.tests.conftest import action_input, scope_of, theme
from organisations.roles import Role
from organisations.tests.factories import person_with_role

pytestmark = pytest.mark.django_db

KWAME_CANNOT = (
    "Kwame Boateng cannot sign in to Heard, so could not mark this action done. Choose someone who can, "
    "or ask an administrator to give them a login."
)


@pytest.fixture
def kwame(org, services):
    """A manager at Rowan House without a login: recorded in Heard, never signing in."""
    return person_with_role(org, Role.SERVICE_MANAGER, services=[services[0]], login=False, full_name="Kwame Boateng")


def _lose_login(person):
    person.user.is_active = False
    person.user.save(update_fields=["is_active"])


def _words(response) -> str:
    """A page's words, without its tags."""
    return html.unescape(re.sub(r"<[^>]+>", "", response.content.decode()))


def _errors(exc) -> dict:
    return exc.value.message_dict


def test_an_action_is_not_given_to_a_lead_or_verifier_who_cannot_sign_in(org, services, team, kwame):
    qs = team.scope("quality")
    with pytest.raises(ValidationError) as exc:
        gov.action_create(scope=qs, data=action_input(team, lead_id=kwame.id, service_id=services[0].id))
    assert _errors(exc)["lead"] == [KWAME_CANNOT]

    _lose_login(team.manager)  # an administrator switched Tom's login off
    with pytest.raises(ValidationError) as exc:
        gov.action_create(
            scope=qs,
            data=action_input(team, lead_id=team.quality.id, verifier_id=team.manager.id, service_id=services[0].id),
        )
    assert (
        "Tom Hargreaves cannot sign in to Heard, so could not check that this action worked."
        in _errors(exc)["verifier"][0]
    )


def test_the_pickers_offer_only_people_who_can_sign_in_where_the_step_is_theirs_alone(
    client, org, services, team, kwame, loop
):
    qs = team.scope("quality")
    rowan = services[0]
    named = {p.full_name for p in selectors.people_for_service(scope=qs, service_id=rowan.id, signs_in=True)}
    everyone = {p.full_name for p in selectors.people_for_service(scope=qs, service_id=rowan.id)}
    assert "Kwame Boateng" in everyone and "Kwame Boateng" not in named
    assert "Tom Hargreaves" in named

    client.force_login(team.quality.user)
    new_action = client.get(reverse("governance:action-new")).content.decode()
    assert "Tom Hargreaves" in new_action and "Kwame Boateng" not in new_action
    decision = client.get(reverse("governance:decision-new", args=[loop["meeting"].id])).content.decode()
    assert "Tom Hargreaves" in decision and "Kwame Boateng" not in decision
    # The chair of a meeting is only recorded: anyone with a role there is offered.
    meeting = client.get(reverse("governance:meeting-new")).content.decode()
    assert "Kwame Boateng" in meeting


def test_a_challenge_goes_only_to_someone_who_can_answer_it(org, services, team, kwame, loop, framework):
    ls = team.scope("leader")
    with pytest.raises(ValidationError) as exc:
        gov.challenge_raise(
            scope=ls,
            subject=ChallengeSubject.THEME,
            theme_id=theme(org, "call-bells-and-responsiveness").id,
            service_id=services[0].id,
            addressed_to_id=kwame.id,
            question="Why do call bells still go unanswered?",
        )
    assert _errors(exc)["addressed_to"] == [
        "Kwame Boateng cannot sign in to Heard, so could not answer this challenge. Choose someone who can, "
        "or ask an administrator to give them a login."
    ]

    # The action's lead has lost their login since: the challenge would wait for ever, so it is refused.
    _lose_login(team.manager)
    with pytest.raises(ValidationError) as exc:
        gov.challenge_raise(scope=ls, subject=ChallengeSubject.ACTION, action_id=loop["action"].id, question="Why?")
    assert _errors(exc)["__all__"] == [
        "Tom Hargreaves cannot sign in to Heard, so could not answer this challenge. Ask a quality lead to hand "
        "the action to someone who can, or ask an administrator to give them a login."
    ]


def test_a_challenge_on_a_decision_goes_to_whoever_recorded_it_when_the_chair_cannot_sign_in(org, team, loop):
    _lose_login(team.quality)  # the chair; the decision was recorded by the quality lead too
    meeting = loop["meeting"]
    assert meeting.chair_id == team.quality.id
    with pytest.raises(ValidationError):
        gov.challenge_raise(
            scope=team.scope("leader"),
            subject=ChallengeSubject.DECISION,
            decision_id=loop["decision"].id,
            question="What did this change?",
        )
    # Chaired by someone without a login, recorded by someone with one: the recorder answers.
    ruth = person_with_role(org, Role.LEADER, all_services=True, login=False, full_name="Ruth Adeyemi")
    type(meeting).objects.for_org(org).filter(pk=meeting.pk).update(chair=ruth)
    team.quality.user.is_active = True
    team.quality.user.save(update_fields=["is_active"])
    asked = gov.challenge_raise(
        scope=team.scope("leader"),
        subject=ChallengeSubject.DECISION,
        decision_id=loop["decision"].id,
        question="What did this change?",
    )
    assert asked.addressed_to_id == team.quality.id


def test_a_quality_lead_hands_an_action_and_its_waiting_challenge_to_someone_who_can_sign_in(org, team, loop):
    action = loop["action"]
    asked = gov.challenge_raise(
        scope=team.scope("leader"), subject=ChallengeSubject.ACTION, action_id=action.id, question="Why late?"
    )
    _lose_login(team.manager)
    qs = team.scope("quality")
    other = person_with_role(org, Role.SERVICE_MANAGER, all_services=True, full_name="Laura Finch")

    with pytest.raises(PermissionDenied):  # a service manager does not hand work round
        gov.action_hand_over(
            scope=scope_of(team.beech_manager),
            action_id=action.id,
            part=HandoverPart.LEAD,
            to_person_id=other.id,
            reason="Tom has left.",
        )
    with pytest.raises(ValidationError) as exc:
        gov.action_hand_over(scope=qs, action_id=action.id, part=HandoverPart.LEAD, to_person_id=None, reason="")
    assert _errors(exc) == {"reason": ["Say why it is being handed over."], "to_person": ["Choose a person."]}
    with pytest.raises(ValidationError) as exc:
        gov.action_hand_over(
            scope=qs, action_id=action.id, part=HandoverPart.LEAD, to_person_id=team.quality.id, reason="Left."
        )
    assert _errors(exc)["to_person"] == ["The person who checks an action must not be its lead."]

    gov.action_hand_over(
        scope=qs, action_id=action.id, part=HandoverPart.LEAD, to_person_id=other.id, reason="His login was removed."
    )
    action.refresh_from_db()
    asked.refresh_from_db()
    assert action.lead_id == other.id and asked.addressed_to_id == other.id
    moves = list(Handover.objects.for_org(org).order_by("id").values_list("part", "from_person", "to_person", "who"))
    assert moves == [
        (HandoverPart.LEAD, team.manager.id, other.id, team.quality.id),
        (HandoverPart.ADDRESSED_TO, team.manager.id, other.id, team.quality.id),
    ]
    # The new lead takes the steps the old one could not.
    gov.challenge_respond(scope=scope_of(other), challenge_id=asked.id, text="Two nights were short-staffed.")
    done = gov.action_request_check(scope=scope_of(other), action_id=action.id, note="Night carer added.")
    assert done.status == ActionStatus.AWAITING_CHECK


def test_a_challenge_is_handed_on_only_while_it_waits_for_an_answer(org, team, loop):
    asked = gov.challenge_raise(
        scope=team.scope("leader"), subject=ChallengeSubject.ACTION, action_id=loop["action"].id, question="Why?"
    )
    qs = team.scope("quality")
    with pytest.raises(ValidationError) as exc:
        gov.challenge_hand_over(scope=qs, challenge_id=asked.id, to_person_id=team.manager.id, reason="Away.")
    assert _errors(exc)["to_person"] == ["Tom Hargreaves is asked to answer already: choose someone else."]
    moved = gov.challenge_hand_over(scope=qs, challenge_id=asked.id, to_person_id=team.quality.id, reason="Away.")
    assert moved.addressed_to_id == team.quality.id
    gov.challenge_respond(scope=qs, challenge_id=asked.id, text="Answered for the team.")
    with pytest.raises(ValidationError) as exc:
        gov.challenge_hand_over(scope=qs, challenge_id=asked.id, to_person_id=team.manager.id, reason="Back.")
    assert "not waiting for an answer" in _errors(exc)["__all__"][0]
    assert Handover.objects.for_org(org).get().reason == "Away."
    assert asked.__class__.objects.for_org(org).get(pk=asked.id).status == ChallengeStatus.ANSWERED


def test_the_action_page_says_who_cannot_sign_in_and_hands_it_over(client, org, team, loop):
    action = loop["action"]
    _lose_login(team.manager)
    client.force_login(team.quality.user)
    url = reverse("governance:action", args=[action.id])
    page = _words(client.get(url))
    assert "Tom Hargreaves (cannot sign in to Heard)" in page
    assert "Tom Hargreaves, its lead, cannot sign in to Heard, so could not mark this action done." in page
    assert "Hand this action to someone else" in page

    refused = _words(client.post(url, {"form": "handover", "handover-part": "lead"}))
    assert "Choose a person." in refused and "Say why it is being handed over." in refused

    other = person_with_role(org, Role.SERVICE_MANAGER, all_services=True, full_name="Laura Finch")
    done = client.post(
        url,
        {"form": "handover", "handover-part": "lead", "handover-to_person": other.id, "handover-reason": "Left."},
        follow=True,
    )
    page = _words(done)
    assert "The action has been handed to Laura Finch." in page
    assert "Handed from Tom Hargreaves to Laura Finch to lead it: Left." in page
    assert "cannot sign in to Heard" not in page

    # A service manager reads the page but is offered no handover.
    client.force_login(other.user)
    assert "Hand this action to someone else" not in client.get(url).content.decode()


def test_the_challenge_page_offers_the_handover_when_the_person_asked_cannot_sign_in(client, org, team, loop):
    asked = gov.challenge_raise(
        scope=team.scope("leader"), subject=ChallengeSubject.ACTION, action_id=loop["action"].id, question="Why?"
    )
    _lose_login(team.manager)
    client.force_login(team.quality.user)
    url = reverse("governance:challenge", args=[asked.id])
    page = _words(client.get(url))
    assert "Tom Hargreaves cannot sign in to Heard, so could not answer this challenge." in page
    done = client.post(
        url,
        {"form": "handover", "handover-to_person": team.quality.id, "handover-reason": "Login removed."},
        follow=True,
    )
    page = _words(done)
    assert "Handed from Tom Hargreaves to Grace Okafor to answer: Login removed." in page
    assert "Your answer" in page  # Grace may answer it now
