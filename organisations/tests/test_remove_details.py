"""Removing the personal details of a person who uses services (ADR 0026): what goes, what stays,
who is refused and why, and that the audit log keeps the reason and none of their details."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from core import clock
from core.models import AuditEvent
from feedback.models import Feedback
from feedback.selectors import replies_owed, replies_waiting
from governance.models import Attendance, CoproductionParticipant
from organisations import services_people
from organisations.held import person_held
from organisations.models import Organisation, Person, RoleAssignment
from organisations.roles import Role
from organisations.services_removal import person_remove_details, removal_refusals, removed_label
from organisations.tests.factories import person_with_role
from organisations.tests.people_records import attend, give_feedback, take_part
from organisations.tests.words import page_words

NOW = dt.datetime(2026, 12, 5, 10, 0, tzinfo=dt.UTC)
REASON = "She asked us to remove her details."


def all_audit_text(org) -> str:
    return " ".join(f"{e.actor_label} {e.object_label} {e.changes}" for e in AuditEvent.objects.for_org(org))


def test_removing_keeps_what_they_took_part_in_and_nothing_that_names_them(org, services, team, margaret, admin_scope):
    given = give_feedback(team, margaret, services[0])
    meeting = attend(team, margaret, services[0])
    activity = take_part(team, [margaret, team.manager], services[0])
    assert "Margaret Wilson" in all_audit_text(org)  # her attendance and her record name her

    person = person_remove_details(scope=admin_scope, person=margaret, reason=REASON, now=NOW)

    person = Person.objects.for_org(org).get(pk=margaret.pk)
    assert person.full_name == "Person removed on 5 Dec 2026" == removed_label(dt.date(2026, 12, 5))
    assert (person.email, person.phone, person.job_title, person.communication_needs) == ("", "", "", [])
    assert person.archived_at == NOW and person.details_removed_at == NOW
    assert not RoleAssignment.objects.for_org(org).filter(person=person).exists()
    feedback = Feedback.objects.for_org(org).get(pk=given.pk)
    assert feedback.person is None and feedback.reply_contact == ""
    assert feedback.comments.get().text == "The night staff were kind to me."  # dealt with on its own page
    # What she took part in stays, counted, under the neutral name.
    assert Attendance.objects.for_org(org).get(meeting=meeting).person == person
    assert CoproductionParticipant.objects.for_org(org).filter(activity=activity).count() == 2
    # The audit log keeps the reason and none of her details, in old events or the new one.
    event = AuditEvent.objects.for_org(org).get(verb="organisations.person.remove_details")
    assert event.changes["reason"]["to"] == REASON
    assert event.changes["full_name"] == {"from": "(changed)", "to": "(changed)"}
    assert event.changes["feedback no longer linked to them"]["to"] == 1
    assert event.changes["roles"] == {"from": [Role.PARTNER], "to": []}
    text = all_audit_text(org)
    for detail in ("Margaret Wilson", "margaret@example.org", "01632 960 001"):
        assert detail not in text
    # What Heard holds about her now: no feedback, what she took part in.
    held = person_held(scope=admin_scope, person_id=person.id)
    counts = {g.group.key: g.count for g in held.groups}
    assert counts["feedback"] == 0 and counts["taking_part"] == 2


def test_the_name_is_taken_out_only_where_it_is_hers_whole(org, services, team, margaret, admin_scope):
    # Given Margaret Wilson-Hart, another partner, at the meeting Margaret Wilson attended
    meeting = attend(team, margaret, services[0])
    namesake = person_with_role(org, Role.PARTNER, services=[services[0]], full_name="Margaret Wilson-Hart")
    attend(team, namesake, services[0], meeting=meeting)

    person_remove_details(scope=admin_scope, person=margaret, reason=REASON, now=NOW)

    text = all_audit_text(org)
    assert "Margaret Wilson-Hart" in text and "Person removed on 5 Dec 2026-Hart" not in text
    assert "Margaret Wilson " not in text.replace("Margaret Wilson-Hart", "")


def test_refused_with_reasons_for_staff_and_anyone_with_a_login(org, services, team, admin_scope):
    reasons = removal_refusals(scope=admin_scope, person=team.staff)
    assert any("has a login" in r for r in reasons)
    assert any("is staff here" in r for r in reasons)
    with pytest.raises(ValidationError) as caught:
        person_remove_details(scope=admin_scope, person=team.partner, reason=REASON)
    assert "Margaret Wilson has a login" in " ".join(caught.value.messages)
    assert Person.objects.for_org(org).get(pk=team.partner.pk).full_name == "Margaret Wilson"
    assert not AuditEvent.objects.for_org(org).filter(verb="organisations.person.remove_details").exists()


def test_refused_for_staff_without_a_login(org, services, admin_scope):
    carer = person_with_role(org, Role.STAFF, services=[services[0]], login=False, full_name="Ade Bello")
    (reason,) = removal_refusals(scope=admin_scope, person=carer)
    assert reason.startswith("Ade Bello is staff here, not only a co-production partner")


def test_a_former_member_of_staff_is_kept_by_what_they_did_not_by_a_role_once_held(
    org, services, team, margaret, admin_scope
):
    # Aisha recorded Margaret's feedback, then left: archiving her ends her roles
    give_feedback(team, margaret, services[0])
    services_people.person_archive(scope=admin_scope, person=team.staff)
    aisha = Person.objects.for_org(org).get(pk=team.staff.pk)
    assert not RoleAssignment.objects.for_org(org).filter(person=aisha).exists()
    assert any("feedback they recorded (1)" in r for r in removal_refusals(scope=admin_scope, person=aisha))
    # Ade, staff without a login who did nothing in Heard and is named in nothing, once archived
    ade = person_with_role(org, Role.STAFF, services=[services[0]], login=False, full_name="Ade Bello")
    services_people.person_archive(scope=admin_scope, person=ade)
    assert removal_refusals(scope=admin_scope, person=Person.objects.for_org(org).get(pk=ade.pk)) == []


def test_a_partner_whose_role_was_taken_away_may_be_removed(org, services, margaret, admin_scope):
    services_people.role_remove(scope=admin_scope, assignment=RoleAssignment.objects.for_org(org).get(person=margaret))
    assert removal_refusals(scope=admin_scope, person=margaret) == []


def test_refused_for_someone_named_in_governance_work(org, services, margaret, admin_scope):
    Organisation.objects.filter(pk=org.pk).update(safeguarding_lead=margaret)
    (reason,) = removal_refusals(scope=admin_scope, person=margaret)
    assert "named in governance work" in reason and "named as the safeguarding lead (1)" in reason
    with pytest.raises(ValidationError):
        person_remove_details(scope=admin_scope, person=margaret, reason=REASON)
    assert Person.objects.for_org(org).get(pk=margaret.pk).details_removed_at is None


def test_someone_with_no_role_and_no_login_may_be_removed(org, services, admin_scope):
    person = person_with_role(org, Role.PARTNER, services=[services[0]], login=False, full_name="Bill Ames")
    RoleAssignment.objects.for_org(org).filter(person=person).delete()
    assert removal_refusals(scope=admin_scope, person=person) == []
    person_remove_details(scope=admin_scope, person=person, reason=REASON, now=NOW)
    assert Person.objects.for_org(org).get(pk=person.pk).full_name == "Person removed on 5 Dec 2026"


def test_a_reason_is_needed_and_nothing_changes_without_one(org, services, margaret, admin_scope):
    with pytest.raises(ValidationError) as caught:
        person_remove_details(scope=admin_scope, person=margaret, reason="  ")
    assert set(caught.value.message_dict) == {"reason"}
    assert Person.objects.for_org(org).get(pk=margaret.pk).full_name == "Margaret Wilson"


def test_removed_once_only(org, services, margaret, admin_scope):
    person_remove_details(scope=admin_scope, person=margaret, reason=REASON)
    person = Person.objects.for_org(org).get(pk=margaret.pk)
    assert removal_refusals(scope=admin_scope, person=person) == ["Their personal details have already been removed."]


@pytest.mark.parametrize("role", [Role.QUALITY_LEAD, Role.LEADER])
def test_only_administrators_of_every_service_remove(org, services, margaret, make_scope, role):
    for scope in (make_scope(role), make_scope(Role.ADMINISTRATOR, services=[services[0]])):
        with pytest.raises(PermissionDenied):
            person_remove_details(scope=scope, person=margaret, reason=REASON)
    assert Person.objects.for_org(org).get(pk=margaret.pk).details_removed_at is None


def test_another_organisations_administrator_does_not_find_them(org, other_org, services, margaret, make_scope):
    with pytest.raises(Person.DoesNotExist):
        person_remove_details(scope=make_scope(organisation=other_org), person=margaret, reason=REASON)
    assert Person.objects.for_org(org).get(pk=margaret.pk).details_removed_at is None


def test_the_confirmation_page_says_what_happens_and_removes(org, services, team, margaret, admin_scope, client):
    give_feedback(team, margaret, services[0])
    client.force_login(admin_scope.user)
    client.get(reverse("organisations:home"))
    url = reverse("organisations:person-remove", args=[margaret.id])
    page = client.get(url).content.decode()
    assert "This cannot be undone" in page and "1 piece of feedback they gave is no longer linked" in page
    assert reverse("organisations:person-held", args=[margaret.id]) + "#feedback" in page
    assert "Enter why their personal details are being removed" in client.post(url, {"reason": ""}).content.decode()
    response = client.post(url, {"reason": REASON})
    assert response.status_code == 302
    assert Person.objects.for_org(org).get(pk=margaret.pk).details_removed_at is not None


def test_the_confirmation_page_gives_the_reasons_it_is_refused(org, services, team, admin_scope, client):
    client.force_login(admin_scope.user)
    client.get(reverse("organisations:home"))
    url = reverse("organisations:person-remove", args=[team.staff.id])
    page = client.get(url).content.decode()
    assert "cannot be removed" in page and "has a login" in page and 'name="reason"' not in page
    client.post(url, {"reason": REASON})
    assert Person.objects.for_org(org).get(pk=team.staff.pk).details_removed_at is None


def test_a_reply_they_asked_for_no_longer_waits_once_nobody_can_reach_them(
    org, services, team, margaret, admin_scope, client
):
    # Margaret asked for a call back, and nobody has called yet
    asked = give_feedback(team, margaret, services[0])
    quality = team.scope("quality")
    assert list(replies_waiting(scope=quality)) == [asked]
    assert replies_owed(scope=quality, on=clock.today()).waiting == 1

    person_remove_details(scope=admin_scope, person=margaret, reason=REASON)

    # Nobody can reach her now: not on the list, not counted as owed or late, and her page says why
    assert list(replies_waiting(scope=quality)) == []
    assert replies_owed(scope=quality, on=clock.today()).waiting == 0
    client.force_login(team.quality.user)
    words = page_words(client.get(reverse("feedback:detail", args=[asked.id])).content.decode())
    assert f"By phone (contact details removed on {clock.today():%-d %B %Y})" in words
    assert "Record a reply" not in words and "A reply cannot be sent as recorded" not in words
