"""Open work held by people who cannot sign in, in one place for quality leads and administrators:
the actions they lead, the checks they were to make and the challenges they were to answer, each
with a way to hand it over; counted on the home page; read over the viewer's services only."""

import html
import re
from dataclasses import dataclass

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core import clock
from governance import selectors
from governance import services as gov
from governance.models import ChallengeSubject, HandoverPart
from governance.reminders import reminder_digests, reminders_send
from governance.tests.conftest import action_input, scope_of, theme
from organisations import services_people
from organisations.models import Person
from organisations.roles import Role
from organisations.tests.factories import person_with_role

pytestmark = pytest.mark.django_db

BELLS = "call-bells-and-responsiveness"


def _words(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


def _lose_login(person):
    person.user.is_active = False
    person.user.save(update_fields=["is_active"])


def _theme_action(team, org, service, *, title, lead, verifier):
    return gov.action_create(
        scope=team.scope("quality"),
        data=action_input(
            team,
            title=title,
            lead_id=lead.id,
            verifier_id=verifier.id,
            service_id=service.id,
            source="theme",
            theme_id=theme(org, BELLS).id,
        ),
    )


@dataclass
class Waiting:
    leading: object  # Tom's open action at Rowan House; his login switched off
    to_check: object  # Grace's done action at Rowan House, to be checked by Olivia, who left
    to_answer: object  # a challenge on a theme at Rowan House put to Olivia
    beech: object  # Sian's open action at Beech Court; her login removed altogether
    olivia: Person


@pytest.fixture
def waiting(org, services, team, loop) -> Waiting:
    rowan, beech = services[0], services[1]
    admin = person_with_role(org, Role.ADMINISTRATOR, all_services=True, full_name="Priya Shah")
    olivia = person_with_role(org, Role.SERVICE_MANAGER, services=[rowan], full_name="Olivia Owen")
    leader = team.scope("leader")
    # Done and waiting for its check: the check is Olivia's, whatever becomes of its lead.
    to_check = _theme_action(team, org, rowan, title="Call-bell rota", lead=team.quality, verifier=olivia)
    gov.action_request_check(scope=team.scope("quality"), action_id=to_check.id, note="Rota in place.")
    to_answer = gov.challenge_raise(
        scope=leader,
        subject=ChallengeSubject.THEME,
        theme_id=theme(org, BELLS).id,
        service_id=rowan.id,
        addressed_to_id=olivia.id,
        question="Why do call bells still ring for ten minutes at night?",
    )
    # Tom's: one open (waiting on him), one done (waiting on Grace), one challenge he answered.
    done = _theme_action(team, org, rowan, title="Night carer hired", lead=team.manager, verifier=team.quality)
    gov.action_request_check(scope=team.scope("manager"), action_id=done.id, note="In post.")
    answered = gov.challenge_raise(scope=leader, subject=ChallengeSubject.ACTION, action_id=done.id, question="Who?")
    gov.challenge_respond(scope=team.scope("manager"), challenge_id=answered.id, text="A carer from the bank.")
    beech_action = _theme_action(
        team, org, beech, title="Beech Court bells", lead=team.beech_manager, verifier=team.quality
    )
    services_people.person_archive(scope=scope_of(admin), person=olivia)
    _lose_login(team.manager)
    Person.objects.for_org(org).filter(pk=team.beech_manager.pk).update(user=None)
    return Waiting(loop["action"], to_check, to_answer, beech_action, olivia)


def test_a_quality_lead_sees_all_open_work_held_by_people_who_cannot_sign_in(client, team, waiting):
    held = selectors.held_by_people_who_cannot_sign_in(scope=team.scope("quality"))
    assert [a.id for a in held.leading] == [waiting.leading.id, waiting.beech.id]
    assert [a.id for a in held.to_check] == [waiting.to_check.id]
    assert [c.id for c in held.to_answer] == [waiting.to_answer.id]

    client.force_login(team.quality.user)
    page = _words(client.get(reverse("governance:handovers")))
    assert "4 pieces of work are waiting to be handed over." in page
    assert "Tom Hargreaves Had their login removed" in page
    assert "Olivia Owen Has left" in page
    assert "Sian Rowlands Has no login" in page
    # Each with the way to hand it over: the form on its own page.
    content = client.get(reverse("governance:handovers")).content.decode()
    for url in (
        reverse("governance:action", args=[waiting.leading.id]) + "?hand_over=lead",
        reverse("governance:action", args=[waiting.to_check.id]) + "?hand_over=verifier",
        reverse("governance:challenge", args=[waiting.to_answer.id]),
    ):
        assert f'href="{url}#hand-over"' in content
    # Done and waiting for a check Grace can make; a challenge Tom already answered: nothing waits on him.
    assert "Night carer hired" not in page and "Who?" not in page


def test_the_list_is_scoped_to_the_services_where_the_viewer_hands_work_over(client, org, services, team, waiting):
    rowan_lead = person_with_role(org, Role.QUALITY_LEAD, services=[services[0]], full_name="Rowan Lead")
    held = selectors.held_by_people_who_cannot_sign_in(scope=scope_of(rowan_lead))
    assert [a.id for a in held.leading] == [waiting.leading.id]  # not Beech Court's
    assert len(held) == 3

    # Everyone else is refused, not shown an empty list.
    for name in ("leader", "staff", "commissioner", "partner"):
        person = getattr(team, name)
        with pytest.raises(PermissionDenied):
            selectors.held_by_people_who_cannot_sign_in(scope=scope_of(person))
        client.force_login(person.user)
        assert client.get(reverse("governance:handovers")).status_code == 403, name
        assert selectors.held_count(scope=scope_of(person)) == 0


def test_handing_one_over_takes_it_off_the_list(client, org, services, team, waiting):
    client.force_login(team.quality.user)
    url = reverse("governance:action", args=[waiting.leading.id])
    other = person_with_role(org, Role.SERVICE_MANAGER, services=[services[0]], full_name="Laura Finch")
    client.post(
        url,
        {
            "form": "handover",
            "handover-part": HandoverPart.LEAD,
            "handover-to_person": other.id,
            "handover-reason": "Left.",
        },
    )
    held = selectors.held_by_people_who_cannot_sign_in(scope=team.scope("quality"))
    assert waiting.leading.id not in [a.id for a in held.leading] and len(held) == 3
    assert "3 pieces of work are waiting" in _words(client.get(reverse("governance:handovers")))


def test_the_home_page_counts_the_work_and_links_to_the_list(client, org, services, team, waiting):
    client.force_login(team.quality.user)
    home = _words(client.get(reverse("organisations:home")))
    assert "Work to hand over" in home
    assert "4 pieces of open work are held by people who cannot sign in to Heard" in home
    assert reverse("governance:handovers") in client.get(reverse("organisations:home")).content.decode()
    # A leader is not counted work that is not theirs to hand over.
    client.force_login(team.leader.user)
    assert "Work to hand over" not in _words(client.get(reverse("organisations:home")))


def test_nothing_held_says_so_and_the_home_page_is_quiet(client, team, loop):
    client.force_login(team.quality.user)
    assert "Nothing is waiting to be handed over." in _words(client.get(reverse("governance:handovers")))
    assert "Work to hand over" not in _words(client.get(reverse("organisations:home")))


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_list_and_the_home_page_make_the_same_queries_however_long_the_list(client, org, services, team, waiting):
    client.force_login(team.quality.user)
    client.get(reverse("organisations:home"))  # the first request records the chosen organisation
    page, home = _queries(client, reverse("governance:handovers")), _queries(client, reverse("organisations:home"))
    laura = person_with_role(org, Role.SERVICE_MANAGER, services=[services[0]], full_name="Laura Finch")
    for n in range(6):
        _theme_action(team, org, services[0], title=f"More bells {n}", lead=laura, verifier=team.quality)
        gov.challenge_raise(
            scope=team.scope("leader"),
            subject=ChallengeSubject.THEME,
            theme_id=theme(org, BELLS).id,
            service_id=services[0].id,
            addressed_to_id=laura.id,
            question=f"Why {n}?",
        )
    _lose_login(laura)
    assert len(selectors.held_by_people_who_cannot_sign_in(scope=team.scope("quality"))) == 16
    assert _queries(client, reverse("governance:handovers")) == page
    assert _queries(client, reverse("organisations:home")) == home


def test_the_daily_reminder_tells_quality_leads_and_administrators_how_much_waits(org, services, team, waiting):
    rowan_lead = person_with_role(org, Role.QUALITY_LEAD, services=[services[0]], full_name="Rowan Lead")
    digests = {d.person.full_name: d for d in reminder_digests(organisation=org, today=clock.today())}
    assert digests["Grace Okafor"].to_hand_over == 4
    assert digests["Priya Shah"].to_hand_over == 4  # the administrator, with nothing else waiting
    assert digests["Rowan Lead"].to_hand_over == 3  # not Beech Court's
    assert all(
        not d.to_hand_over for name, d in digests.items() if name not in {"Grace Okafor", "Priya Shah", "Rowan Lead"}
    )

    mail.outbox = []
    reminders_send(organisation=org, today=clock.today())
    body = next(m.body for m in mail.outbox if m.to == [rowan_lead.user.email])
    assert (
        "Open work held by people who cannot sign in to Heard, waiting to be handed to someone who can: 3 pieces."
        in body
    )
    assert reverse("governance:handovers") in body
    # A count and a link: not who cannot sign in, nor what they held.
    assert "Olivia" not in body and "Tom Hargreaves" not in body and "call bells" not in body.lower()
    # and nobody who cannot sign in is emailed links they could not open: Olivia left, Tom's login is off
    sent_to = {address for m in mail.outbox for address in m.to}
    assert digests["Olivia Owen"].to_check == [waiting.to_check]  # she has work, but is not reminded of it
    assert waiting.olivia.user.email not in sent_to
    assert rowan_lead.user.email in sent_to and team.quality.user.email in sent_to


def test_a_challenge_waiting_for_a_lead_who_left_is_listed_once_under_the_action(client, org, team, waiting):
    # Given a leader asked Tom about the open action he leads, before his login was switched off
    team.manager.user.is_active = True
    team.manager.user.save(update_fields=["is_active"])
    challenge = gov.challenge_raise(
        scope=team.scope("leader"), subject=ChallengeSubject.ACTION, action_id=waiting.leading.id, question="Why late?"
    )
    _lose_login(team.manager)

    # Then the list names the challenge under the action, not among the challenges as well
    held = selectors.held_by_people_who_cannot_sign_in(scope=team.scope("quality"))
    assert [a.id for a in held.leading] == [waiting.leading.id, waiting.beech.id]
    assert held.with_the_lead == {waiting.leading.id: [challenge]}
    assert [c.id for c in held.to_answer] == [waiting.to_answer.id]
    # And it is counted once, the same on the page, the home page and in the daily reminder
    assert len(held) == selectors.held_count(scope=team.scope("quality")) == 4
    digests = {d.person.full_name: d for d in reminder_digests(organisation=org, today=clock.today())}
    assert digests["Grace Okafor"].to_hand_over == 4
    client.force_login(team.quality.user)
    response = client.get(reverse("governance:handovers"))
    page, content = _words(response), response.content.decode()
    assert "4 pieces of work are waiting to be handed over." in page
    assert (
        "Answer call bells within five minutes A leadership challenge waits for the lead's answer, and goes "
        "with the lead when it is handed over: Why late? Service Rowan House Lead Tom Hargreaves" in page
    )
    assert content.count(reverse("governance:challenge", args=[challenge.id])) == 1

    # When the action's lead is handed over, the challenge goes with it and nothing of it is left to hand
    gov.action_hand_over(
        scope=team.scope("quality"),
        action_id=waiting.leading.id,
        part=HandoverPart.LEAD,
        to_person_id=person_with_role(org, Role.SERVICE_MANAGER, services=[waiting.leading.service]).id,
        reason="Tom has left.",
    )
    held = selectors.held_by_people_who_cannot_sign_in(scope=team.scope("quality"))
    assert held.with_the_lead == {} and challenge.id not in [c.id for c in held.to_answer]
    assert len(held) == selectors.held_count(scope=team.scope("quality")) == 3


def test_a_challenge_to_a_lead_who_left_on_an_action_waiting_for_its_check_is_listed_as_a_challenge(org, team, waiting):
    """Done and waiting for its check, the action is not the lead's to do: it is not on the list, so the
    challenge waiting for its old lead's answer is, among the challenges."""
    done = _theme_action(team, org, waiting.leading.service, title="Bell log", lead=team.staff, verifier=team.quality)
    challenge = gov.challenge_raise(
        scope=team.scope("leader"), subject=ChallengeSubject.ACTION, action_id=done.id, question="Where is the log?"
    )
    gov.action_request_check(scope=team.scope("staff"), action_id=done.id, note="Log kept.")
    _lose_login(team.staff)
    held = selectors.held_by_people_who_cannot_sign_in(scope=team.scope("quality"))
    assert done.id not in [a.id for a in held.leading]
    assert challenge.id in [c.id for c in held.to_answer] and held.with_the_lead == {}
    assert len(held) == selectors.held_count(scope=team.scope("quality")) == 5
