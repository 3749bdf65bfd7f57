"""A co-production partner's tracker and a theme's page count only the feedback they can open (what
people agreed could be shared, less what is held back for an urgent flag), as their home page and their
feedback list do, so no page tells them more than they can open (ADR 0009)."""

from django.urls import reverse

from feedback.models import Feedback
from organisations.tests.words import page_words, read_as

from .conftest import hear

CALL_BELLS = "call-bells-and-responsiveness"
FOOD = "food-and-drink"


def pages(client, person):
    return {
        name: page_words(html)
        for name, html in read_as(
            client,
            person,
            {
                "home": reverse("organisations:home"),
                "tracker": reverse("governance:loops"),
                "bells": reverse("governance:theme", args=[CALL_BELLS]),
                "food": reverse("governance:theme", args=[FOOD]),
            },
        ).items()
    }


def test_a_partner_counts_on_the_tracker_and_a_themes_page_only_what_they_can_open(
    client, org, services, team, framework
):
    # Given call bells raised at Rowan House in 3 pieces of feedback shared and 4 not, food in 3 that
    # nobody agreed to share, and 3 more about food shared but held back for an urgent check
    rowan = services[0]
    hear(team.staff, rowan, CALL_BELLS, days_ago=[20, 12, 5], shared=True)
    hear(team.staff, rowan, CALL_BELLS, days_ago=[18, 10, 8, 3])
    hear(team.staff, rowan, FOOD, days_ago=[30, 20, 10])
    held = hear(team.staff, rowan, FOOD, days_ago=[25, 15, 6], shared=True)
    Feedback.objects.for_org(org).filter(pk__in=[f.pk for f in held]).update(urgent_check_pending=True)

    # When Margaret, a partner at Rowan House, reads her pages
    partner = pages(client, team.partner)

    # Then the tracker and the theme's page count the 3 pieces she can open, as her home page does
    assert "Concerns, 1 in all" in partner["home"]
    for name in ("tracker", "bells"):
        assert "Raised in 3 pieces of feedback" in partner[name], name
        assert "7 pieces" not in partner[name], name
    # And food, raised only in feedback she cannot open, is not a concern on any of them, not even by name
    assert "All concerns (1)" in partner["tracker"] and "1 concern" in partner["tracker"]
    assert "Food & drink" not in partner["tracker"]
    assert "No concerns to show." in partner["food"]

    # The service's manager opens all of it, and counts all of it
    manager = pages(client, team.manager)
    assert "All loops (2)" in manager["tracker"]
    assert (
        "Raised in 7 pieces of feedback" in manager["tracker"] and "Raised in 7 pieces of feedback" in manager["bells"]
    )
    assert "Raised in 6 pieces of feedback" in manager["food"]
