"""Who holds a challenge that needs handing over: only the person who must answer it, while it waits
for their answer, whatever their role. The person who raised it holds nothing: a leader, or a lay board
member who is also a co-production partner, who left leaves no challenge to hand over (ADR 0009's
addendum on who holds a challenge)."""

import pytest

from governance import selectors
from governance import services as gov
from governance.models import ChallengeSubject
from governance.tests.conftest import action_input, scope_of
from organisations import services_people
from organisations.models import RoleAssignment
from organisations.roles import Role
from organisations.tests.factories import person_with_role

pytestmark = pytest.mark.django_db


def _held(team):
    held = selectors.held_by_people_who_cannot_sign_in(scope=team.scope("quality"))
    return [c.id for c in held.to_answer], selectors.held_count(scope=team.scope("quality"))


@pytest.fixture
def admin(org):
    return person_with_role(org, Role.ADMINISTRATOR, all_services=True, full_name="Priya Shah")


def test_a_challenge_raised_by_a_partner_on_the_board_who_left_is_not_work_to_hand_over(
    org, services, team, loop, admin
):
    # A lay board member, a leader who also uses the service as a co-production partner.
    ruth = person_with_role(org, Role.LEADER, all_services=True, full_name="Ruth Adeyemi")
    partner_role = RoleAssignment.objects.for_org(org).create(organisation=org, person=ruth, role=Role.PARTNER)
    partner_role.services.set([services[0]])
    waiting = gov.challenge_raise(
        scope=scope_of(ruth), subject=ChallengeSubject.ACTION, action_id=loop["action"].id, question="Why late?"
    )
    answered = gov.challenge_raise(
        scope=scope_of(ruth),
        subject=ChallengeSubject.DECISION,
        decision_id=loop["decision"].id,
        question="What did residents say?",
    )
    gov.challenge_respond(scope=team.scope("quality"), challenge_id=answered.id, text="They were asked.")
    services_people.person_archive(scope=scope_of(admin), person=ruth)

    # Tom is to answer one, and the other waits for a leader: any leader may close it, not only Ruth.
    assert _held(team) == ([], 0)
    closed = gov.challenge_conclude(scope=team.scope("leader"), challenge_id=answered.id, satisfied=True, text="Ok.")
    assert closed.status == "satisfied" and waiting.addressed_to == team.manager


def test_a_partner_who_must_answer_and_left_holds_the_challenge(org, services, team, loop, admin):
    # A co-production partner leads a co-produced action, and so answers the challenge on it.
    action = gov.action_create(
        scope=team.scope("quality"),
        data=action_input(
            team,
            title="Residents' call-bell survey",
            lead_id=team.partner.id,
            service_id=services[0].id,
            decision_id=loop["decision"].id,
        ),
    )
    challenge = gov.challenge_raise(
        scope=team.scope("leader"), subject=ChallengeSubject.ACTION, action_id=action.id, question="When?"
    )
    services_people.person_archive(scope=scope_of(admin), person=team.partner)

    held = selectors.held_by_people_who_cannot_sign_in(scope=team.scope("quality"))
    # Listed once, under the action whose lead it goes with (ADR 0009), and counted once.
    assert [a.id for a in held.leading] == [action.id]
    assert held.with_the_lead == {action.id: [challenge]} and held.to_answer == []
    assert selectors.held_count(scope=team.scope("quality")) == 1

    # Handing her action's lead on hands the challenge to its new lead too: nothing is left.
    gov.action_hand_over(
        scope=team.scope("quality"), action_id=action.id, part="lead", to_person_id=team.staff.id, reason="Left."
    )
    assert _held(team) == ([], 0)
