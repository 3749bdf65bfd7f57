"""The ledger's entries of the whole organisation are read at every service, as its priorities are
(ADR 0014, addendum of 2026-12-04); recording against them still needs a role over every service."""

import datetime as dt
import re

import pytest
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.urls import reverse

from core import clock
from governance import selectors
from governance import services as gov
from governance.models import CoproductionInfluence, Rung
from organisations.roles import Role
from organisations.tests.factories import person_with_role
from organisations.tests.words import page_words

from .conftest import scope_of, theme


def whole_organisation_session(team, **overrides):
    fields = {
        "kind": "planning",
        "service_id": None,
        "held_on": clock.today() - dt.timedelta(days=10),
        "title": "Planning day for the year's priorities",
        "rung": Rung.CO_PRODUCTION,
        "recognition": "payment",
        "participant_ids": [team.partner.id, team.quality.id],
        "others_count": 6,
        "others_description": "residents and family carers from every home",
    }
    return gov.coproduction_record(scope=team.scope("quality"), **{**fields, **overrides})


def login(client, person):
    client.force_login(person.user)
    return client


def page(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def links(html: str) -> dict[str, str]:
    """Each link's words, with where it goes."""
    return {page_words(words): href for href, words in re.findall(r'<a [^>]*href="([^"]+)"[^>]*>(.*?)</a>', html, re.S)}


def test_a_partner_at_one_service_reads_the_whole_organisations_entries(org, services, team):
    session = whole_organisation_session(team)
    at_rowan = gov.coproduction_record(
        scope=team.scope("quality"),
        kind="forum",
        service_id=services[0].id,
        held_on=clock.today() - dt.timedelta(days=3),
        title="Residents' forum",
        rung=Rung.CONSULTATION,
        recognition="thanks",
        participant_ids=[team.partner.id],
    )
    partner = team.scope("partner")
    assert selectors.coproduction_get(scope=partner, activity_id=session.id) == session
    assert set(selectors.coproduction_list(scope=partner)) == {session, at_rowan}
    # Beech Court's manager reads it too, and still not Rowan House's entry.
    beech = scope_of(team.beech_manager)
    assert list(selectors.coproduction_list(scope=beech)) == [session]
    with pytest.raises(ObjectDoesNotExist):
        selectors.coproduction_get(scope=beech, activity_id=at_rowan.id)


def test_the_whole_organisations_entries_stay_in_their_organisation(org, other_org, services, team):
    session = whole_organisation_session(team)
    elsewhere = person_with_role(other_org, Role.QUALITY_LEAD, all_services=True)
    with pytest.raises(ObjectDoesNotExist):
        selectors.coproduction_get(scope=scope_of(elsewhere), activity_id=session.id)
    assert not selectors.coproduction_list(scope=scope_of(elsewhere)).exists()
    with pytest.raises(PermissionDenied):
        selectors.coproduction_get(scope=team.scope("commissioner"), activity_id=session.id)


def test_reading_an_entry_of_the_whole_organisation_is_not_recording_against_it(client, org, services, team):
    session = whole_organisation_session(team)
    manager = team.scope("manager")
    with pytest.raises(ObjectDoesNotExist):
        gov.coproduction_influence_add(scope=manager, activity_id=session.id, text="We changed the menu.")
    with pytest.raises(ObjectDoesNotExist):
        gov.coproduction_withdraw(scope=manager, activity_id=session.id, reason="Recorded twice.")
    url = reverse("governance:coproduction-activity", args=[session.id])
    login(client, team.manager)
    words = page_words(page(client, url))
    assert "Planning day for the year's priorities" in words or "Planning day for the year&#39;s priorities" in words
    assert "Record what it influenced" not in words
    assert "Correct this entry" not in words
    assert client.post(url, {"form": "influence", "text": "We changed the menu."}).status_code == 200
    assert not CoproductionInfluence.objects.for_org(org).exists()


def test_the_planning_sessions_link_to_who_took_part_opens_for_a_partner(client, org, services, team):
    session = whole_organisation_session(team)
    login(client, team.partner)
    link = links(page(client, reverse("priorities:session", args=[session.id])))["Who took part, under Co-production"]
    assert link == reverse("governance:coproduction-activity", args=[session.id])
    took_part = page_words(page(client, link)).split("Who took part", 2)[-1]
    assert "Margaret Wilson (uses services or cares for someone who does)" in took_part
    assert "6 others: residents and family carers from every home" in took_part


def test_what_a_whole_organisation_entry_shaped_elsewhere_is_not_told_to_other_services(
    client, org, services, team, framework
):
    """An entry first recorded at Beech Court, with a decision there it shaped, corrected to be about
    the whole organisation: it keeps what it influenced, which Rowan House's partner is not told."""
    beech = services[1]
    quality = team.scope("quality")
    at_beech = gov.meeting_create(
        scope=quality,
        meeting_type="quality_safety",
        service_id=beech.id,
        held_on=clock.today(),
        chair_id=team.quality.id,
    )
    board = gov.meeting_create(
        scope=quality, meeting_type="quality_safety", service_id=None, held_on=clock.today(), chair_id=team.quality.id
    )
    call_bells = gov.Evidence(theme_ids=[theme(org, "call-bells-and-responsiveness").id])
    beech_decision = gov.decision_record(
        scope=quality, meeting_id=at_beech.id, text="Beech Court moves the night handover to 9pm.", evidence=call_bells
    )
    board_decision = gov.decision_record(
        scope=quality, meeting_id=board.id, text="Every home runs a monthly speak-up session.", evidence=call_bells
    )
    first = whole_organisation_session(
        team, kind="forum", service_id=beech.id, held_on=clock.today(), participant_ids=[team.quality.id]
    )
    gov.coproduction_influence_add(
        scope=quality, activity_id=first.id, text="Residents asked for it.", decision_id=beech_decision.id
    )
    session = gov.coproduction_correct(
        scope=quality,
        activity_id=first.id,
        reason="It was the whole organisation's forum.",
        kind="forum",
        service_id=None,
        held_on=clock.today(),
        title="Speak-up forum",
        rung=Rung.CO_PRODUCTION,
        recognition="payment",
        participant_ids=[team.partner.id],
        meeting_id=board.id,
    )
    gov.coproduction_influence_add(
        scope=quality, activity_id=session.id, text="Residents asked for it.", decision_id=board_decision.id
    )
    login(client, team.partner)
    html = page(client, reverse("governance:coproduction-activity", args=[session.id]))
    text = page_words(html)
    assert "Beech Court moves the night handover" not in text
    assert "one made at a service your roles do not cover" in text
    assert "Every home runs a monthly speak-up session." in text
    assert "An earlier entry, about Beech Court, a service your roles do not cover" in text
    assert reverse("governance:coproduction-activity", args=[first.id]) not in links(html).values()
    # The whole organisation's meeting is named, not linked: its minutes are read by those who cover
    # every service.
    assert reverse("governance:meeting", args=[board.id]) not in links(html).values()
    assert reverse("governance:decision", args=[board_decision.id]) not in links(html).values()
    assert str(board) in text
    login(client, team.quality)
    html = page(client, reverse("governance:coproduction-activity", args=[session.id]))
    assert "Beech Court moves the night handover to 9pm." in page_words(html)
    assert reverse("governance:meeting", args=[board.id]) in links(html).values()
