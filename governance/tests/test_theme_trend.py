"""A theme's page charts how often the theme is heard, month by month, with the actions taken on it
marked: whether it is heard less since is shown where the loop is read, not only in the packs."""

import datetime as dt

import pytest
from django.urls import reverse

from core import clock
from governance import services as gov
from governance.models import ActionSource
from organisations.scope import SESSION_SERVICE
from reports.spc import add_months, month_start

from .conftest import action_input, hear, theme

CALL_BELLS = "call-bells-and-responsiveness"
TITLE = "Answer call bells within five minutes"


def days_ago(day: dt.date) -> int:
    return (clock.today() - day).days


@pytest.fixture
def acted_on(org, services, team, framework):
    """Call bells heard at Rowan House in each of the last four whole months, in half the feedback (2
    of 4, enough in a month to be tested against the rules), and an action on the theme opened and
    done in the last of them."""
    rowan = services[0]
    last = add_months(month_start(clock.today()), -1)
    months = [add_months(last, -n) for n in range(4)]
    hear(team.staff, rowan, CALL_BELLS, days_ago=[days_ago(m + dt.timedelta(days=d)) for m in months for d in (2, 5)])
    hear(
        team.staff,
        rowan,
        "food-and-drink",
        days_ago=[days_ago(m + dt.timedelta(days=d)) for m in months for d in (3, 6)],
    )
    opened = dt.datetime.combine(last + dt.timedelta(days=4), dt.time(10), tzinfo=dt.UTC)
    action = gov.action_create(
        scope=team.scope("quality"),
        data=action_input(
            team, title=TITLE, service_id=rowan.id, source=ActionSource.THEME, theme_id=theme(org, CALL_BELLS).id
        ),
        now=opened,
    )
    gov.action_request_check(
        scope=team.scope("manager"),
        action_id=action.id,
        note="Weekly audit started.",
        now=opened + dt.timedelta(days=5),
    )
    return last


def page(client, person, service=None):
    client.force_login(person.user)
    if service is not None:
        session = client.session
        session[SESSION_SERVICE] = service.id
        session.save()
    response = client.get(reverse("governance:theme", args=[CALL_BELLS]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_quality_lead_sees_the_theme_heard_month_by_month_with_the_action_marked(client, team, acted_on):
    body = page(client, team.quality)
    assert "How often it is heard" in body
    assert "Call bells &amp; responsiveness: % of feedback, " in body
    assert f"to {acted_on:%b %Y}" in body or f"to {acted_on:%B %Y}" in body
    # Half the feedback with words each month carried the theme.
    assert "Mean 50.0%" in body
    # Looked at across all her services, the note says where the action was taken.
    assert f"Action done at Rowan House: {TITLE}" in body
    assert "The figures month by month" in body


def test_a_person_who_may_not_read_report_figures_sees_no_chart(client, team, acted_on):
    for person, heading in ((team.staff, "Its loops"), (team.partner, "What is being done about it")):
        body = page(client, person)
        assert heading in body
        assert "How often it is heard" not in body


def test_the_chart_follows_the_service_being_looked_at(client, services, team, acted_on):
    assert "How often it is heard" in page(client, team.quality, services[0])
    # Nothing was heard at Beech Court: no chart of empty months.
    assert "How often it is heard" not in page(client, team.quality, services[1])


def test_at_one_service_the_note_needs_no_service_name(client, services, team, acted_on):
    assert f"Action done: {TITLE}" in page(client, team.quality, services[0])


def test_an_action_sent_back_is_not_marked_as_done_but_as_done_and_sent_back(client, org, services, team, acted_on):
    from governance.models import Action

    action = Action.objects.for_org(org).get(title=TITLE)
    gov.action_check(
        scope=team.scope("quality"),
        action_id=action.id,
        impact_shown=False,
        note="No audit results yet.",
        now=dt.datetime.combine(acted_on + dt.timedelta(days=12), dt.time(10), tzinfo=dt.UTC),
    )
    body = page(client, team.quality)
    assert f"Action done at Rowan House, later sent back: {TITLE}" in body
    assert f"Action done at Rowan House: {TITLE}" not in body
    # Done again: the note moves to that day and says done.
    again = dt.datetime.combine(acted_on + dt.timedelta(days=20), dt.time(10), tzinfo=dt.UTC)
    gov.action_request_check(scope=team.scope("manager"), action_id=action.id, note="Audit results in.", now=again)
    body = page(client, team.quality, services[0])
    assert f"Action done: {TITLE}" in body and "sent back" not in body
