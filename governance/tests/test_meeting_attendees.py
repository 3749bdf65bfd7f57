"""Who a meeting offers as someone who took part. Who a person is and which service they use is
personal data: a manager recording a meeting at one service is never shown, and cannot record, the
people who use another service, nor a commissioner who does not commission the meeting's service."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core import clock
from governance import selectors
from governance import services as gov
from governance.models import Attendance
from organisations.roles import Role
from organisations.tests.factories import person_with_role

from .conftest import scope_of


@pytest.fixture
def people(org, services):
    rowan, beech, homecare = services
    return {
        "rowan resident": person_with_role(org, Role.PARTNER, services=[rowan], full_name="Margaret Wilson"),
        "beech carer": person_with_role(org, Role.PARTNER, services=[beech], full_name="Jean Taylor"),
        "home care client": person_with_role(
            org, Role.PARTNER, services=[homecare], login=False, full_name="Bernard Hughes"
        ),
        "beech staff": person_with_role(org, Role.STAFF, services=[beech], full_name="Ben Brown"),
        "quality lead": person_with_role(org, Role.QUALITY_LEAD, all_services=True, full_name="Grace Okafor"),
        "leader": person_with_role(org, Role.LEADER, all_services=True, full_name="David Mensah"),
        "rowan commissioner": person_with_role(org, Role.COMMISSIONER, services=[rowan], full_name="Helen Brooks"),
        "home care commissioner": person_with_role(org, Role.COMMISSIONER, services=[homecare], full_name="Asha Patel"),
    }


@pytest.fixture
def rowan_manager(org, services):
    return person_with_role(org, Role.SERVICE_MANAGER, services=[services[0]], full_name="Tom Hargreaves")


@pytest.fixture
def meeting(services, rowan_manager):
    return gov.meeting_create(
        scope=scope_of(rowan_manager),
        meeting_type="quality_safety",
        service_id=services[0].id,
        held_on=clock.today(),
        chair_id=rowan_manager.id,
    )


OUTSIDERS = ("beech carer", "home care client", "beech staff", "home care commissioner")
OFFERED = ("rowan resident", "quality lead", "leader", "rowan commissioner")


def test_a_meeting_offers_only_people_at_its_service_and_those_who_cover_every_service(people, rowan_manager, meeting):
    offered = set(
        selectors.meeting_attendee_choices(scope=scope_of(rowan_manager), meeting=meeting).values_list(
            "full_name", flat=True
        )
    )
    assert offered == {people[k].full_name for k in OFFERED} | {"Tom Hargreaves"}


def test_the_meeting_page_never_names_people_who_use_another_service(client, people, rowan_manager, meeting):
    client.force_login(rowan_manager.user)
    body = client.get(reverse("governance:meeting", args=[meeting.id])).content.decode()
    assert "Record someone who took part" in body
    for key in OFFERED:
        assert people[key].full_name in body, key
    for key in OUTSIDERS:
        assert people[key].full_name not in body, key


def test_recording_someone_from_another_service_is_refused_and_never_listed(
    client, org, people, rowan_manager, meeting
):
    scope = scope_of(rowan_manager)
    for key in OUTSIDERS:
        with pytest.raises(ValidationError) as caught:
            gov.meeting_attendance_record(
                scope=scope, meeting_id=meeting.id, person_id=people[key].id, role="uses_services"
            )
        [message] = caught.value.message_dict["person"]
        assert message == "Choose someone who has a role at Rowan House or across the whole organisation."
    # Not even a quality lead, who sees every service, may put them in this meeting's minutes.
    with pytest.raises(ValidationError):
        gov.meeting_attendance_record(
            scope=scope_of(people["quality lead"]),
            meeting_id=meeting.id,
            person_id=people["home care client"].id,
            role="uses_services",
        )
    # Through the page, the person is not a choice at all.
    client.force_login(rowan_manager.user)
    response = client.post(
        reverse("governance:meeting", args=[meeting.id]),
        {"form": "attendance", "attendance-person": people["beech carer"].id, "attendance-role": "uses_services"},
    )
    assert response.status_code == 400
    assert not Attendance.objects.for_org(org).filter(meeting=meeting).exists()
    # Those at the meeting's service, and a commissioner of it, are recorded and listed.
    for key in ("rowan resident", "rowan commissioner"):
        gov.meeting_attendance_record(scope=scope, meeting_id=meeting.id, person_id=people[key].id, role="member")
    body = client.get(reverse("governance:meeting", args=[meeting.id])).content.decode()
    saved = set(Attendance.objects.for_org(org).filter(meeting=meeting).values_list("person__full_name", flat=True))
    assert saved == {"Margaret Wilson", "Helen Brooks"}
    for key in OUTSIDERS:
        assert people[key].full_name not in body, key


def test_a_meeting_about_the_whole_organisation_may_record_anyone_with_a_role(org, people):
    quality = scope_of(people["quality lead"])
    whole = gov.meeting_create(
        scope=quality,
        meeting_type="leadership",
        service_id=None,
        held_on=clock.today(),
        chair_id=people["leader"].id,
    )
    offered = set(selectors.meeting_attendee_choices(scope=quality, meeting=whole).values_list("full_name", flat=True))
    assert {people[k].full_name for k in OFFERED + OUTSIDERS} <= offered
    gov.meeting_attendance_record(
        scope=quality, meeting_id=whole.id, person_id=people["home care client"].id, role="uses_services"
    )
