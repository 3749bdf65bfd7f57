"""A person may hold different roles at different services: each role counts only where it is held.

Before, permissions were checked on the roles held anywhere in the organisation, so a manager of
one home who was staff at another had a manager's rights over both, and a commissioner of one
service who worked at another read that service's comments.
"""

import datetime as dt

import pytest
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.urls import reverse

from feedback import export as feedback_export
from feedback import selectors as feedback_selectors
from feedback.models import Channel
from feedback.services import FeedbackInput, feedback_record
from governance import services as gov
from governance.models import Action, ActionSource
from governance.selectors import action_list
from governance.tests.conftest import action_input, scope_of
from organisations.models import RoleAssignment
from organisations.roles import Role
from organisations.scope import SESSION_SERVICE, Grant, system_scope
from organisations.tests.factories import person_with_role


def add_role(person, role, services):
    assignment = RoleAssignment.objects.for_org(person.organisation).create(
        organisation=person.organisation, person=person, role=role
    )
    assignment.services.set(services)


def record(scope, service, text, **fields):
    return feedback_record(
        scope=scope,
        data=FeedbackInput(
            service_id=service.id,
            channel=Channel.PHONE,
            received_on=dt.date(2026, 10, 1),
            comments=[("", text)],
            **fields,
        ),
    )


def test_a_scope_narrowed_to_a_permission_keeps_only_the_services_of_the_roles_that_grant_it(org, services):
    rowan, beech, _ = services
    person = person_with_role(org, Role.SERVICE_MANAGER, services=[rowan])
    add_role(person, Role.STAFF, [beech])
    scope = scope_of(person)
    assert scope.service_ids == {rowan.id, beech.id}
    assert set(scope.grants) == {
        Grant(Role.SERVICE_MANAGER, False, frozenset({rowan.id})),
        Grant(Role.STAFF, False, frozenset({beech.id})),
    }

    managing = scope.within(frozenset({Role.SERVICE_MANAGER, Role.QUALITY_LEAD}))
    assert managing.roles == {Role.SERVICE_MANAGER} and managing.service_ids == {rowan.id}
    assert not managing.all_services
    assert scope.within(frozenset({Role.LEADER})) is None

    assert scope.may(frozenset({Role.SERVICE_MANAGER}))
    assert scope.may(frozenset({Role.SERVICE_MANAGER}), rowan.id)
    assert not scope.may(frozenset({Role.SERVICE_MANAGER}), beech.id)
    # A record of the whole organisation needs a role over every service.
    assert not scope.may(frozenset({Role.SERVICE_MANAGER}), None)


def test_a_system_scope_keeps_every_service_when_narrowed(org, services):
    scope = system_scope(organisation=org)
    narrowed = scope.within(frozenset({Role.ADMINISTRATOR, Role.QUALITY_LEAD}))
    assert narrowed.all_services and narrowed.actor_label == scope.actor_label
    assert scope.within(frozenset({Role.STAFF})) is None


def test_a_manager_of_one_home_who_is_staff_at_another_manages_actions_only_at_the_first(org, services, team):
    rowan, beech, _ = services
    both = person_with_role(org, Role.SERVICE_MANAGER, services=[rowan], full_name="Nia Evans")
    add_role(both, Role.STAFF, [beech])
    quality = team.scope("quality")
    heard_at = {service: record(quality, service, "The call bell took ages") for service in (rowan, beech)}

    def action_at(service, lead):
        data = action_input(team, source=ActionSource.FEEDBACK, feedback_id=heard_at[service].id, lead_id=lead.id)
        return gov.action_create(scope=quality, data=data)

    at_rowan, at_beech = action_at(rowan, team.manager), action_at(beech, team.beech_manager)

    scope = scope_of(both)
    gov.action_withdraw(scope=scope, action_id=at_rowan.id, reason="Replaced by the new rota.")
    with pytest.raises(Action.DoesNotExist):  # as staff at Beech Court, not found to manage
        gov.action_withdraw(scope=scope, action_id=at_beech.id, reason="Not mine to stop.")
    with pytest.raises(PermissionDenied):  # nor may they add progress for its lead
        gov.action_update_add(scope=scope, action_id=at_beech.id, text="Done, I think.")
    assert Action.objects.for_org(org).get(pk=at_beech.id).is_active
    # Staff still read the governance record of the service they work at.
    assert at_beech.id in {a.id for a in action_list(scope=scope, today=dt.date.today())}


def test_personal_details_show_only_where_a_role_that_may_see_them_is_held(client, org, services, admin_scope):
    rowan, beech, _ = services
    both = person_with_role(org, Role.SERVICE_MANAGER, services=[rowan])
    add_role(both, Role.STAFF, [beech])
    jean = person_with_role(org, Role.PARTNER, services=[rowan, beech], login=False, full_name="Jean Taylor")
    details = {"person_id": jean.id, "wants_reply": True, "reply_method": "phone", "reply_contact": "07700 900123"}
    at_rowan = record(admin_scope, rowan, "Rowan was lovely", **details)
    at_beech = record(admin_scope, beech, "Beech was cold", **{**details, "reply_contact": "07700 900456"})

    client.force_login(both.user)
    rowan_page = client.get(reverse("feedback:detail", args=[at_rowan.id])).content.decode()
    beech_page = client.get(reverse("feedback:detail", args=[at_beech.id])).content.decode()
    assert "07700 900123" in rowan_page and "Jean Taylor" in rowan_page
    assert "Beech was cold" in beech_page  # staff read their service's feedback...
    assert "07700 900456" not in beech_page and "Jean Taylor" not in beech_page  # ...but not who gave it

    # Staff do not export feedback: only the service they manage is in their spreadsheet.
    table = feedback_export.feedback_export_rows(scope=scope_of(both))
    rows = {row[table.header.index("comment")]: row for row in table.rows}
    assert set(rows) == {"Rowan was lovely"}
    assert rows["Rowan was lovely"][table.header.index("reply contact")] == "07700 900123"


def test_a_commissioner_of_one_service_who_works_at_another_reads_comments_only_where_they_work(
    org, services, admin_scope
):
    rowan, beech, _ = services
    record(admin_scope, rowan, "Rowan comment")
    record(admin_scope, beech, "Beech comment")
    person = person_with_role(org, Role.COMMISSIONER, services=[rowan])
    add_role(person, Role.STAFF, [beech])

    found = feedback_selectors.feedback_list(scope=scope_of(person))
    assert [c.text for f in found for c in f.comments.all()] == ["Beech comment"]


def test_pages_work_while_looking_at_a_service_where_the_person_holds_a_lesser_role(client, org, services, team):
    from themes.services import framework_install

    framework_install(scope=system_scope(organisation=org), key="social-care")
    rowan, beech, _ = services
    both = person_with_role(org, Role.SERVICE_MANAGER, services=[rowan])
    add_role(both, Role.STAFF, [beech])
    client.force_login(both.user)
    session = client.session
    session[SESSION_SERVICE] = beech.id  # "Service you are looking at": Beech Court, where they are staff
    session.save()

    for name in ("organisations:home", "feedback:list", "feedback:capture", "governance:actions", "reports:index"):
        assert client.get(reverse(name)).status_code == 200, name

    # Adding an action offers only the service they manage; the monthly pack covers only that service.
    def main(response):  # the page itself, not the header's service switcher
        html = response.content.decode()
        return html[html.index("<main") :]

    new_action = main(client.get(reverse("governance:action-new")))
    assert "Rowan House</option>" in new_action and "Beech Court</option>" not in new_action
    pack = client.get(reverse("reports:monthly"))
    assert pack.status_code == 200
    assert "Rowan House" in main(pack) and "Beech Court" not in main(pack)


def test_a_partner_at_one_home_who_codes_at_another_is_offered_coding_only_there(client, org, services, admin_scope):
    from feedback.models import Comment
    from themes.services import framework_install

    framework = framework_install(scope=system_scope(organisation=org), key="social-care")
    rowan, beech, _ = services
    person = person_with_role(org, Role.PARTNER, services=[rowan])
    add_role(person, Role.STAFF, [beech])
    comment_at = {
        # Words the urgent check leaves alone: a flagged comment would be withheld from both roles.
        service: Comment.objects.for_org(org).get(
            # Agreed to be quoted: a partner reads only such feedback (ADR 0004).
            feedback=record(admin_scope, service, f"The garden at {service.name} is lovely", consent_to_quote=True)
        )
        for service in (rowan, beech)
    }
    client.force_login(person.user)

    def coding_page(service):
        url = reverse("themes:coding-comment", args=[framework.slug, comment_at[service].id])
        return client.get(url)

    assert 'name="themes" type="checkbox"' in coding_page(beech).content.decode()
    assert " disabled" not in coding_page(beech).content.decode().split('name="themes"')[1].split(">")[0]
    # At Rowan House they are a co-production partner, and partners do not open the coding pages
    # (ADR 0008): its comment is not among those they code, as one outside their services is not.
    assert coding_page(rowan).status_code == 404
    detail = client.get(reverse("feedback:detail", args=[comment_at[rowan].feedback_id])).content.decode()
    assert "Code this comment" not in detail
    detail = client.get(reverse("feedback:detail", args=[comment_at[beech].feedback_id])).content.decode()
    assert "Code this comment" in detail


def test_a_meetings_minutes_are_offered_for_recording_only_where_the_person_may_record(client, org, services, team):
    rowan, beech, _ = services
    both = person_with_role(org, Role.SERVICE_MANAGER, services=[rowan])
    add_role(both, Role.STAFF, [beech])
    quality = team.scope("quality")
    meetings = {
        s: gov.meeting_create(
            scope=quality, meeting_type="quality_safety", service_id=s.id, held_on=dt.date(2026, 6, 1)
        )
        for s in (rowan, beech)
    }
    client.force_login(both.user)
    pages = {s: client.get(reverse("governance:meeting", args=[m.id])).content.decode() for s, m in meetings.items()}
    assert "Record a decision" in pages[rowan] and 'name="item-heading"' in pages[rowan]
    assert "Record a decision" not in pages[beech] and 'name="item-heading"' not in pages[beech]
    with pytest.raises(ObjectDoesNotExist):  # the service layer does not find it where they are staff
        gov.meeting_item_add(scope=scope_of(both), meeting_id=meetings[beech].id, heading="Falls", notes="")
