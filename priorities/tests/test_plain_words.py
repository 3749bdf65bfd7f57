"""The priorities pages a co-production partner reads say goals, the figure before and what is counted,
never objectives, a baseline or a measure; staff who plan the priorities keep their terms (ADR 0009)."""

from django.urls import reverse

from organisations.tests.words import page_words, read_as, says

from .test_priorities import choose, session

JARGON = ("objective", "objectives", "baseline", "measure", "measured", "measurable")


def pages(client, person, priority):
    return read_as(
        client,
        person,
        {
            "list": reverse("priorities:list"),
            "priority": reverse("priorities:priority", args=[priority.id]),
        },
    )


def test_a_partner_reads_the_priorities_in_plain_words(client, org, services, team, framework):
    priority = choose(team, session(team, services[0]))
    shown = pages(client, team.partner, priority)
    for name, html in shown.items():
        assert says(html, *JARGON) == [], name
    assert "Each has goals we can count, with the figure before" in page_words(shown["list"])
    assert "Goals and who leads each" in page_words(shown["list"])
    words = page_words(shown["priority"])
    assert "Goal Lead Before Now Target By Status" in words
    assert "Before: the 91 days before the goal was set." in words
    assert "Actions to meet the goals" in words


def test_staff_who_plan_the_priorities_keep_their_terms(client, org, services, team, framework):
    priority = choose(team, session(team, services[0]))
    words = page_words(pages(client, team.quality, priority)["priority"])
    assert "Objective Lead Baseline Now Target By Status" in words
    assert "Baseline: the 91 days before the objective was set." in words
