"""A meeting that no one who uses services took part in (nor anyone who cares for someone who does, nor
a co-production partner in any role) says so on its record and at the top of its pack, as a note, as
a quorum would be noted: it never stops the meeting recording what it decided."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.services import api_token_create
from core import clock
from governance import selectors
from governance import services as gov
from organisations.roles import Role
from organisations.tests.factories import api_call, person_with_role
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


# --- the list of meetings and the API say it of every meeting --------------------------------------

TAG = "No one who uses services took part"


@pytest.fixture
def kinds(org, services, team, framework):
    """Rowan House's meetings, one of each kind of attendance, by what each says of who took part."""
    jean = person_with_role(org, Role.PARTNER, services=[services[0]], full_name="Jean Taylor")
    made = {}
    for days_ago, (name, there) in enumerate(
        [
            ("staff only", [(team.manager, "chair", True), (team.staff, "member", True)]),
            ("apologies only", [(team.partner, "uses_services", False)]),
            ("with a partner", [(team.staff, "member", True), (team.partner, "uses_services", True)]),
            ("partner as a member", [(team.staff, "member", True), (jean, "member", True)]),
            ("a family carer", [(team.staff, "member", True), (team.partner, "family_or_advocate", True)]),
            ("nobody recorded", []),
        ]
    ):
        made[name] = gov.meeting_create(
            scope=team.scope("quality"),
            meeting_type="quality_safety",
            service_id=services[0].id,
            held_on=clock.today() - dt.timedelta(days=days_ago),
            title=name,
        )
        for person, role, present in there:
            attend(team, made[name], person, role, present=present)
    return made


EXPECTED = {
    "staff only": False,
    "apologies only": False,
    "with a partner": True,
    "partner as a member": True,
    "a family carer": True,
    "nobody recorded": None,
}


def test_the_list_of_meetings_reads_who_took_part_as_the_meeting_s_record_does(team, kinds):
    scope = team.scope("quality")
    listed = {m.title: m.lived_experience for m in selectors.meeting_list(scope=scope)}
    assert listed == EXPECTED
    # One rule: the record's own reading agrees, meeting by meeting
    assert {name: took_part(team, m) for name, m in kinds.items()} == EXPECTED
    assert {
        name: selectors.meeting_get(scope=scope, meeting_id=m.id).lived_experience for name, m in kinds.items()
    } == (EXPECTED)


def test_the_list_of_meetings_tags_those_no_one_who_uses_services_took_part_in(client, team, kinds):
    for person in (team.quality, team.partner):
        html = read_as(client, person, {"list": reverse("governance:meetings")})["list"]
        rows = {
            title: page_words(row)
            for row in html.split('<tr class="nhsuk-table__row">')[1:]
            for title in EXPECTED
            if f"{title}</span>" in row
        }
        assert {title: TAG in words for title, words in rows.items()} == {
            title: took is False for title, took in EXPECTED.items()
        }
    # Said in words, inside the row's "People there" cell, not by a colour alone
    assert f"People there 2 {TAG}" in rows["staff only"]
    # And the count beside it reads the same rule: Jean, a partner sitting as a member, is counted
    assert "People there 2, including 1 who uses services" in rows["partner as a member"]
    assert {title: "including" in words for title, words in rows.items()} == {
        title: took is True for title, took in EXPECTED.items()
    }


def test_the_api_says_whether_people_who_use_services_took_part(client, team, kinds):
    raw = api_token_create(scope=team.scope("leader"), name="tests")[1]
    listed = api_call(client, "get", "/api/governance/meetings", raw).json()
    assert {m["title"]: m["people_who_use_services_took_part"] for m in listed} == EXPECTED
    for name, meeting in kinds.items():
        detail = api_call(client, "get", f"/api/governance/meetings/{meeting.id}", raw).json()
        assert detail["people_who_use_services_took_part"] is EXPECTED[name]
    described = client.get("/api/openapi.json").json()["components"]["schemas"]["MeetingOut"]["properties"]
    assert "people_who_use_services_took_part" in described


def test_the_api_s_list_of_meetings_asks_as_many_questions_however_many_meetings(
    client, services, team, kinds, django_assert_num_queries
):
    raw = api_token_create(scope=team.scope("leader"), name="tests")[1]
    path = "/api/governance/meetings"
    api_call(client, "get", path, raw)
    with CaptureQueriesContext(connection) as before:
        assert len(api_call(client, "get", path, raw).json()) == len(EXPECTED)
    for _ in range(4):
        meeting = gov.meeting_create(
            scope=team.scope("quality"), meeting_type="quality_safety", service_id=services[0].id, held_on=clock.today()
        )
        attend(team, meeting, team.staff, "member")
    with django_assert_num_queries(len(before.captured_queries)):
        assert len(api_call(client, "get", path, raw).json()) == len(EXPECTED) + 4
