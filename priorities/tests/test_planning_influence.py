"""A priority chosen at a planning session is what that session influenced, in the co-production ledger
and the reports that count it (ADR 0014, addendum of 2026-12-05): read from the priority, never copied."""

import re

from django.urls import reverse

from core import clock
from governance import selectors as ledger
from governance import services as gov
from governance.models import CoproductionInfluence, Rung
from organisations.tests.words import page_words
from priorities import services as plan
from reports.cqc import cqc_pack
from reports.quarterly import quarterly_summary

from .test_priorities import choose, objective, session


def login(client, person):
    client.force_login(person.user)
    return client


def everywhere_chosen(team, planning, title):
    """A priority of the whole organisation, led by someone who covers every service."""
    return choose(team, planning, service_id=None, title=title, objectives=[objective(team, lead_id=team.quality.id)])


def planned(team, services, *, days_ago=20):
    """A planning day of the whole organisation where people chose one priority for every service and
    one for Rowan House, and a third that was recorded twice and withdrawn."""
    planning = session(team, None, days_ago=days_ago, title="Planning day", rung=Rung.CO_PRODUCTION)
    everywhere = everywhere_chosen(team, planning, "Ask people first and keep them told")
    at_rowan = choose(team, planning, service_id=services[0].id, title="Answer call bells at night")
    twice = everywhere_chosen(team, planning, "Ask people first, again")
    plan.priority_withdraw(scope=team.scope("quality"), priority_id=twice.id, reason="Recorded twice.")
    return planning, everywhere, at_rowan


def counted(scope, activity):
    return ledger.coproduction_list(scope=scope).get(pk=activity.pk).influence_count


def test_the_priorities_chosen_at_a_planning_session_count_as_what_it_influenced(org, services, team, framework):
    planning = session(team, None, days_ago=20, title="Planning day")
    assert counted(team.scope("quality"), planning) == 0
    planning, everywhere, at_rowan = planned(team, services)
    # The two in force count; the one withdrawn as recorded twice was not chosen.
    assert counted(team.scope("quality"), planning) == 2
    # Nothing was copied into the ledger: it is read from the priorities.
    assert not CoproductionInfluence.objects.for_org(org).exists()
    # Only priorities the reader may see: Beech Court's manager does not read Rowan House's.
    assert counted(team.scope("beech_manager"), planning) == 1
    assert counted(team.scope("partner"), planning) == 2
    # One recorded by hand counts beside them.
    gov.coproduction_influence_add(scope=team.scope("quality"), activity_id=planning.id, text="The board adopted them.")
    assert counted(team.scope("quality"), planning) == 3

    # A corrected entry is followed by its priorities, so the count moves with them.
    corrected = gov.coproduction_correct(
        scope=team.scope("quality"),
        activity_id=planning.id,
        reason="The title was wrong.",
        kind="planning",
        service_id=None,
        held_on=planning.held_on,
        title="Planning day for next year",
        rung=Rung.CO_PRODUCTION,
        recognition="payment",
        participant_ids=[team.partner.id],
    )
    assert counted(team.scope("quality"), corrected) == 3
    assert not ledger.coproduction_list(scope=team.scope("quality")).filter(pk=planning.pk).exists()


def test_the_ledger_pages_list_the_priorities_chosen_at_the_session(client, org, services, team, framework):
    planning, everywhere, at_rowan = planned(team, services)
    login(client, team.partner)
    html = client.get(reverse("governance:coproduction-activity", args=[planning.id])).content.decode()
    influenced = page_words(html).split("What it influenced", 1)[1]
    assert "Nothing recorded yet" not in influenced
    assert f"Ask people first and keep them told: chosen as a priority for {everywhere.year} (Whole organisation)." in (
        influenced
    )
    assert f"Answer call bells at night: chosen as a priority for {at_rowan.year} (Rowan House)." in influenced
    assert "Ask people first, again" not in influenced
    for priority in (everywhere, at_rowan):
        assert f'href="{reverse("priorities:priority", args=[priority.id])}"' in html
    listed = page_words(client.get(reverse("governance:coproduction")).content.decode())
    assert re.search(r"Planning day .*?2 things", listed)

    # Beech Court's manager reads the whole organisation's planning day, without Rowan House's priority.
    login(client, team.beech_manager)
    html = client.get(reverse("governance:coproduction-activity", args=[planning.id])).content.decode()
    words = page_words(html)
    assert "Ask people first and keep them told" in words and "Answer call bells at night" not in words
    assert re.search(
        r"Planning day .*?1 thing\b", page_words(client.get(reverse("governance:coproduction")).content.decode())
    )


def test_the_quarterly_summary_and_the_cqc_pack_count_a_planning_session_by_its_priorities(
    org, services, team, framework
):
    planning = session(team, None, days_ago=20, title="Planning day")

    def summarised():
        section = quarterly_summary(scope=team.scope("quality"), quarter=planning.held_on).section("took-part")
        [row] = [r for r in section.tables[1].rows if r[1] == "Planning day"]
        return row[-1], section.paragraphs[-1]

    def in_the_pack():
        report = cqc_pack(scope=team.scope("quality"), today=clock.today())
        [table] = [t for t in report.section("listens").all_tables if t.sheet == "Co-production ledger"]
        return [row for row in table.rows if row[0] == "Co-production"]

    influenced, said = summarised()
    assert influenced == 0 and "0 influenced a decision or a change" in said
    assert in_the_pack() == [["Co-production", 1, 0]]
    everywhere_chosen(team, planning, "Ask people first and keep them told")
    choose(team, planning, service_id=services[0].id, title="Answer call bells at night")
    influenced, said = summarised()
    assert influenced == 2 and "1 influenced a decision or a change" in said
    assert in_the_pack() == [["Co-production", 1, 1]]


def test_a_priority_withdrawn_as_chosen_by_mistake_no_longer_counts_where_it_was_chosen(org, services, team, framework):
    planning = session(team, services[0], days_ago=10)
    only = choose(team, planning)
    assert counted(team.scope("manager"), planning) == 1
    plan.priority_withdraw(scope=team.scope("manager"), priority_id=only.id, reason="Chosen by mistake.")
    assert counted(team.scope("manager"), planning) == 0
