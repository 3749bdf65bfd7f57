"""A service that has closed: what was recorded there stays readable and may be put right, but
nothing new is added there (ADR 0015): no idea, objective, review or action."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from governance.models import Action, Rung
from governance.tests.conftest import action_input
from organisations.scope import system_scope
from organisations.services import service_archive
from priorities import services as plan
from priorities.models import (
    IdeaWithdrawal,
    Objective,
    PriorityIdea,
    PriorityReview,
    PriorityWithdrawal,
    QualityPriority,
)

from .test_pages import _priority_form
from .test_priorities import choose, objective, session

CLOSED = "Rowan House has been archived, so "


@pytest.fixture
def closed(org, services, team, framework):
    """A planning session at Rowan House with two ideas, a priority chosen from one, and a forum that
    could review it; then Rowan House closes."""
    rowan = services[0]
    planning = session(team, rowan, title="Rowan House planning day")
    quality = team.scope("quality")
    bells = plan.idea_add(scope=quality, session_id=planning.id, text="Answer bells at night", votes=9)
    trips = plan.idea_add(scope=quality, session_id=planning.id, text="More trips out", votes=4)
    priority = choose(team, planning, idea_id=bells.id)
    forum = session(team, rowan, days_ago=0, kind="forum", rung=Rung.ENGAGEMENT, title="Residents' forum")
    service_archive(scope=system_scope(organisation=org), service=rowan)
    return planning, bells, trips, priority, forum


def refused(call) -> dict:
    with pytest.raises(ValidationError) as caught:
        call()
    return caught.value.message_dict


def test_no_idea_is_added_at_a_session_of_a_closed_service_but_one_recorded_wrongly_is_put_right(org, team, closed):
    planning, bells, trips, priority, _ = closed
    quality = team.scope("quality")
    assert refused(lambda: plan.idea_add(scope=quality, session_id=planning.id, text="A garden", votes=3)) == {
        "session": [f"{CLOSED}no idea is added at this session now."]
    }
    assert not PriorityIdea.objects.for_org(org).filter(text="A garden").exists()

    # The votes were mistyped from the cards: the session's record is put right, and the priority
    # chosen from the idea names the corrected one.
    fixed = plan.idea_correct(scope=quality, idea_id=bells.id, text=bells.text, votes=12, reason="Twelve cards.")
    assert fixed.votes == 12 and fixed.replaces == bells
    assert QualityPriority.objects.for_org(org).get(pk=priority.pk).idea == fixed
    plan.idea_withdraw(scope=quality, idea_id=trips.id, reason="Typed in from another home's cards.")
    assert IdeaWithdrawal.objects.for_org(org).filter(idea=trips).exists()


def test_a_priority_of_a_closed_service_takes_no_objective_review_or_action_but_may_be_withdrawn(org, team, closed):
    _, _, _, priority, forum = closed
    quality = team.scope("quality")
    assert refused(lambda: plan.objective_add(scope=quality, priority_id=priority.id, data=objective(team))) == {
        "__all__": [f"{CLOSED}no objective is added to this priority now."]
    }
    assert Objective.objects.for_org(org).filter(priority=priority).count() == 1
    assert refused(
        lambda: plan.review_record(
            scope=quality, priority_id=priority.id, session_id=forum.id, progress="Shorter waits at night."
        )
    ) == {"__all__": [f"{CLOSED}no review is recorded for this priority now."]}
    assert not PriorityReview.objects.for_org(org).exists()
    first = priority.objectives.get()
    assert refused(
        lambda: plan.objective_action_open(scope=quality, objective_id=first.id, action=action_input(team))
    ) == {"__all__": [f"{CLOSED}no action is opened for this priority now."]}
    assert not Action.objects.for_org(org).exists()

    # Chosen by mistake: withdrawing it puts the record right.
    plan.priority_withdraw(scope=quality, priority_id=priority.id, reason="Chosen twice.")
    assert PriorityWithdrawal.objects.for_org(org).filter(priority=priority).exists()


def login(client, person):
    client.force_login(person.user)
    return client


def test_the_session_page_of_a_closed_service_offers_no_idea_form_and_says_why(client, org, team, closed):
    planning, bells, *_ = closed
    login(client, team.quality)
    url = reverse("priorities:session", args=[planning.id])
    body = client.get(url).content.decode()
    assert "Add an idea" not in body and 'name="votes"' not in body
    assert (
        "Rowan House has been archived, so no idea is added and no priority is chosen at this session now. Its "
        "record is kept here, and an idea recorded wrongly can still be corrected or withdrawn from its page."
    ) in body
    assert reverse("priorities:idea", args=[bells.id]) in body  # each idea still opens, to be put right

    # A form opened before the service closed and sent after is refused, saying why.
    response = client.post(url, {"text": "A garden", "votes": "3"})
    assert response.status_code == 400
    assert f"{CLOSED}no idea is added at this session now." in response.content.decode()
    assert not PriorityIdea.objects.for_org(org).filter(text="A garden").exists()

    idea_page = client.get(reverse("priorities:idea", args=[bells.id])).content.decode()
    assert "Correct the words or the votes" in idea_page


def test_the_priority_page_of_a_closed_service_offers_no_new_objective_review_or_action(client, org, team, closed):
    _, _, _, priority, forum = closed
    login(client, team.quality)
    url = reverse("priorities:priority", args=[priority.id])
    body = client.get(url).content.decode()
    for offer in ("Add an objective", "Open an action for an objective", "Record a review"):
        assert offer not in body
    assert (
        "Rowan House has been archived, so no objective, action or review is added to this priority now. "
        "Its record is kept here as it was."
    ) in body
    assert "Withdraw this priority" in body

    response = client.post(
        url,
        {"form": "review", "review-session": forum.id, "review-progress": "Shorter waits.", "review-objective": ""},
    )
    assert response.status_code == 400
    assert f"{CLOSED}no objective, action or review is added to this priority now." in response.content.decode()
    assert not PriorityReview.objects.for_org(org).exists()


def test_an_open_services_priority_page_still_offers_them(client, org, services, team, framework):
    """The same page for a service still open, so the test above fails if nothing is hidden."""
    planning = session(team, services[0])
    priority = choose(team, planning)
    login(client, team.quality)
    body = client.get(reverse("priorities:priority", args=[priority.id])).content.decode()
    for offer in ("Add an objective", "Open an action for an objective", "Record a review"):
        assert offer in body
    assert "has been archived" not in body


def test_a_priority_at_a_closed_service_is_told_with_the_forms_other_problems(client, org, services, team, framework):
    """The priority's words left out and a service closed since the page opened: both are said at once,
    not the words first and the service once they are given, and nothing is chosen."""
    whole = session(team, None, title="Planning day for every service")
    service_archive(scope=system_scope(organisation=org), service=services[0])
    login(client, team.quality)
    response = client.post(reverse("priorities:new"), {**_priority_form(team, whole, services[0]), "title": ""})
    body = response.content.decode()
    assert response.status_code == 400
    assert f"{CLOSED}no priority is chosen there now. Choose a service that is open, or the whole organisation." in body
    assert "Enter the priority in a few words." in body
    assert not QualityPriority.objects.for_org(org).exists()
