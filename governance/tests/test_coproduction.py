"""The co-production ledger: activities with who took part, their rung, recognition and influence."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.urls import reverse

from core import clock
from core.models import AuditEvent
from governance import selectors
from governance import services as gov
from governance.models import CoproductionActivity, CoproductionInfluence, CoproductionParticipant, Rung
from organisations.roles import Role
from organisations.scope import system_scope
from organisations.tests.factories import person_with_role
from priorities.models import PriorityReview

from .conftest import scope_of, theme


def record(team, service, **overrides):
    fields = {
        "kind": "audit_design",
        "service_id": service.id,
        "held_on": clock.today() - dt.timedelta(days=10),
        "title": "Residents design the personal care audit",
        "rung": Rung.CO_DESIGN,
        "recognition": "payment",
        "recognition_note": "£20 an hour",
        "participant_ids": [team.partner.id, team.manager.id],
        "others_count": 3,
        "others_description": "residents of Rowan House",
        "summary": "They rewrote the questions in plain words.",
    }
    return gov.coproduction_record(scope=team.scope("quality"), **{**fields, **overrides})


def test_an_activity_records_who_took_part_and_who_has_lived_experience(org, services, team):
    activity = record(team, services[0])
    participants = {p.person: p.lived_experience for p in CoproductionParticipant.objects.for_org(org)}
    assert participants == {team.partner: True, team.manager: False}
    assert activity.rung_step == 6 and activity.recorded_by == team.quality
    event = AuditEvent.objects.for_org(org).get(verb="governance.coproduction.record")
    assert event.object_id == str(activity.id) and event.changes["participants"]["to"] == 5
    listed = selectors.coproduction_list(scope=team.scope("staff")).get()
    assert (listed.people_count, listed.lived_count, listed.influence_count) == (2, 1, 0)


def test_a_wrong_activity_names_every_field_and_saves_nothing(org, services, team):
    with pytest.raises(ValidationError) as caught:
        gov.coproduction_record(
            scope=team.scope("quality"),
            kind="picnic",
            service_id=services[0].id,
            held_on=None,
            title=" ",
            rung="top",
            recognition="",
            participant_ids=[],
        )
    assert set(caught.value.message_dict) == {"kind", "title", "held_on", "rung", "recognition", "participants"}
    with pytest.raises(ValidationError) as caught:
        record(team, services[0], held_on=clock.today() + dt.timedelta(days=1), others_description="")
    assert set(caught.value.message_dict) == {"held_on", "others_description"}
    assert not CoproductionActivity.objects.for_org(org).exists()
    assert not CoproductionParticipant.objects.for_org(org).exists()
    assert not AuditEvent.objects.for_org(org).filter(verb__startswith="governance.coproduction").exists()


def test_only_recorders_add_activities_and_only_where_their_role_applies(org, services, team):
    rowan, beech = services[0], services[1]
    for name in ("staff", "partner", "commissioner"):
        with pytest.raises(PermissionDenied):
            gov.coproduction_record(
                scope=team.scope(name),
                kind="forum",
                service_id=rowan.id,
                held_on=clock.today(),
                title="Forum",
                rung=Rung.CONSULTATION,
                recognition="thanks",
                others_count=2,
                others_description="residents",
            )
    manager = team.scope("manager")
    with pytest.raises(ObjectDoesNotExist):
        gov.coproduction_record(
            scope=manager,
            kind="forum",
            service_id=beech.id,
            held_on=clock.today(),
            title="Forum",
            rung=Rung.CONSULTATION,
            recognition="thanks",
            participant_ids=[team.partner.id],
        )
    with pytest.raises(PermissionDenied):
        gov.coproduction_record(
            scope=manager,
            kind="forum",
            service_id=None,
            held_on=clock.today(),
            title="Forum",
            rung=Rung.CONSULTATION,
            recognition="thanks",
            participant_ids=[team.partner.id],
        )
    assert not CoproductionActivity.objects.for_org(org).exists()


def test_people_see_only_the_activities_of_their_services(org, services, team):
    activity = record(team, services[0])
    beech = scope_of(team.beech_manager)
    assert not selectors.coproduction_list(scope=beech).exists()
    with pytest.raises(ObjectDoesNotExist):
        selectors.coproduction_get(scope=beech, activity_id=activity.id)
    with pytest.raises(PermissionDenied):
        selectors.coproduction_list(scope=team.scope("commissioner"))
    assert selectors.coproduction_get(scope=team.scope("partner"), activity_id=activity.id) == activity


def test_what_an_activity_influenced_cites_a_later_decision_of_its_service(org, services, team, loop):
    activity = record(team, services[0])
    influence = gov.coproduction_influence_add(
        scope=team.scope("manager"),
        activity_id=activity.id,
        text="The weekly call bell audit uses the residents' questions.",
        decision_id=loop["decision"].id,
    )
    assert influence.decision == loop["decision"] and influence.recorded_by == team.manager
    assert AuditEvent.objects.for_org(org).filter(verb="governance.coproduction.influence").count() == 1
    assert selectors.coproduction_list(scope=team.scope("quality")).get().influence_count == 1

    at_beech = record(team, services[1], participant_ids=[team.beech_manager.id])
    with pytest.raises(ValidationError) as caught:
        gov.coproduction_influence_add(
            scope=team.scope("quality"), activity_id=at_beech.id, text="x", decision_id=loop["decision"].id
        )
    assert "decision" in caught.value.message_dict
    tomorrow = record(team, services[0], held_on=clock.today())
    # The decision's meeting was held today: an activity dated after it cannot have shaped it.
    CoproductionActivity.objects.for_org(org).filter(pk=tomorrow.pk).update(held_on=clock.today() + dt.timedelta(1))
    with pytest.raises(ValidationError) as caught:
        gov.coproduction_influence_add(
            scope=team.scope("quality"), activity_id=tomorrow.id, text="x", decision_id=loop["decision"].id
        )
    assert caught.value.message_dict["decision"] == ["Choose a decision made on or after the day of the activity."]
    with pytest.raises(ValidationError):
        gov.coproduction_influence_add(scope=team.scope("quality"), activity_id=activity.id, text="  ")
    with pytest.raises(PermissionDenied):
        gov.coproduction_influence_add(scope=team.scope("staff"), activity_id=activity.id, text="x")
    assert CoproductionInfluence.objects.for_org(org).count() == 1


def test_an_activity_may_belong_to_a_meeting_of_the_same_service(client, org, services, team, loop):
    meeting = loop["meeting"]
    activity = record(team, services[0], meeting_id=meeting.id, held_on=meeting.held_on)
    assert activity.meeting == meeting
    with pytest.raises(ValidationError) as caught:
        record(team, services[1], meeting_id=meeting.id, participant_ids=[team.beech_manager.id])
    assert set(caught.value.message_dict) == {"meeting"}
    body = login(client, team.staff).get(reverse("governance:meeting", args=[meeting.id])).content.decode()
    assert "In the co-production ledger" in body
    assert reverse("governance:coproduction-activity", args=[activity.id]) in body


def test_activities_are_records_never_changed(org, services, team):
    activity = record(team, services[0])
    activity.title = "Something else"
    with pytest.raises(ValueError):
        activity.save()
    with pytest.raises(ValueError):
        activity.delete()


def test_the_ladder_counts_every_rung_since_a_date(org, services, team):
    record(team, services[0])
    record(team, services[0], rung=Rung.CONSULTATION)
    record(team, services[0], rung=Rung.CONSULTATION, held_on=clock.today() - dt.timedelta(days=400))
    ladder = dict(selectors.coproduction_ladder(scope=team.scope("quality"), since=clock.today() - dt.timedelta(365)))
    assert list(ladder) == list(Rung) and ladder[Rung.CO_DESIGN] == 1 and ladder[Rung.CONSULTATION] == 1
    assert sum(ladder.values()) == 2


# --- pages -----------------------------------------------------------------------------------------


def login(client, person):
    client.force_login(person.user)
    return client


def test_an_activitys_date_and_others_are_told_with_the_forms_other_problems(client, org, services, team):
    """A date in the future and other people counted but not said who: said only by the ledger's
    service, so only once the title was given."""
    login(client, team.quality)
    form = {
        "kind": "forum",
        "title": "",
        "service": services[0].id,
        "held_on": (clock.today() + dt.timedelta(days=1)).isoformat(),
        "rung": "engagement",
        "participants": [team.partner.id],
        "others_count": "4",
        "others_description": "",
        "recognition": "voucher",
    }
    response = client.post(reverse("governance:coproduction-new"), form)
    body = response.content.decode()
    assert response.status_code == 400
    for message in (
        "Enter a short title for the activity.",
        "The date cannot be in the future: record an activity once it has happened.",
        "Say who the other people were, for example “4 residents of Oak House”.",
    ):
        assert message in body
    assert not CoproductionActivity.objects.for_org(org).exists()


def test_an_activity_is_added_and_its_influence_recorded_through_the_pages(client, org, services, team, loop):
    rowan = services[0]
    login(client, team.quality)
    blank = client.get(
        reverse("governance:coproduction-new"), {"step": "service", "service": rowan.id}
    ).content.decode()
    # Co-production partners are offered first, and marked as such.
    assert blank.index("Margaret Wilson (co-production partner)") < blank.index("Aisha Rahman")
    form = {
        "kind": "forum",
        "title": "Residents' forum on call bells",
        "service": rowan.id,
        "held_on": (clock.today() - dt.timedelta(days=3)).isoformat(),
        "rung": "engagement",
        "participants": [team.partner.id],
        "others_count": "4",
        "others_description": "residents",
        "recognition": "voucher",
    }
    response = client.post(reverse("governance:coproduction-new"), form)
    activity = CoproductionActivity.objects.for_org(org).get()
    assert response.status_code == 302 and response.url == reverse(
        "governance:coproduction-activity", args=[activity.id]
    )
    body = client.get(response.url).content.decode()
    # Heard knows who uses services only among those named: the four others are not presumed either way
    assert "5 people: 1 named here, who uses services or cares for someone who does, and 4 others: residents" in body
    assert "Step 5 of 7" in body
    assert "Margaret Wilson (uses services or cares for someone who does)" in body and "4 others: residents" in body

    url = reverse("governance:coproduction-activity", args=[activity.id])
    response = client.post(url, {"text": "", "decision": ""})
    assert response.status_code == 400 and "Say what the activity influenced." in response.content.decode()
    response = client.post(url, {"text": "Night checks start at 10pm.", "decision": loop["decision"].id})
    assert response.status_code == 302
    body = client.get(url).content.decode()
    assert "Night checks start at 10pm." in body and reverse("governance:decision", args=[loop["decision"].id]) in body
    decision_page = client.get(reverse("governance:decision", args=[loop["decision"].id])).content.decode()
    assert "Shaped by co-production" in decision_page and url in decision_page

    listing = client.get(reverse("governance:coproduction")).content.decode()
    assert "Residents&#39; forum on call bells" in listing and "1 thing" in listing
    assert 'href="/governance/co-production/"' in listing


def test_a_wrong_form_says_what_is_missing_and_keeps_nothing(client, org, services, team):
    login(client, team.quality)
    response = client.post(reverse("governance:coproduction-new"), {"others_count": "two"})
    assert response.status_code == 400
    body = response.content.decode()
    for message in (
        "Choose what kind of activity it was.",
        "Enter a short title for the activity.",
        "Enter the date of the activity.",
        "Choose how far people shared power in this activity.",
        "Choose how the people who took part were recognised.",
        "Enter a whole number, such as 4.",
    ):
        assert message in body
    response = client.post(
        reverse("governance:coproduction-new"),
        {
            "kind": "forum",
            "title": "Forum",
            "service": services[0].id,
            "held_on": clock.today().isoformat(),
            "rung": "consultation",
            "recognition": "thanks",
            "others_count": "0",
        },
    )
    assert response.status_code == 400
    assert "Choose who took part, or say how many other people did." in response.content.decode()
    assert not CoproductionActivity.objects.for_org(org).exists()


def test_the_pages_follow_the_roles(client, org, services, team):
    activity = record(team, services[0])
    url = reverse("governance:coproduction-activity", args=[activity.id])
    login(client, team.staff)
    assert "Record what it influenced" not in client.get(url).content.decode()
    assert "Add an activity" not in client.get(reverse("governance:coproduction")).content.decode()
    assert client.get(reverse("governance:coproduction-new")).status_code == 403
    assert client.post(url, {"text": "x"}).status_code == 200
    assert not CoproductionInfluence.objects.for_org(org).exists()
    login(client, team.beech_manager)
    assert client.get(url).status_code == 404
    login(client, team.commissioner)
    assert client.get(reverse("governance:coproduction")).status_code == 403


def test_the_ledger_makes_the_same_queries_however_long_it_is(client, org, services, team, django_assert_num_queries):
    login(client, team.quality)
    url = reverse("governance:coproduction")
    client.get(url)
    record(team, services[0])
    with django_assert_num_queries(13):
        assert client.get(url).status_code == 200
    for _ in range(6):
        record(team, services[0])
    with django_assert_num_queries(13):
        assert client.get(url).status_code == 200


def _fields(team, service, **overrides):
    return {
        "kind": "audit_design",
        "service_id": service.id,
        "held_on": clock.today() - dt.timedelta(days=10),
        "title": "Residents design the personal care audit",
        "rung": Rung.CO_DESIGN,
        "recognition": "payment",
        "participant_ids": [team.partner.id, team.manager.id],
        **overrides,
    }


def test_a_wrong_entry_is_corrected_keeping_what_it_influenced(org, services, team, loop):
    rowan = services[0]
    activity = record(team, rowan, rung=Rung.CONSULTATION)
    gov.coproduction_influence_add(
        scope=team.scope("quality"), activity_id=activity.id, text="The audit asks residents' questions."
    )
    quality = team.scope("quality")
    with pytest.raises(ValidationError) as caught:
        gov.coproduction_correct(
            scope=quality, activity_id=activity.id, reason="", **_fields(team, rowan, title=" ", participant_ids=[])
        )
    assert {"reason", "title", "participants"} <= set(caught.value.message_dict)
    assert not hasattr(CoproductionActivity.objects.for_org(org).get(pk=activity.id), "withdrawal")

    fixed = gov.coproduction_correct(
        scope=quality,
        activity_id=activity.id,
        reason="The residents wrote the questions themselves: that is co-design.",
        **_fields(team, rowan, participant_ids=[team.partner.id, team.manager.id, team.staff.id]),
    )
    assert fixed.replaces_id == activity.id and fixed.rung == Rung.CO_DESIGN
    assert [i.text for i in fixed.influences.all()] == ["The audit asks residents' questions."]
    assert fixed.participants.count() == 3
    # The ledger, its ladder and the influence on a decision page count the corrected entry once.
    assert [a.id for a in selectors.coproduction_list(scope=team.scope("staff"))] == [fixed.id]
    ladder = dict(selectors.coproduction_ladder(scope=quality, since=clock.today() - dt.timedelta(days=30)))
    assert (ladder[Rung.CONSULTATION], ladder[Rung.CO_DESIGN]) == (0, 1)
    event = AuditEvent.objects.for_org(org).get(verb="governance.coproduction.correct")
    assert event.changes["rung"] == {"from": "consultation", "to": "co_design"}
    assert event.changes["participants"] == {"from": 2, "to": 3}

    with pytest.raises(ValidationError, match="already been withdrawn"):
        gov.coproduction_withdraw(scope=quality, activity_id=activity.id, reason="Again")
    with pytest.raises(PermissionDenied):
        gov.coproduction_withdraw(scope=team.scope("staff"), activity_id=fixed.id, reason="Not mine")
    with pytest.raises(ObjectDoesNotExist):
        gov.coproduction_withdraw(scope=scope_of(team.beech_manager), activity_id=fixed.id, reason="Another home")


def test_an_entry_recorded_twice_is_withdrawn_and_no_longer_counted(org, services, team):
    from priorities.measures import Measure, measure_value
    from reports.oversight import activities_in

    rowan = services[0]
    record(team, rowan)
    twice = record(team, rowan)
    quality = team.scope("quality")

    def counted():
        high = measure_value(scope=quality, measure=Measure.COPRODUCTION_HIGH, service_id=rowan.id, until=clock.today())
        first = clock.today().replace(day=1) - dt.timedelta(days=40)
        return (
            high,
            len(selectors.coproduction_list(scope=quality)),
            len(activities_in(scope=quality, first=first.replace(day=1), last=clock.today().replace(day=1))),
        )

    assert counted() == (2.0, 2, 2)
    with pytest.raises(ValidationError) as caught:
        gov.coproduction_withdraw(scope=quality, activity_id=twice.id, reason=" ")
    assert "reason" in caught.value.message_dict
    gov.coproduction_withdraw(scope=quality, activity_id=twice.id, reason="Recorded twice.")
    assert counted() == (1.0, 1, 1)
    assert selectors.coproduction_get(scope=quality, activity_id=twice.id).withdrawal.reason == "Recorded twice."


def test_an_entry_an_audit_was_designed_at_is_corrected_but_keeps_what_the_audit_rests_on(org, services, team):
    from audits.models import TemplateVersion
    from audits.tests.test_audits import published

    quality = team.scope("quality")
    version = published(team)  # designed at a session it records in the ledger, with a partner
    session = version.design_session
    with pytest.raises(ValidationError, match="cannot be withdrawn: an audit was designed at it"):
        gov.coproduction_withdraw(scope=quality, activity_id=session.id, reason="Wrong")

    same = {
        "kind": session.kind,
        "service_id": None,
        "held_on": session.held_on,
        "title": "Residents design the dignity audit",
        "rung": session.rung,
        "recognition": session.recognition,
        "participant_ids": [team.partner.id],
    }
    moved = {"kind": "forum", "service_id": services[0].id, "held_on": session.held_on - dt.timedelta(days=1)}
    with pytest.raises(ValidationError) as caught:
        gov.coproduction_correct(scope=quality, activity_id=session.id, reason="Typo", **{**same, **moved})
    assert set(caught.value.message_dict) == {"kind", "service", "held_on"}
    assert "an audit was designed at it" in caught.value.message_dict["held_on"][0]
    with pytest.raises(ValidationError) as caught:
        gov.coproduction_correct(
            scope=quality, activity_id=session.id, reason="Typo", **{**same, "participant_ids": [team.manager.id]}
        )
    assert list(caught.value.message_dict) == ["participants"]
    assert CoproductionActivity.objects.for_org(org).count() == 1 and not hasattr(session, "withdrawal")

    fixed = gov.coproduction_correct(
        scope=quality, activity_id=session.id, reason="The audit's name was wrong.", **same
    )
    assert fixed.replaces == session and fixed.title == "Residents design the dignity audit"
    assert TemplateVersion.objects.for_org(org).get(pk=version.pk).design_session == fixed
    assert selectors.coproduction_get(scope=quality, activity_id=session.id).withdrawal.reason.startswith("The audit")
    event = AuditEvent.objects.for_org(org).get(verb="governance.coproduction.correct")
    assert event.changes["cited_by"] == {"from": None, "to": "an audit was designed at it"}
    assert set(event.changes) == {"title", "cited_by"}


def test_sessions_corrected_take_their_ideas_priorities_and_reviews_with_them(org, services, team, framework):
    from priorities import services as plan
    from priorities.models import PriorityIdea, PriorityReview, QualityPriority
    from priorities.tests.test_priorities import choose, session

    quality = team.scope("quality")
    rowan = services[0]
    planning = session(team, rowan, days_ago=60, title="Plannign day")
    plan.idea_add(scope=quality, session_id=planning.id, text="Answer call bells at night", votes=7)
    priority = choose(team, planning)
    forum = session(team, rowan, days_ago=10, kind="forum", title="Residnets' forum")
    plan.review_record(scope=quality, priority_id=priority.id, session_id=forum.id, progress="Going well.")

    def same(entry, **overrides):
        fields = {
            "kind": entry.kind,
            "service_id": rowan.id,
            "held_on": entry.held_on,
            "title": entry.title,
            "rung": entry.rung,
            "recognition": entry.recognition,
            "participant_ids": [team.partner.id],
        }
        return {**fields, **overrides}

    fixed = gov.coproduction_correct(
        scope=quality, activity_id=planning.id, reason="A typo.", **same(planning, title="Planning day")
    )
    assert PriorityIdea.objects.for_org(org).get().session == fixed
    assert QualityPriority.objects.for_org(org).get().session == fixed
    with pytest.raises(ValidationError, match="already been withdrawn"):
        gov.coproduction_correct(scope=quality, activity_id=planning.id, reason="Again", **same(planning))

    with pytest.raises(ValidationError) as caught:
        gov.coproduction_correct(
            scope=quality, activity_id=forum.id, reason="A typo.", **same(forum, participant_ids=[team.manager.id])
        )
    assert caught.value.message_dict["participants"] == [
        "Keep the people who use services who took part: a quality priority was reviewed at it, with them."
    ]
    forum_fixed = gov.coproduction_correct(
        scope=quality, activity_id=forum.id, reason="A typo.", **same(forum, title="Residents' forum")
    )
    assert PriorityReview.objects.for_org(org).get().session == forum_fixed


def test_a_correction_keeps_the_people_who_took_part_though_they_have_left_since(org, services, team, framework):
    from organisations.services_people import person_archive
    from priorities import services as plan
    from priorities.tests.test_priorities import choose, session

    quality = team.scope("quality")
    rowan = services[0]
    # A resident reviews a priority at a forum with the manager, then moves out: she leaves Heard.
    joan = person_with_role(org, Role.PARTNER, services=[rowan], full_name="Joan Pike")
    gone = person_with_role(org, Role.PARTNER, services=[rowan], full_name="Ivy Long")
    priority = choose(team, session(team, rowan, days_ago=60))
    at_forum = {"kind": "forum", "participant_ids": [joan.id, team.manager.id], "others_count": 0}
    forum = record(team, rowan, title="Residnets' forum", **at_forum)
    plan.review_record(scope=quality, priority_id=priority.id, session_id=forum.id, progress="Going well.")
    for person in (joan, gone):
        person_archive(scope=system_scope(organisation=org), person=person)

    # Someone who has left cannot be added to an entry...
    with pytest.raises(ValidationError) as caught:
        gov.coproduction_correct(
            scope=quality,
            activity_id=forum.id,
            reason="Ivy was there too.",
            **_fields(team, rowan, **{**at_forum, "participant_ids": [joan.id, team.manager.id, gone.id]}),
        )
    assert caught.value.message_dict["participants"] == [
        "Choose people who have a role at Rowan House or across the whole organisation."
    ]

    # ...but the people it names stay as they took part, lived experience and all.
    fixed = gov.coproduction_correct(
        scope=quality,
        activity_id=forum.id,
        reason="A typo in the title.",
        **_fields(team, rowan, **at_forum, title="Residents' forum"),
    )
    took_part = {p.person_id: p.lived_experience for p in fixed.participants.all()}
    assert took_part == {joan.id: True, team.manager.id: False}
    assert PriorityReview.objects.for_org(org).get().session == fixed


def test_the_correction_form_offers_the_people_who_took_part_though_they_have_left(client, org, services, team):
    from organisations.services_people import person_archive

    rowan = services[0]
    joan = person_with_role(org, Role.PARTNER, services=[rowan], full_name="Joan Pike")
    forum = record(team, rowan, kind="forum", title="Residnets' forum", participant_ids=[joan.id, team.manager.id])
    person_archive(scope=system_scope(organisation=org), person=joan)
    url = reverse("governance:coproduction-activity", args=[forum.id])
    client.force_login(team.quality.user)
    page = client.get(url).content.decode()
    assert re.search(rf'value="{joan.id}"[^>]*checked', page) and "Joan Pike (co-production partner)" in page

    response = client.post(
        url,
        {
            "form": "correct",
            "correct-kind": "forum",
            "correct-title": "Residents' forum",
            "correct-service": rowan.id,
            "correct-held_on": forum.held_on.isoformat(),
            "correct-rung": forum.rung,
            "correct-participants": [joan.id, team.manager.id],
            "correct-others_count": 3,
            "correct-others_description": "residents of Rowan House",
            "correct-recognition": forum.recognition,
            "correct-reason": "A typo in the title.",
        },
    )
    assert response.status_code == 302
    fixed = CoproductionActivity.objects.for_org(org).get(replaces=forum)
    assert {p.person_id: p.lived_experience for p in fixed.participants.all()} == {
        joan.id: True,
        team.manager.id: False,
    }


def test_the_page_of_an_entry_an_audit_rests_on_offers_a_correction_only(client, org, services, team):
    from audits.tests.test_audits import published

    session = published(team).design_session
    url = reverse("governance:coproduction-activity", args=[session.id])
    client.force_login(team.quality.user)
    body = client.get(url).content.decode()
    assert "Correct this entry" in body and "Withdraw this entry" not in body
    assert "Its kind, service and date stay as they are, because an audit was designed at it" in body
    assert "This entry cannot be withdrawn: an audit was designed at it." in body
    form = {
        "form": "correct",
        "correct-kind": "forum",
        "correct-title": "Residents design the dignity audit",
        "correct-held_on": session.held_on.isoformat(),
        "correct-rung": session.rung,
        "correct-participants": [team.partner.id],
        "correct-others_count": 0,
        "correct-recognition": session.recognition,
        "correct-reason": "The audit's name was wrong.",
    }
    refused = client.post(url, form)
    assert refused.status_code == 400 and "The kind of activity stays as it was" in refused.content.decode()
    response = client.post(url, {**form, "correct-kind": session.kind})
    fixed = CoproductionActivity.objects.for_org(org).get(replaces=session)
    assert response.status_code == 302 and response.url == reverse("governance:coproduction-activity", args=[fixed.id])


def test_an_entry_is_corrected_and_another_withdrawn_through_the_pages(client, org, services, team):
    rowan = services[0]
    activity = record(team, rowan, title="Residents' forum in Mrach")
    twice = record(team, rowan)
    url = reverse("governance:coproduction-activity", args=[activity.id])
    client.force_login(team.staff.user)
    assert "Correct this entry" not in client.get(url).content.decode()

    client.force_login(team.quality.user)
    body = client.get(url).content.decode()
    assert "Correct this entry" in body and 'forum in Mrach"' in body  # the form starts from the entry
    form = {
        "form": "correct",
        "correct-kind": "audit_design",
        "correct-title": "Residents' forum in March",
        "correct-service": rowan.id,
        "correct-held_on": (clock.today() - dt.timedelta(days=10)).isoformat(),
        "correct-rung": Rung.CO_DESIGN,
        "correct-participants": [team.partner.id],
        "correct-others_count": 0,
        "correct-recognition": "payment",
    }
    wrong = client.post(url, form)
    assert wrong.status_code == 400 and "Say what was wrong with the entry." in wrong.content.decode()
    response = client.post(url, {**form, "correct-reason": "A typo in the month."})
    fixed = CoproductionActivity.objects.for_org(org).get(replaces=activity)
    assert response.status_code == 302 and response.url == reverse("governance:coproduction-activity", args=[fixed.id])
    assert fixed.title == "Residents' forum in March"
    old = client.get(url).content.decode()
    assert "This entry was corrected" in old and "Correct this entry" not in old

    response = client.post(
        reverse("governance:coproduction-activity", args=[twice.id]),
        {"form": "withdraw", "withdraw-reason": "Recorded twice."},
    )
    assert response.status_code == 302
    ledger = client.get(reverse("governance:coproduction")).content.decode()
    assert "forum in March" in ledger and "Mrach" not in ledger
    assert reverse("governance:coproduction-activity", args=[twice.id]) not in ledger


def test_the_decisions_offered_as_shaped_are_near_the_activity_and_say_where_they_were_made(
    client, org, services, team, framework
):
    rowan, beech = services[0], services[1]
    quality = team.scope("quality")
    call_bells = gov.Evidence(theme_ids=[theme(org, "call-bells-and-responsiveness").id])

    def decided(service, days_ago, text):
        meeting = gov.meeting_create(
            scope=quality,
            meeting_type="quality_safety",
            service_id=service.id if service else None,
            held_on=clock.today() - dt.timedelta(days=days_ago),
            chair_id=team.quality.id,
        )
        return gov.decision_record(scope=quality, meeting_id=meeting.id, text=text, evidence=call_bells)

    activity = record(team, rowan, held_on=clock.today() - dt.timedelta(days=250))
    before = decided(rowan, 260, "Before the activity.")
    soon = decided(rowan, 240, "Residents' questions go into the audit.")
    board = decided(None, 200, "Every home runs a speak-up session.")
    elsewhere = decided(beech, 240, "Residents' questions go into the audit.")
    much_later = decided(rowan, 20, "Much later.")
    offered = selectors.influence_decisions(scope=quality, activity=activity)
    assert offered == [board, soon]
    assert not {before, elsewhere, much_later} & set(offered)
    everywhere = record(team, rowan, service_id=None, held_on=clock.today() - dt.timedelta(days=250))
    assert selectors.influence_decisions(scope=quality, activity=everywhere) == [board]

    login(client, team.quality)
    html = client.get(reverse("governance:coproduction-activity", args=[activity.id])).content.decode()
    picker = re.search(r'<select[^>]*name="decision".*?</select>', html, re.S).group(0)
    options = [re.sub(r"\s+", " ", o).strip() for o in re.findall(r"<option[^>]*>(.*?)</option>", picker, re.S)]
    day = f"{clock.today() - dt.timedelta(days=240):%-d %b %Y}"
    assert options[1:] == [
        f"{clock.today() - dt.timedelta(days=200):%-d %b %Y}, Whole organisation, Monthly quality and safety: "
        "Every home runs a speak-up session.",
        f"{day}, Rowan House, Monthly quality and safety: Residents&#39; questions go into the audit.",
    ]
