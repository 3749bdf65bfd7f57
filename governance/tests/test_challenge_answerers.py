"""Who answers a leadership challenge: it is handed only to someone who answers for the service
(never the leader who asked it, a co-production partner or a commissioner), and taking it further
takes it upward, to someone above the person who answered, and nothing more is concluded on it until
they answer. A handover's reason keeps the names of the colleagues on the record."""

import pytest
from django.core.exceptions import ValidationError

from governance import services as gov
from governance.models import ChallengeEntryKind, ChallengeStatus, ChallengeSubject, Handover
from governance.tests.conftest import scope_of, theme
from organisations.roles import Role
from organisations.tests.factories import person_with_role

pytestmark = pytest.mark.django_db


def _asked(team, loop):
    return gov.challenge_raise(
        scope=team.scope("leader"), subject=ChallengeSubject.ACTION, action_id=loop["action"].id, question="Why late?"
    )


def _refused(call) -> dict:
    with pytest.raises(ValidationError) as exc:
        call()
    return exc.value.message_dict


# --- handed to someone who answers for the service ------------------------------------------------


def test_a_challenge_is_handed_only_to_someone_who_answers_for_its_service(org, services, team, loop):
    admin = person_with_role(org, Role.ADMINISTRATOR, all_services=True, full_name="Priya Shah")
    challenge = _asked(team, loop)
    offered = list(gov.answerers(org, challenge))
    # Its managers, quality leads and administrators; not the leader who asked, the partner, the
    # commissioner, or staff; nor the manager of another service.
    assert offered == [team.quality, admin, team.manager]

    def hand(person):
        return lambda: gov.challenge_hand_over(
            scope=team.scope("quality"), challenge_id=challenge.id, to_person_id=person.id, reason="On leave."
        )

    assert _refused(hand(team.leader))["to_person"] == [
        "David Mensah asked this challenge, so cannot answer it: choose someone else."
    ]
    assert _refused(hand(team.partner))["to_person"] == [
        "Margaret Wilson does not answer for Rowan House: choose one of its service managers, a quality lead "
        "or an administrator."
    ]
    assert "does not answer for Rowan House" in _refused(hand(team.staff))["to_person"][0]
    assert "commissioner" in _refused(hand(team.commissioner))["to_person"][0]
    assert Handover.objects.for_org(org).count() == 0
    done = hand(admin)()
    assert done.addressed_to == admin


def test_the_challenge_page_offers_only_those_it_may_be_handed_to(client, org, team, loop):
    challenge = _asked(team, loop)
    client.force_login(team.quality.user)
    page = client.get(f"/governance/challenges/{challenge.id}/").content.decode()
    form = page[page.index('name="handover-to_person"') :]
    form = form[: form.index("</select>")]
    assert "Grace Okafor" in form and "Tom Hargreaves" in form
    assert "David Mensah" not in form and "Margaret Wilson" not in form and "Helen Brooks" not in form


# --- taken further, upward -------------------------------------------------------------------------


def test_taking_it_further_goes_to_the_next_rank_up_and_waits_for_them(client, org, team, loop):
    challenge = _asked(team, loop)
    gov.challenge_respond(scope=team.scope("manager"), challenge_id=challenge.id, text="Recruitment.")
    assert gov.escalation_targets(org, challenge) == [team.quality]  # not Tom again, nor David himself

    taken = gov.challenge_conclude(scope=team.scope("leader"), challenge_id=challenge.id, satisfied=False, text="No.")
    assert taken.status == ChallengeStatus.ESCALATED and taken.addressed_to == team.quality
    [entry] = taken.entries.filter(kind=ChallengeEntryKind.ESCALATED)
    assert entry.escalated_to == team.quality

    # While the quality lead's answer waits, the leader neither closes it nor takes it further again.
    for satisfied in (True, False):
        assert _refused(
            lambda satisfied=satisfied: gov.challenge_conclude(
                scope=team.scope("leader"), challenge_id=challenge.id, satisfied=satisfied, text="Again."
            )
        )["__all__"] == [
            "This challenge has been taken further to Grace Okafor and is waiting for their answer: close it or "
            "take it further once they have answered."
        ]
    client.force_login(team.leader.user)
    page = client.get(f"/governance/challenges/{challenge.id}/").content.decode()
    assert "Close or escalate" not in page
    assert "Escalated to Grace Okafor" in page and "Taken further to Grace Okafor, who is to answer it." in page

    gov.challenge_respond(scope=team.scope("quality"), challenge_id=challenge.id, text="A carer starts Monday.")
    page = client.get(f"/governance/challenges/{challenge.id}/").content.decode()
    assert "Close or escalate" in page


def test_the_leader_may_choose_whom_above_and_no_one_else(org, team, loop):
    board = person_with_role(org, Role.LEADER, all_services=True, full_name="Ruth Adeyemi")
    admin = person_with_role(org, Role.ADMINISTRATOR, all_services=True, full_name="Priya Shah")
    challenge = _asked(team, loop)
    gov.challenge_respond(scope=team.scope("manager"), challenge_id=challenge.id, text="Recruitment.")
    assert gov.escalation_targets(org, challenge) == [team.quality, admin, board]

    def escalate(person):
        return lambda: gov.challenge_conclude(
            scope=team.scope("leader"), challenge_id=challenge.id, satisfied=False, text="No.", escalate_to_id=person.id
        )

    assert _refused(escalate(team.manager))["escalate_to"] == [
        "Tom Hargreaves was asked it already: take it further to someone above them."
    ]
    assert _refused(escalate(team.leader))["escalate_to"] == [
        "You asked this challenge: take it further to someone else."
    ]
    for person in (team.partner, team.staff, team.beech_manager, team.commissioner):
        assert "is not above Tom Hargreaves" in _refused(escalate(person))["escalate_to"][0]
    assert escalate(board)().addressed_to == board


def test_from_a_quality_lead_it_goes_to_a_leader_or_is_refused_if_there_is_none(org, services, team, framework):
    asked = gov.challenge_raise(
        scope=team.scope("leader"),
        subject=ChallengeSubject.THEME,
        theme_id=theme(org, "call-bells-and-responsiveness").id,
        service_id=services[0].id,
        addressed_to_id=team.quality.id,
        question="What has changed?",
    )
    gov.challenge_respond(scope=team.scope("quality"), challenge_id=asked.id, text="Not much.")
    person_with_role(org, Role.ADMINISTRATOR, all_services=True, full_name="Priya Shah")  # not above her
    assert _refused(
        lambda: gov.challenge_conclude(scope=team.scope("leader"), challenge_id=asked.id, satisfied=False, text="No.")
    )["escalate_to"] == [
        "There is no one above Grace Okafor who can sign in to answer it: ask an administrator to give a quality "
        "lead or a leader a login, or close the challenge."
    ]
    board = person_with_role(org, Role.LEADER, all_services=True, full_name="Ruth Adeyemi")
    done = gov.challenge_conclude(scope=team.scope("leader"), challenge_id=asked.id, satisfied=False, text="No.")
    assert done.addressed_to == board


# --- the reason keeps the colleagues' names ---------------------------------------------------------


def test_a_handover_reason_keeps_the_names_of_colleagues_on_the_record(org, services, team, loop):
    olivia = person_with_role(org, Role.SERVICE_MANAGER, services=[services[0]], full_name="Olivia Owen")
    challenge = gov.challenge_raise(
        scope=team.scope("leader"),
        subject=ChallengeSubject.THEME,
        theme_id=theme(org, "call-bells-and-responsiveness").id,
        service_id=services[0].id,
        addressed_to_id=olivia.id,
        question="Who tells families when a room moves?",
    )
    gov.challenge_hand_over(
        scope=team.scope("quality"),
        challenge_id=challenge.id,
        to_person_id=team.manager.id,
        reason="Olivia has left Beech Court; Tom Hargreaves covers. Mrs Owen said Jean Taylor's son knows more.",
    )
    [handover] = Handover.objects.for_org(org).filter(challenge=challenge)
    # The giver and receiver keep their names; a person who uses the service does not.
    assert (
        handover.reason == "Olivia has left Beech Court; Tom Hargreaves covers. Mrs Owen said [name]'s son knows more."
    )

    gov.action_hand_over(
        scope=scope_of(team.quality),
        action_id=loop["action"].id,
        part="lead",
        to_person_id=olivia.id,
        reason="Tom is on leave; Olivia leads it. Call Jean Taylor on 07700 900123.",
    )
    action_handover = Handover.objects.for_org(org).get(action=loop["action"])
    assert action_handover.reason == "Tom is on leave; Olivia leads it. Call [name] on [phone number]."
