"""The agenda pack's themes mentioned most say what they count: every piece of feedback with the
theme since the last meeting of the kind, praise included. Beside a theme the meeting decided on
stands the count its decision weighed: concerns only, since the last meeting of the kind that decided
on themes (ADR 0009), so the two are not read as two figures for one thing."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from core import clock
from feedback.models import Comment, Sentiment
from governance import services as gov
from governance.packs import agenda_pack
from governance.selectors import meeting_get

from .conftest import hear, theme

pytestmark = pytest.mark.django_db

CALL_BELLS, FOOD = "call-bells-and-responsiveness", "food-and-drink"


def _meeting(team, rowan, days_ago: int, *, decided: tuple[str, ...] = ()):
    qs = team.scope("quality")
    meeting = gov.meeting_create(
        scope=qs,
        meeting_type="quality_safety",
        service_id=rowan.id,
        held_on=clock.today() - dt.timedelta(days=days_ago),
        chair_id=team.quality.id,
    )
    if decided:
        org = rowan.organisation
        gov.decision_record(
            scope=qs,
            meeting_id=meeting.id,
            text="Keep watching these.",
            evidence=gov.Evidence(theme_ids=[theme(org, code).id for code in decided]),
        )
    return meeting


@pytest.fixture
def heard(org, services, team, framework):
    """Call bells raised as a concern 90, 50, 20 and 10 days ago and praised 5 days ago; food raised
    70 days ago; both at Rowan House. A review 100 days ago decided on call bells; a monthly meeting
    30 days ago decided nothing."""
    rowan = services[0]
    hear(team.staff, rowan, CALL_BELLS, days_ago=[90, 50, 20, 10])
    [praise] = hear(team.staff, rowan, CALL_BELLS, days_ago=[5], text="The call bell was answered at once.")
    Comment.objects.for_org(org).filter(feedback=praise).update(sentiment=Sentiment.VERY_POSITIVE)
    hear(team.staff, rowan, FOOD, days_ago=[70])
    _meeting(team, rowan, 100, decided=(CALL_BELLS,))
    _meeting(team, rowan, 30)
    return rowan


def _pack(team, meeting):
    qs = team.scope("quality")
    return agenda_pack(scope=qs, meeting=meeting_get(scope=qs, meeting_id=meeting.id), today=clock.today())


def test_beside_a_theme_decided_on_is_the_count_of_concerns_since_the_last_meeting_that_decided(client, team, heard):
    review = _meeting(team, heard, 0, decided=(CALL_BELLS, FOOD))

    pack = _pack(team, review)

    # Since the meeting 30 days ago: two concerns and the praise. Since the day after the review 100 days
    # ago, up to today: four concerns, praise left out. Food was not mentioned since the last meeting,
    # and is listed as the meeting decided on it.
    assert pack.concerns_since == clock.today() - dt.timedelta(days=99)
    assert [(t.code, t.now, t.concerns) for t in pack.top_themes] == [(CALL_BELLS, 3, 4), (FOOD, 0, 1)]

    client.force_login(team.quality.user)
    page = " ".join(client.get(reverse("governance:meeting-pack", args=[review.id])).content.decode().split())
    since = (clock.today() - dt.timedelta(days=30)).strftime("%-d %B %Y")
    first = (clock.today() - dt.timedelta(days=99)).strftime("%-d %B %Y")
    # The evidence read before the meeting and what the meeting decided are two tables with short
    # headings; the first says nothing of decisions a pack read beforehand cannot know.
    evidence = _table(page, f"Themes mentioned most since {since}")
    decided = _table(page, "Themes this meeting decided on")
    assert (
        f'<th scope="col">Feedback since {since}</th>' in evidence and "decided" not in evidence.split("</caption>")[1]
    )
    assert re.findall(r">([^<>]+)</a></td> <td[^>]*>(\d+)<", evidence) == [("Call bells &amp; responsiveness", "3")]
    assert f'<th scope="col">Concerns, {first} to {clock.today():%-d %B %Y}</th>' in decided
    assert re.findall(r">([^<>]+)</a></td> <td[^>]*>(\d+)<", decided) == [
        ("Call bells &amp; responsiveness", "4"),
        ("Food &amp; drink", "1"),
    ]
    assert "as this meeting decided on it" not in page and "Not decided on at this meeting" not in page
    assert "Most mentioned this period" not in page


def _table(page: str, caption: str) -> str:
    return re.search(
        rf'<table class="nhsuk-table"> <caption[^>]*>{re.escape(caption)}</caption>.*?</table>', page
    ).group(0)


def test_a_meeting_that_decided_on_no_theme_shows_only_what_was_mentioned(client, team, heard):
    coming = _meeting(team, heard, -7)

    pack = _pack(team, coming)

    assert pack.concerns_since is None
    assert [(t.code, t.now, t.concerns) for t in pack.top_themes] == [(CALL_BELLS, 3, None)]
    client.force_login(team.quality.user)
    page = " ".join(client.get(reverse("governance:meeting-pack", args=[coming.id])).content.decode().split())
    assert "Themes mentioned most since" in page and "Themes this meeting decided on" not in page
    assert "Concerns," not in page


def test_with_no_earlier_meeting_that_decided_the_concerns_are_counted_over_the_packs_period(
    org, services, team, framework
):
    rowan = services[0]
    hear(team.staff, rowan, CALL_BELLS, days_ago=[40, 20, 10])
    first = _meeting(team, rowan, 0, decided=(CALL_BELLS,))

    pack = _pack(team, first)

    # No earlier meeting of the kind: the pack looks back 31 days, and so do the concerns.
    assert pack.concerns_since == pack.since == clock.today() - dt.timedelta(days=31)
    assert [(t.code, t.now, t.concerns) for t in pack.top_themes] == [(CALL_BELLS, 2, 2)]
