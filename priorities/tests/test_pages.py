"""The priorities pages: a priority recorded from an idea, reviewed, and shown to those allowed only."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core import clock
from governance import services as gov
from governance.models import Decision, Rung
from governance.tests.conftest import action_input
from organisations.forms import NOT_OFFERED
from organisations.scope import system_scope
from organisations.services import service_archive
from priorities import services as plan
from priorities.models import PriorityReview, PriorityWithdrawal, QualityPriority

from .test_priorities import BELLS, choose, objective, session


def login(client, person):
    client.force_login(person.user)
    return client


def test_a_priority_is_recorded_from_an_idea_and_reviewed_through_the_pages(client, org, services, team, framework):
    rowan = services[0]
    planning = session(team, rowan, title="Rowan House planning day")
    login(client, team.quality)
    session_url = reverse("priorities:session", args=[planning.id])
    response = client.post(session_url, {"text": "Answer bells at night", "votes": "9"})
    assert response.status_code == 302
    body = client.get(session_url).content.decode()
    assert "Answer bells at night" in body and "Make this a priority" in body
    idea = planning.priority_ideas.get()

    new = client.get(reverse("priorities:new"), {"session": planning.id, "idea": idea.id})
    assert new.status_code == 200 and 'value="Answer bells at night"' in new.content.decode()
    form = {
        "session": planning.id,
        "idea": idea.id,
        "title": "Answer bells at night",
        "service": rowan.id,
        "year": planning.held_on.year + 1,
        "description": "Fewer people wait for the bell",
        "measure": "theme_share",
        "theme_code": BELLS,
        "target": "10",
        "deadline": (clock.today() + dt.timedelta(days=200)).isoformat(),
        "lead": team.manager.id,
    }
    wrong = client.post(reverse("priorities:new"), {**form, "target": "", "deadline": "", "theme_code": ""})
    assert wrong.status_code == 400
    for message in ("Enter the target.", "Enter the date it should be met by.", "Choose the theme it is measured by."):
        assert message in wrong.content.decode()
    assert not QualityPriority.objects.for_org(org).exists()
    made = client.post(reverse("priorities:new"), form)
    priority = QualityPriority.objects.for_org(org).get()
    assert made.status_code == 302 and made.url == reverse("priorities:priority", args=[priority.id])

    forum = session(team, rowan, days_ago=0, kind="forum", rung=Rung.ENGAGEMENT, title="Residents' forum")
    url = reverse("priorities:priority", args=[priority.id])
    response = client.post(
        url,
        {"form": "review", "review-session": forum.id, "review-progress": "", "review-objective": ""},
    )
    assert response.status_code == 400 and "Say what progress was reported" in response.content.decode()
    objective_id = priority.objectives.get().id
    response = client.post(
        url,
        {
            "form": "review",
            "review-session": forum.id,
            "review-progress": "Shorter waits at night.",
            "review-objective": objective_id,
            "review-target": "5",
            "review-why": "Nearly there already.",
        },
    )
    assert response.status_code == 302 and PriorityReview.objects.for_org(org).count() == 1
    body = client.get(url).content.decode()
    assert "Shorter waits at night." in body and "Nearly there already." in body and "Residents&#39; forum" in body
    listing = client.get(reverse("priorities:list")).content.decode()
    assert "Answer bells at night" in listing and "1 review" in listing and 'href="/priorities/"' in listing


def test_the_pages_follow_the_roles(client, org, services, team, framework):
    planning = session(team, services[0])
    priority = choose(team, planning)
    url = reverse("priorities:priority", args=[priority.id])
    login(client, team.partner)
    body = client.get(url).content.decode()
    assert "Answer call bells at night" in body and "Record a review" not in body
    assert client.get(reverse("priorities:new")).status_code == 403
    assert "Add an idea" not in client.get(reverse("priorities:session", args=[planning.id])).content.decode()
    login(client, team.beech_manager)
    assert client.get(url).status_code == 404
    assert client.get(reverse("priorities:session", args=[planning.id])).status_code == 404
    login(client, team.commissioner)
    assert client.get(reverse("priorities:list")).status_code == 403


def test_with_no_planning_session_to_show_only_those_who_can_add_one_are_asked_to(client, org, services, team):
    session(team, services[1], participant_ids=[team.beech_manager.id])  # at another service: not shown to Rowan
    login(client, team.partner)
    body = client.get(reverse("priorities:list")).content.decode()
    assert "No planning sessions for your services have been recorded." in body and "Add one there" not in body
    login(client, team.manager)
    body = client.get(reverse("priorities:list")).content.decode()
    assert "No planning sessions for your services are in the" in body and "Add one there" in body


def test_each_change_at_a_review_shows_what_it_changed_from(client, org, services, team, framework):
    rowan = services[0]
    priority = choose(team, session(team, rowan, days_ago=90))
    [made] = priority.objectives.all()
    later = made.deadline + dt.timedelta(days=31)
    for days_ago, target, deadline, why in ((60, 8.0, None, "Closer than we thought."), (5, None, later, "Winter.")):
        forum = session(team, rowan, days_ago=days_ago, kind="forum", title=f"Forum {days_ago}")
        plan.review_record(
            scope=team.scope("quality"),
            priority_id=priority.id,
            session_id=forum.id,
            progress="Heard.",
            adjustments=[plan.AdjustmentInput(objective_id=made.id, target=target, deadline=deadline, why=why)],
        )
    login(client, team.partner)
    body = client.get(reverse("priorities:priority", args=[priority.id])).content.decode()
    assert "Fewer people wait for the call bell: target from 10.0% to 8.0%. Why: Closer than we thought." in body
    assert (
        f"Fewer people wait for the call bell: to be met by {later:%-d %B %Y} instead of {made.deadline:%-d %B %Y}. "
        "Why: Winter." in body
    )


def test_a_whole_organisation_planning_session_opens_for_everyone_its_priorities_bind(
    client, org, services, team, framework
):
    """A partner or manager at one service reads the whole organisation's planning sessions and
    priorities (they bind every service), but changes nothing there."""
    planning = session(team, None, title="Planning day for every service")
    at_rowan = choose(team, planning, service_id=services[0].id)
    everywhere = choose(
        team,
        planning,
        title="Ask people first and keep them told",
        service_id=None,
        objectives=[objective(team, lead_id=team.quality.id)],
    )
    forum = session(team, None, days_ago=0, kind="forum", title="Forum for every service")
    plan.review_record(scope=team.scope("quality"), priority_id=at_rowan.id, session_id=forum.id, progress="Ok")
    session_url = reverse("priorities:session", args=[planning.id])
    forum_url = reverse("governance:coproduction-activity", args=[forum.id])
    for person in (team.partner, team.manager):
        login(client, person)
        listed = client.get(reverse("priorities:list")).content.decode()
        assert "Ask people first and keep them told" in listed and f'href="{session_url}"' in listed
        assert "No planning sessions for your services" not in listed
        page = client.get(session_url)
        assert page.status_code == 200 and "Add an idea" not in page.content.decode()
        body = client.get(reverse("priorities:priority", args=[everywhere.id])).content.decode()
        assert "at your services only: this priority is for the whole organisation" in body
        assert "Add an objective" not in body and "Record a review" not in body
        # The review's session is the whole organisation's entry in the ledger, read at every service
        # too (ADR 0014, addendum of 2026-12-04), so the priority links to it.
        assert client.get(forum_url).status_code == 200
        body = client.get(reverse("priorities:priority", args=[at_rowan.id])).content.decode()
        assert "Forum for every service" in body and f'href="{forum_url}"' in body
    with pytest.raises(QualityPriority.DoesNotExist):
        plan.objective_add(scope=team.scope("manager"), priority_id=everywhere.id, data=objective(team))
    login(client, team.quality)
    body = client.get(reverse("priorities:priority", args=[everywhere.id])).content.decode()
    assert f'href="{session_url}"' in body and "at your services only" not in body


def test_the_list_makes_the_same_queries_however_many_priorities(
    client, org, services, team, framework, django_assert_num_queries
):
    login(client, team.quality)
    url = reverse("priorities:list")
    client.get(url)
    planning = session(team, services[0])
    choose(team, planning)
    with django_assert_num_queries(16):
        assert client.get(url).status_code == 200
    for n in range(4):
        priority = choose(team, planning, title=f"Priority {n}", objectives=[objective(team), objective(team)])
        forum = session(team, services[0], days_ago=n, kind="forum")
        plan.review_record(scope=team.scope("quality"), priority_id=priority.id, session_id=forum.id, progress="Ok")
        mistake = choose(team, planning, title=f"Priority {n} again")
        plan.priority_withdraw(scope=team.scope("quality"), priority_id=mistake.id, reason="Chosen twice.")
    with django_assert_num_queries(16):
        assert client.get(url).status_code == 200


def test_a_priority_chosen_twice_is_withdrawn_from_its_page(client, org, services, team, framework):
    planning = session(team, services[0])
    kept = choose(team, planning)
    twice = choose(team, planning, title="Answer call bells at night, again")
    url = reverse("priorities:priority", args=[twice.id])
    login(client, team.partner)
    assert "Withdraw this priority" not in client.get(url).content.decode()
    assert client.post(url, {"form": "withdraw", "withdraw-reason": "Chosen twice."}).status_code == 200
    assert not PriorityWithdrawal.objects.for_org(org).exists()

    login(client, team.quality)
    assert "Withdraw this priority" in client.get(url).content.decode()
    missing = client.post(url, {"form": "withdraw", "withdraw-reason": ""})
    assert missing.status_code == 400 and "Say why the priority is withdrawn." in missing.content.decode()
    done = client.post(url, {"form": "withdraw", "withdraw-reason": "Chosen twice."})
    assert done.status_code == 302 and done.url == reverse("priorities:list")
    assert PriorityWithdrawal.objects.for_org(org).get().priority == twice

    page = client.get(url).content.decode()
    assert "This priority was withdrawn" in page and "Chosen twice." in page
    assert "Record a review" not in page and "Add an objective" not in page
    listing = client.get(reverse("priorities:list")).content.decode()
    current, withdrawn = listing.split("Withdrawn priorities (1)")
    assert reverse("priorities:priority", args=[kept.id]) in current and url not in current
    assert url in withdrawn and "Chosen twice." in withdrawn

    forum = session(team, services[0], days_ago=0, kind="forum")
    plan.review_record(scope=team.scope("quality"), priority_id=kept.id, session_id=forum.id, progress="Ok")
    page = client.get(reverse("priorities:priority", args=[kept.id])).content.decode()
    assert "Withdraw this priority" not in page and "cannot be withdrawn: it has been reviewed" in page


def test_an_older_decision_is_kept_when_a_priority_is_set_from_its_page(client, org, services, team, framework):
    """The form lists the 50 newest decisions; the one a decision's page sent the planner from is
    offered and kept however many came after it."""
    rowan, quality = services[0], team.scope("quality")
    planning = session(team, rowan)
    old_meeting, new_meeting = (
        gov.meeting_create(scope=quality, meeting_type="quality_safety", service_id=rowan.id, held_on=day)
        for day in (clock.today() - dt.timedelta(days=400), clock.today())
    )
    decision, *_ = Decision.objects.bulk_create(
        Decision(
            organisation=org,
            meeting=meeting,
            service=rowan,
            text="Make night-time call bells a priority.",
            recorded_by=team.quality,
            recorded_at=clock.now(),
        )
        for meeting in [old_meeting] + [new_meeting] * 50
    )
    login(client, team.quality)
    body = client.get(reverse("priorities:new"), {"decision": decision.id}).content.decode()
    select = re.search(r'<select[^>]*id="id_decision".*?</select>', body, re.S).group(0)
    assert re.search(rf'<option value="{decision.id}"[^>]*selected', select)
    form = {
        "session": planning.id,
        "title": "Answer bells at night",
        "service": rowan.id,
        "year": planning.held_on.year + 1,
        "decision": decision.id,
        "description": "Fewer people wait for the bell",
        "measure": "theme_share",
        "theme_code": BELLS,
        "target": "10",
        "deadline": (clock.today() + dt.timedelta(days=200)).isoformat(),
        "lead": team.manager.id,
    }
    response = client.post(reverse("priorities:new"), form)
    assert response.status_code == 302
    assert QualityPriority.objects.for_org(org).get().decision == decision


def test_a_bad_target_at_a_review_is_one_error_and_what_was_typed_is_kept(client, org, services, team, framework):
    rowan = services[0]
    priority = choose(team, session(team, rowan, days_ago=30))
    forum = session(team, rowan, days_ago=1, kind="forum")
    url = reverse("priorities:priority", args=[priority.id])
    login(client, team.quality)
    form = {
        "form": "review",
        "review-session": forum.id,
        "review-progress": "Shorter waits at night.",
        "review-objective": priority.objectives.get().id,
        "review-why": "Nearly there already.",
    }
    for typed, said in (
        ("ten", "Enter the new target as a number, such as 20."),
        ("150", "Enter a target from 0 to 100 for a percentage, or 0 or more."),
    ):
        response = client.post(url, {**form, "review-target": typed})
        body = response.content.decode()
        assert response.status_code == 400
        summary = re.search(r"nhsuk-error-summary__list.*?</ul>", body, re.S).group(0)
        assert [m.strip() for m in re.findall(r"<a [^>]*>(.*?)</a>", summary, re.S)] == [said]
        assert f'value="{typed}"' in body and "Shorter waits at night." in body and "Nearly there already." in body
    # So is a date that does not exist.
    body = client.post(url, {**form, "review-deadline": "2027-02-31"}).content.decode()
    summary = re.search(r"nhsuk-error-summary__list.*?</ul>", body, re.S).group(0)
    assert [m.strip() for m in re.findall(r"<a [^>]*>(.*?)</a>", summary, re.S)] == ["Enter a real date."]
    assert 'value="2027-02-31"' in body
    assert not PriorityReview.objects.for_org(org).exists()


def test_a_session_at_a_service_since_archived_says_why_no_priority_is_chosen_there(
    client, org, services, team, framework
):
    rowan, beech = services[0], services[1]
    planning = session(team, rowan, title="Rowan House planning day")
    idea = plan.idea_add(scope=team.scope("quality"), session_id=planning.id, text="Answer bells at night", votes=9)
    whole = session(team, None, title="Planning day for every service")
    service_archive(scope=system_scope(organisation=org), service=rowan)
    closed = "Rowan House has been archived, so no priority is chosen at this session now."
    with pytest.raises(ValidationError) as caught:
        choose(team, planning, idea_id=idea.id)
    assert caught.value.message_dict == {"session": [closed]}
    with pytest.raises(ValidationError) as caught:  # nor from a session of the whole organisation
        choose(team, whole, service_id=rowan.id)
    assert caught.value.message_dict == {
        "service": [
            "Rowan House has been archived, so no priority is chosen there now. "
            "Choose a service that is open, or the whole organisation."
        ]
    }

    login(client, team.quality)
    body = client.get(reverse("priorities:session", args=[planning.id])).content.decode()
    assert "Make this a priority" not in body
    assert "Rowan House has been archived, so no idea is added and no priority is chosen at this session now." in body
    # The form lists the session with its service marked as archived, before anyone chooses it.
    form = client.get(reverse("priorities:new")).content.decode()
    assert f"Rowan House planning day ({planning.held_on:%-d %b %Y}, Rowan House, now archived)" in form
    assert f"Planning day for every service ({whole.held_on:%-d %b %Y}, Whole organisation)" in form
    # The form reached from before the service closed (it no longer lists Rowan House) says why.
    response = client.post(reverse("priorities:new"), {**_priority_form(team, planning, beech), "idea": idea.id})
    body = response.content.decode()
    assert response.status_code == 400 and closed in body and "The session was about" not in body
    assert not QualityPriority.objects.for_org(org).exists()


def test_the_action_log_says_an_action_came_from_a_quality_priority(client, org, services, team, framework):
    """It said "From feedback None": the list named only decisions, themes and feedback."""
    priority = choose(team, session(team, services[0], days_ago=30))
    plan.objective_action_open(
        scope=team.scope("quality"), objective_id=priority.objectives.get().id, action=action_input(team)
    )
    client.force_login(team.quality.user)
    body = client.get(reverse("governance:actions")).content.decode()
    assert f"From the quality priority {priority.title}" in body
    assert "None" not in body


def _priority_form(team, planning, service) -> dict:
    return {
        "session": planning.id,
        "title": "Answer bells at night",
        "service": service.id,
        "year": planning.held_on.year + 1,
        "description": "Fewer people wait for the bell",
        "measure": "theme_share",
        "theme_code": BELLS,
        "target": "10",
        "deadline": (clock.today() + dt.timedelta(days=200)).isoformat(),
        "lead": team.quality.id,
    }


def test_a_priority_sent_from_a_page_opened_before_its_service_closed_is_refused_naming_it(
    client, org, services, team, framework
):
    """A whole-organisation planning session; the form is opened while Rowan House is open and sent
    after it closed: refused in the priority's words, not the words for a service that is not offered."""
    whole = session(team, None, title="Planning day for every service")
    login(client, team.quality)
    assert ">Rowan House</option>" in client.get(reverse("priorities:new")).content.decode()
    service_archive(scope=system_scope(organisation=org), service=services[0])
    response = client.post(reverse("priorities:new"), _priority_form(team, whole, services[0]))
    body = response.content.decode()
    assert response.status_code == 400 and NOT_OFFERED not in body
    assert (
        "Rowan House has been archived, so no priority is chosen there now. "
        "Choose a service that is open, or the whole organisation." in body
    )
    assert not QualityPriority.objects.for_org(org).exists()


def test_a_priority_at_a_closed_service_outside_the_persons_scope_does_not_name_it(
    client, org, services, team, framework
):
    beech = session(team, services[1], title="Beech Court planning day", participant_ids=[team.beech_manager.id])
    service_archive(scope=system_scope(organisation=org), service=services[0])
    login(client, team.beech_manager)
    body = client.post(reverse("priorities:new"), _priority_form(team, beech, services[0])).content.decode()
    assert NOT_OFFERED in body
    assert "Rowan House" not in body and "has been archived" not in body
    assert not QualityPriority.objects.for_org(org).exists()


def test_a_priority_at_a_closed_services_session_is_refused_on_the_session_with_the_forms_other_problems(
    client, org, services, team, framework
):
    """The session of a service since closed, with its own service chosen and the priority's words left
    out: the form said the service ("Choose a service that is open"), which would not help, and never
    the session; once the words were given it said the session. Now the session, with the words."""
    rowan = services[0]
    planning = session(team, rowan, title="Rowan House planning day")
    service_archive(scope=system_scope(organisation=org), service=rowan)
    login(client, team.quality)
    for service in (rowan, services[1]):
        response = client.post(reverse("priorities:new"), {**_priority_form(team, planning, service), "title": ""})
        body = response.content.decode()
        summary = re.search(r"nhsuk-error-summary__list.*?</ul>", body, re.S).group(0)
        assert [m.strip() for m in re.findall(r"<a [^>]*>(.*?)</a>", summary, re.S)] == [
            "Enter the priority in a few words.",
            "Rowan House has been archived, so no priority is chosen at this session now.",
        ]
    assert not QualityPriority.objects.for_org(org).exists()


def test_a_priority_says_a_closed_session_and_another_closed_service_both(org, services, team, framework):
    rowan, beech = services[0], services[1]
    planning = session(team, rowan, title="Rowan House planning day")
    for closing in (rowan, beech):
        service_archive(scope=system_scope(organisation=org), service=closing)
    with pytest.raises(ValidationError) as caught:
        choose(team, planning, service_id=beech.id)
    assert caught.value.message_dict == {
        "session": ["Rowan House has been archived, so no priority is chosen at this session now."],
        "service": [
            "Beech Court has been archived, so no priority is chosen there now. "
            "Choose a service that is open, or the whole organisation."
        ],
        "lead": ["Choose someone who has a role at Beech Court."],
    }


def test_an_objectives_target_and_deadline_are_told_with_the_forms_other_problems(
    client, org, services, team, framework
):
    """A percentage over 100 and a deadline already passed were said only by the priority service, so
    only once the priority's words were given."""
    planning = session(team, services[0])
    login(client, team.quality)
    form = {
        **_priority_form(team, planning, services[0]),
        "title": "",
        "target": "150",
        "deadline": clock.today().isoformat(),
    }
    response = client.post(reverse("priorities:new"), form)
    summary = re.search(r"nhsuk-error-summary__list.*?</ul>", response.content.decode(), re.S).group(0)
    assert [m.strip() for m in re.findall(r"<a [^>]*>(.*?)</a>", summary, re.S)] == [
        "Enter the priority in a few words.",
        "Enter a target from 0 to 100 for a percentage, or 0 or more for a number.",
        "The deadline must be after today.",
    ]
    assert not QualityPriority.objects.for_org(org).exists()


def test_a_priority_of_a_service_the_person_does_not_cover_is_named_without_a_link(
    client, org, services, team, framework
):
    """The whole organisation's planning day chose one priority for Beech Court and one for every
    service: a partner at Rowan House reads both titles on the session's and the ideas' pages, and
    has a link only to the one whose page opens for them."""
    planning = session(team, None, title="Planning day for every service")
    quality = team.scope("quality")
    for_beech = plan.idea_add(scope=quality, session_id=planning.id, text="Quieter nights at Beech", votes=12)
    for_all = plan.idea_add(scope=quality, session_id=planning.id, text="Ask people first", votes=9)
    at_beech = choose(
        team,
        planning,
        idea_id=for_beech.id,
        title="Quieter nights at Beech Court",
        service_id=services[1].id,
        objectives=[objective(team, lead_id=team.beech_manager.id)],
    )
    everywhere = choose(
        team,
        planning,
        idea_id=for_all.id,
        title="Ask people first and keep them told",
        service_id=None,
        objectives=[objective(team, lead_id=team.quality.id)],
    )
    beech_url = reverse("priorities:priority", args=[at_beech.id])
    everywhere_url = reverse("priorities:priority", args=[everywhere.id])
    pages = [
        reverse("priorities:session", args=[planning.id]),
        reverse("priorities:idea", args=[for_beech.id]),
        reverse("priorities:idea", args=[for_all.id]),
    ]

    login(client, team.partner)
    assert client.get(beech_url).status_code == 404 and client.get(everywhere_url).status_code == 200
    session_page, beech_idea, all_idea = (client.get(url).content.decode() for url in pages)
    assert "Quieter nights at Beech Court" in session_page and f'href="{beech_url}"' not in session_page
    assert f'href="{everywhere_url}"' in session_page
    assert "Quieter nights at Beech Court" in beech_idea and f'href="{beech_url}"' not in beech_idea
    assert f'href="{everywhere_url}"' in all_idea

    # Whoever covers Beech Court keeps the link.
    login(client, team.quality)
    session_page, beech_idea, _ = (client.get(url).content.decode() for url in pages)
    assert f'href="{beech_url}"' in session_page and f'href="{beech_url}"' in beech_idea
