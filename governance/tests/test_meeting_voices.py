"""A meeting that no one who uses services took part in (nor anyone who cares for someone who does, nor
a co-production partner in any role) says so on its record and at the top of its pack, as a note, as
a quorum would be noted: it never stops the meeting recording what it decided."""

import pytest
from django.urls import reverse

from core import clock
from governance import selectors
from governance import services as gov
from organisations.roles import Role
from organisations.tests.factories import person_with_role
from organisations.tests.words import page_words, read_as

from .conftest import theme

NOTE = "No one who uses services took part in this meeting."


@pytest.fixture
def meeting(services, team, framework):
    return gov.meeting_create(
        scope=team.scope("quality"), meeting_type="quality_safety", service_id=services[0].id, held_on=clock.today()
    )


def attend(team, meeting, person, role, *, present=True):
    gov.meeting_attendance_record(
        scope=team.scope("quality"), meeting_id=meeting.id, person_id=person.id, role=role, present=present
    )


def shown(client, person, meeting) -> dict[str, str]:
    pages = read_as(
        client,
        person,
        {
            "record": reverse("governance:meeting", args=[meeting.id]),
            "pack": reverse("governance:meeting-pack", args=[meeting.id]),
        },
    )
    return {name: page_words(html) for name, html in pages.items()}


def took_part(team, meeting):
    scope = team.scope("quality")
    return selectors.lived_experience_took_part(
        scope=scope, meeting=selectors.meeting_get(scope=scope, meeting_id=meeting.id)
    )


def test_a_meeting_no_one_who_uses_services_took_part_in_says_so_and_still_decides(
    client, org, services, team, meeting
):
    # Given staff took part in Rowan House's meeting, and Margaret, a partner, sent her apologies
    attend(team, meeting, team.manager, "chair")
    attend(team, meeting, team.staff, "member")
    attend(team, meeting, team.partner, "uses_services", present=False)

    # Then its record and its pack say that no one who uses services took part, to staff and partners alike
    assert took_part(team, meeting) is False
    for person in (team.quality, team.partner):
        pages = shown(client, person, meeting)
        assert f"Who took part Information: {NOTE} Nobody recorded as being there uses services" in pages["record"]
        assert NOTE in pages["pack"]
        assert pages["pack"].index(NOTE) < pages["pack"].index("1. New and rising themes")

    # And it is a note, not a bar: the meeting still records what it decided
    client.force_login(team.quality.user)
    assert "Record a decision" in page_words(
        client.get(reverse("governance:meeting", args=[meeting.id])).content.decode()
    )
    gov.decision_record(
        scope=team.scope("quality"),
        meeting_id=meeting.id,
        text="Review the night rota.",
        evidence=gov.Evidence(theme_ids=[theme(org, "call-bells-and-responsiveness").id]),
    )
    assert meeting.decisions.count() == 1


@pytest.mark.parametrize("role", ["uses_services", "family_or_advocate"])
def test_someone_there_who_uses_services_or_cares_for_someone_who_does_takes_the_note_away(client, team, meeting, role):
    attend(team, meeting, team.staff, "member")
    attend(team, meeting, team.partner, role)
    assert took_part(team, meeting) is True
    pages = shown(client, team.quality, meeting)
    assert NOTE not in pages["record"] and NOTE not in pages["pack"]


def test_a_partner_there_in_another_role_counts_as_someone_who_uses_services(client, org, services, team, meeting):
    # Jean, a family carer and co-production partner at Rowan House, sat on the meeting as a member
    jean = person_with_role(org, Role.PARTNER, services=[services[0]], full_name="Jean Taylor")
    attend(team, meeting, team.staff, "member")
    attend(team, meeting, jean, "member")
    assert took_part(team, meeting) is True
    assert NOTE not in shown(client, team.quality, meeting)["record"]


def test_a_meeting_with_no_one_recorded_as_taking_part_says_nothing_either_way(client, team, meeting):
    # Its pack is read before the meeting, when no one has been recorded yet: Heard does not presume
    assert took_part(team, meeting) is None
    pages = shown(client, team.quality, meeting)
    assert NOTE not in pages["record"] and NOTE not in pages["pack"]
    assert "No attendance has been recorded." in pages["record"]
