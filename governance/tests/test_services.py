"""The governance loop's rules, through its services: evidence, sign-off, challenge, scoping, audit."""

import datetime as dt

import pytest
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from core import clock
from core.models import AuditEvent
from governance import selectors
from governance import services as gov
from governance.models import (
    Action,
    ActionStatus,
    ActionStatusChange,
    ActionUpdate,
    Attendance,
    ChallengeStatus,
    ChallengeSubject,
    Citation,
    Decision,
)
from organisations.roles import Role
from organisations.tests.factories import ServiceFactory, person_with_role

from .conftest import action_input, hear, scope_of, theme

LINK = "https://heard.example.org/feedback/?theme=call-bells"


def test_a_concern_goes_from_decision_to_a_checked_action_with_every_step_recorded(org, team, loop):
    action = loop["action"]
    lead, verifier = team.scope("manager"), team.scope("quality")
    assert action.lead == team.manager and action.verifier == team.quality and action.status == ActionStatus.OPEN
    assert {c.kind for c in Citation.objects.for_org(org).filter(decision=loop["decision"])} == {"theme", "feedback"}

    gov.action_update_add(scope=lead, action_id=action.id, text="Weekly audit started; night carer recruited.")
    gov.action_request_check(scope=lead, action_id=action.id, note="Both done since April.")
    gov.action_check(
        scope=verifier,
        action_id=action.id,
        impact_shown=True,
        early_reason="Checked at once in this test.",
        note="Complaints fell from 9 to 1.",
        link=LINK,
    )

    action.refresh_from_db()
    assert action.status == ActionStatus.CLOSED
    assert (action.checked_by, action.impact_link) == (team.quality, LINK)
    changes = list(ActionStatusChange.objects.for_org(org).filter(action=action).order_by("id"))
    assert [(c.from_status, c.to_status, c.who) for c in changes] == [
        ("", "open", team.quality),
        ("open", "in_progress", team.manager),
        ("in_progress", "awaiting_check", team.manager),
        ("awaiting_check", "closed", team.quality),
    ]
    verbs = set(AuditEvent.objects.for_org(org).values_list("verb", flat=True))
    assert {
        "governance.meeting.create",
        "governance.decision.record",
        "governance.action.create",
        "governance.action.update",
        "governance.action.request_check",
        "governance.action.check",
    } <= verbs


def test_an_action_cannot_be_closed_without_evidence_of_impact(org, team, loop):
    action = loop["action"]
    gov.action_request_check(scope=team.scope("manager"), action_id=action.id, note="Done.")
    with pytest.raises(ValidationError) as caught:
        gov.action_check(
            scope=team.scope("quality"),
            action_id=action.id,
            impact_shown=True,
            early_reason="Checked at once in this test.",
            note="",
            link="",
        )
    assert set(caught.value.message_dict) == {"note", "link"}
    with pytest.raises(ValidationError) as caught:
        gov.action_check(
            scope=team.scope("quality"),
            action_id=action.id,
            impact_shown=True,
            early_reason="Checked at once in this test.",
            note="Better.",
            link="",
        )
    assert "link" in caught.value.message_dict
    with pytest.raises(ValidationError):
        gov.action_check(
            scope=team.scope("quality"),
            action_id=action.id,
            impact_shown=True,
            early_reason="Checked at once in this test.",
            note="Better.",
            link="not a link",
        )
    action.refresh_from_db()
    assert action.status == ActionStatus.AWAITING_CHECK
    # Nor around the service: the database refuses a closed action with no evidence or sign-off.
    with pytest.raises(IntegrityError), transaction.atomic():
        Action.objects.for_org(org).filter(pk=action.pk).update(status=ActionStatus.CLOSED)


def test_an_action_is_not_checked_by_its_own_lead(org, team, loop):
    action = loop["action"]
    with pytest.raises(ValidationError) as caught:
        gov.action_create(
            scope=team.scope("quality"),
            data=action_input(team, verifier_id=team.manager.id, decision_id=loop["decision"].id),
        )
    assert "verifier" in caught.value.message_dict
    with pytest.raises(PermissionDenied):
        gov.action_check(
            scope=team.scope("manager"),
            action_id=action.id,
            impact_shown=True,
            early_reason="Checked at once in this test.",
            note="Done.",
            link=LINK,
        )
    # Someone else who manages actions is not the verifier either.
    with pytest.raises(PermissionDenied):
        gov.action_check(
            scope=team.scope("leader"),
            action_id=action.id,
            impact_shown=True,
            early_reason="Checked at once in this test.",
            note="Done.",
            link=LINK,
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Action.objects.for_org(org).filter(pk=action.pk).update(verifier=team.manager)
    with pytest.raises(IntegrityError), transaction.atomic():
        Action.objects.for_org(org).filter(pk=action.pk).update(
            status=ActionStatus.CLOSED,
            checked_by=team.manager,
            checked_at=clock.now(),
            impact_note="x",
            impact_link=LINK,
        )


def test_a_check_without_impact_sends_the_action_back_with_the_reason(org, team, loop):
    action = loop["action"]
    gov.action_request_check(scope=team.scope("manager"), action_id=action.id, note="Done.")
    gov.action_check(
        scope=team.scope("quality"), action_id=action.id, impact_shown=False, note="Complaints are still rising."
    )
    action.refresh_from_db()
    assert action.status == ActionStatus.IN_PROGRESS and action.checked_by is None
    last = ActionStatusChange.objects.for_org(org).filter(action=action).latest("id")
    assert last.note == "Complaints are still rising." and last.who == team.quality


def test_records_are_appended_never_changed(org, team, loop):
    update = gov.action_update_add(scope=team.scope("manager"), action_id=loop["action"].id, text="Started.")
    update.text = "Something else"
    with pytest.raises(ValueError):
        update.save()
    with pytest.raises(ValueError):
        loop["decision"].delete()
    assert ActionUpdate.objects.for_org(org).get(pk=update.pk).text == "Started."


def test_a_decision_must_cite_evidence_it_may_see_at_its_service(org, services, team, loop, framework):
    qs = team.scope("quality")
    meeting = loop["meeting"]
    with pytest.raises(ValidationError) as caught:
        gov.decision_record(scope=qs, meeting_id=meeting.id, text="Do better.", evidence=gov.Evidence())
    assert "__all__" in caught.value.message_dict
    elsewhere = hear(team.quality, services[1], "food-and-drink", days_ago=[3])
    with pytest.raises(ValidationError) as caught:
        gov.decision_record(
            scope=qs,
            meeting_id=meeting.id,
            text="Do better.",
            evidence=gov.Evidence(feedback_ids=[elsewhere[0].id, 999999]),
        )
    assert "Rowan House" in caught.value.message_dict["feedback"][0]
    assert Decision.objects.for_org(org).count() == 1


def test_a_decision_can_cite_an_earlier_decision_and_the_earlier_one_shows_what_came_of_it(org, team, loop):
    later = gov.decision_record(
        scope=team.scope("quality"),
        meeting_id=loop["meeting"].id,
        text="Extend the night carer to Beech Court next quarter.",
        evidence=gov.Evidence(decision_ids=[loop["decision"].id]),
    )
    earlier = selectors.decision_get(scope=team.scope("quality"), decision_id=loop["decision"].id)
    assert [c.decision_id for c in earlier.cited_by.all()] == [later.id]
    assert [a.id for a in earlier.actions.all()] == [loop["action"].id]


def test_every_decision_citing_a_theme_is_found_across_framework_versions(org, team, loop, framework):
    found = selectors.decisions_citing_theme(
        scope=team.scope("leader"), framework=framework, code="call-bells-and-responsiveness"
    )
    assert list(found) == [loop["decision"]]
    assert not selectors.decisions_citing_theme(
        scope=team.scope("leader"), framework=framework, code="food-and-drink"
    ).exists()


def test_attendance_records_people_who_use_services_and_how_they_were_supported(org, team, loop):
    qs = team.scope("quality")
    with pytest.raises(ValidationError) as caught:
        gov.meeting_attendance_record(
            scope=qs, meeting_id=loop["meeting"].id, person_id=team.partner.id, role="uses_services", supported=True
        )
    assert "support" in caught.value.message_dict
    gov.meeting_attendance_record(
        scope=qs,
        meeting_id=loop["meeting"].id,
        person_id=team.partner.id,
        role="uses_services",
        supported=True,
        support="Large-print papers a week before; a taxi both ways.",
    )
    with pytest.raises(ValidationError):
        gov.meeting_attendance_record(scope=qs, meeting_id=loop["meeting"].id, person_id=team.partner.id, role="member")
    [row] = Attendance.objects.for_org(org).filter(meeting=loop["meeting"])
    assert row.has_lived_experience and row.support.startswith("Large-print")
    listed = selectors.meeting_list(scope=qs).get(pk=loop["meeting"].pk)
    assert (listed.present_count, listed.lived_count) == (1, 1)


def test_a_leader_challenges_the_lead_answers_and_the_leader_closes_or_escalates(org, team, loop):
    action = loop["action"]
    with pytest.raises(PermissionDenied):
        gov.challenge_raise(
            scope=team.scope("quality"), subject=ChallengeSubject.ACTION, action_id=action.id, question="Why?"
        )
    challenge = gov.challenge_raise(
        scope=team.scope("leader"), subject=ChallengeSubject.ACTION, action_id=action.id, question="Why is this late?"
    )
    assert challenge.addressed_to == team.manager and challenge.service_id == action.service_id
    with pytest.raises(ValidationError):  # nothing to be satisfied with yet
        gov.challenge_conclude(scope=team.scope("leader"), challenge_id=challenge.id, satisfied=True, text="Fine.")
    with pytest.raises(PermissionDenied):
        gov.challenge_respond(scope=team.scope("quality"), challenge_id=challenge.id, text="Not mine to answer.")
    gov.challenge_respond(scope=team.scope("manager"), challenge_id=challenge.id, text="Recruitment took longer.")
    gov.challenge_conclude(scope=team.scope("leader"), challenge_id=challenge.id, satisfied=False, text="To the board.")
    # Taken upward: the quality lead, above the manager who answered, is asked it now.
    gov.challenge_respond(scope=team.scope("quality"), challenge_id=challenge.id, text="Now started, see update.")
    done = gov.challenge_conclude(scope=team.scope("leader"), challenge_id=challenge.id, satisfied=True, text="Good.")
    assert done.status == ChallengeStatus.SATISFIED
    assert [e.kind for e in done.entries.all()] == ["response", "escalated", "response", "satisfied"]
    on_decision = gov.challenge_raise(
        scope=team.scope("leader"),
        subject=ChallengeSubject.DECISION,
        decision_id=loop["decision"].id,
        question="Impact?",
    )
    assert on_decision.addressed_to == team.quality  # the chair
    on_theme = gov.challenge_raise(
        scope=team.scope("leader"),
        subject=ChallengeSubject.THEME,
        theme_id=theme(org, "food-and-drink").id,
        service_id=loop["meeting"].service_id,
        addressed_to_id=team.manager.id,
        question="Food keeps coming up. What is the plan?",
    )
    assert on_theme.addressed_to == team.manager
    unresolved = selectors.challenge_list(scope=team.scope("leader"), unresolved_only=True)
    assert set(unresolved) == {on_decision, on_theme}


def test_only_the_lead_or_their_manager_adds_progress_and_only_the_lead_asks_for_the_check(org, team, loop):
    with pytest.raises(PermissionDenied):
        gov.action_update_add(scope=team.scope("staff"), action_id=loop["action"].id, text="I did it.")
    with pytest.raises(PermissionDenied):
        gov.action_request_check(scope=team.scope("quality"), action_id=loop["action"].id, note="Done.")
    # The verifier is not the lead's manager, though a quality lead (test_who_adds_progress).
    with pytest.raises(PermissionDenied):
        gov.action_update_add(scope=team.scope("quality"), action_id=loop["action"].id, text="Started.")
    gov.action_update_add(scope=team.scope("manager"), action_id=loop["action"].id, text="Started.")


@pytest.mark.parametrize("role", [Role.STAFF, Role.PARTNER, Role.COMMISSIONER])
def test_roles_that_do_not_record_meetings_cannot(org, services, team, role, framework):
    person = person_with_role(org, role, services=[services[0]])
    with pytest.raises(PermissionDenied):
        gov.meeting_create(
            scope=scope_of(person), meeting_type="quality_safety", service_id=services[0].id, held_on=clock.today()
        )


def test_commissioners_see_no_governance_records(org, team, loop):
    with pytest.raises(PermissionDenied):
        selectors.action_list(scope=team.scope("commissioner"), today=clock.today())
    with pytest.raises(PermissionDenied):
        selectors.meeting_list(scope=team.scope("commissioner"))


def test_nobody_outside_the_service_sees_or_changes_any_of_it(org, services, team, loop):
    beech = team.scope("beech_manager")
    ids = {"meeting": loop["meeting"].id, "decision": loop["decision"].id, "action": loop["action"].id}
    challenge = gov.challenge_raise(
        scope=team.scope("leader"), subject=ChallengeSubject.ACTION, action_id=ids["action"], question="Why late?"
    )
    assert not selectors.meeting_list(scope=beech).exists()
    assert not selectors.action_list(scope=beech, today=clock.today()).exists()
    assert not selectors.challenge_list(scope=beech).exists()
    for read in (
        lambda: selectors.meeting_get(scope=beech, meeting_id=ids["meeting"]),
        lambda: selectors.decision_get(scope=beech, decision_id=ids["decision"]),
        lambda: selectors.action_get(scope=beech, action_id=ids["action"]),
        lambda: selectors.challenge_get(scope=beech, challenge_id=challenge.id),
    ):
        with pytest.raises(ObjectDoesNotExist):
            read()
    for write in (
        lambda: gov.action_update_add(scope=beech, action_id=ids["action"], text="x"),
        lambda: gov.action_withdraw(scope=beech, action_id=ids["action"], reason="x"),
        lambda: gov.meeting_item_add(scope=beech, meeting_id=ids["meeting"], heading="x"),
        lambda: gov.decision_record(
            scope=beech, meeting_id=ids["meeting"], text="x", evidence=gov.Evidence(decision_ids=[ids["decision"]])
        ),
    ):
        with pytest.raises(ObjectDoesNotExist):
            write()
    # Nor a meeting or action for the whole organisation, which a one-service manager cannot record.
    with pytest.raises(PermissionDenied):
        gov.meeting_create(scope=beech, meeting_type="quality_safety", service_id=None, held_on=clock.today())
    with pytest.raises(ObjectDoesNotExist):
        gov.meeting_create(scope=beech, meeting_type="quality_safety", service_id=services[0].id, held_on=clock.today())


def test_nothing_crosses_between_organisations(org, other_org, team, loop, make_scope):
    ServiceFactory(organisation=other_org)
    outsider = make_scope(Role.ADMINISTRATOR, organisation=other_org)
    assert not selectors.meeting_list(scope=outsider).exists()
    assert not selectors.action_list(scope=outsider, today=clock.today()).exists()
    with pytest.raises(ObjectDoesNotExist):
        selectors.action_get(scope=outsider, action_id=loop["action"].id)
    with pytest.raises(ObjectDoesNotExist):
        gov.action_withdraw(scope=outsider, action_id=loop["action"].id, reason="Not ours.")
    with pytest.raises(ValidationError):  # another organisation's people cannot lead our actions
        gov.action_create(
            scope=team.scope("quality"),
            data=action_input(
                team,
                lead_id=person_with_role(other_org, Role.STAFF, all_services=True).id,
                decision_id=loop["decision"].id,
            ),
        )


def test_whole_organisation_records_are_only_for_those_who_cover_every_service(org, team, framework):
    meeting = gov.meeting_create(
        scope=team.scope("leader"), meeting_type="leadership", service_id=None, held_on=clock.today()
    )
    assert selectors.meeting_list(scope=team.scope("quality")).filter(pk=meeting.pk).exists()
    assert not selectors.meeting_list(scope=team.scope("manager")).exists()


def test_an_action_on_a_theme_or_feedback_names_its_source(org, services, team, framework):
    qs = team.scope("quality")
    feedback = hear(team.staff, services[0], "food-and-drink", days_ago=[1])[0]
    on_theme = gov.action_create(
        scope=qs,
        data=action_input(team, source="theme", theme_id=theme(org, "food-and-drink").id, service_id=services[0].id),
    )
    on_feedback = gov.action_create(scope=qs, data=action_input(team, source="feedback", feedback_id=feedback.id))
    assert on_theme.theme.code == "food-and-drink" and on_feedback.service == services[0]
    with pytest.raises(ValidationError) as caught:
        gov.action_create(scope=qs, data=action_input(team, source="theme", service_id=services[0].id))
    assert "theme" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        gov.action_create(
            scope=qs,
            data=action_input(
                team, source="feedback", feedback_id=feedback.id, due_on=clock.today() - dt.timedelta(days=1)
            ),
        )
    assert "due_on" in caught.value.message_dict
