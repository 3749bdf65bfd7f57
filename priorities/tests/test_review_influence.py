"""A change agreed at a review is what that review's session influenced, in the co-production ledger and
the reports that count it (ADR 0014, addendum of 2026-12-04): read from the review, never copied."""

import datetime as dt
import re

from django.urls import reverse

from core import clock
from governance import selectors as ledger
from governance import services as gov
from governance.models import CoproductionInfluence, Rung
from organisations.tests.words import page_words
from priorities import services as plan
from reports.evidence import holdings
from reports.oversight import activities_in

from .test_priorities import choose, objective, session


def login(client, person):
    client.force_login(person.user)
    return client


def reviewed(team, services, *, target=5.0, deadline=None):
    """A whole-organisation priority chosen at a planning day and reviewed at a forum where residents
    changed its target, as in the demo's second quarterly review."""
    planning = session(team, None, days_ago=200, title="Planning day")
    priority = choose(team, planning, service_id=None, objectives=[objective(team, lead_id=team.quality.id)])
    made = priority.objectives.get()
    forum = session(team, None, days_ago=20, kind="review", rung=Rung.CO_DESIGN, title="Second quarterly review")
    plan.review_record(
        scope=team.scope("quality"),
        priority_id=priority.id,
        session_id=forum.id,
        progress="Night waits are shorter.",
        adjustments=[
            plan.AdjustmentInput(
                objective_id=made.id, target=target, deadline=deadline, why="Residents said 10% still meant waiting."
            )
        ],
    )
    return priority, forum


def test_a_change_agreed_at_a_review_counts_as_what_its_session_influenced(org, services, team, framework):
    _, forum = reviewed(team, services)
    planning_day = ledger.coproduction_list(scope=team.scope("quality")).get(title="Planning day")
    counted = ledger.coproduction_list(scope=team.scope("quality")).get(pk=forum.pk)
    # The planning day counts the priority chosen there (ADR 0014, addendum of 2026-12-05).
    assert (counted.influence_count, planning_day.influence_count) == (1, 1)
    # Nothing was copied into the ledger: it is read from the review.
    assert not CoproductionInfluence.objects.for_org(org).exists()
    # One recorded by hand counts beside it.
    gov.coproduction_influence_add(scope=team.scope("quality"), activity_id=forum.id, text="The leaflet was rewritten.")
    assert ledger.coproduction_list(scope=team.scope("partner")).get(pk=forum.pk).influence_count == 2

    today = clock.today()
    first = (today - dt.timedelta(days=60)).replace(day=1)
    [fact] = activities_in(scope=team.scope("quality"), first=first, last=today)
    assert (fact.rung, fact.influenced) == ("Co-design", 2)
    found = holdings(scope=team.scope("quality"), first=today - dt.timedelta(days=60), last=today)
    assert found.coproduction_by_rung["Co-design"] == (1, 1)


def test_the_ledger_entry_says_what_the_review_changed(client, org, services, team, framework):
    priority, forum = reviewed(team, services, deadline=clock.today() + dt.timedelta(days=400))
    login(client, team.partner)
    html = client.get(reverse("governance:coproduction-activity", args=[forum.id])).content.decode()
    words = page_words(html)
    influenced = words.split("What it influenced", 1)[1]
    assert "Nothing recorded yet" not in influenced
    assert (
        "Answer call bells at night: Fewer people wait for the call bell: target from 10.0% to 5.0%; to be met by "
        f"{clock.today() + dt.timedelta(days=400):%-d %B %Y} instead of {clock.today() + dt.timedelta(days=300):%-d %B %Y}."
    ) in influenced
    assert "Why: Residents said 10% still meant waiting." in influenced
    assert f'href="{reverse("priorities:priority", args=[priority.id])}"' in html
    listed = page_words(client.get(reverse("governance:coproduction")).content.decode())
    assert re.search(r"Second quarterly review .*?1 thing", listed)
