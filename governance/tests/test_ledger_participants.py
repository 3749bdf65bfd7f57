"""Who may be named as taking part in a co-production activity: people with a role at its service or
over every service, as at a meeting there (`attendee_roles`); for one about the whole organisation,
anyone with a role. The pages offer no one else and the service refuses anyone else (ADR 0014,
addendum of 2026-12-05 on who took part)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.services import api_token_create
from core import clock
from governance import selectors
from governance import services as gov
from governance.models import CoproductionActivity, Rung
from organisations.tests.factories import api_call

from .conftest import scope_of

AT_ROWAN = "Choose people who have a role at Rowan House or across the whole organisation."


def fields(service, people, **overrides):
    return {
        "kind": "forum",
        "service_id": service.id if service else None,
        "held_on": clock.today() - dt.timedelta(days=3),
        "title": "Residents' forum",
        "rung": Rung.ENGAGEMENT,
        "recognition": "voucher",
        "participant_ids": [p.id for p in people],
        **overrides,
    }


def names(scope, service_id):
    return set(
        selectors.coproduction_participant_choices(scope=scope, service_id=service_id).values_list(
            "full_name", flat=True
        )
    )


def test_only_people_who_may_take_part_at_the_service_are_offered(org, services, team):
    rowan = services[0]
    quality = team.scope("quality")
    # Rowan House's people, those over every service and Rowan's commissioner, as at a meeting there.
    assert names(quality, rowan.id) == {
        "Grace Okafor",
        "David Mensah",
        "Tom Hargreaves",
        "Aisha Rahman",
        "Margaret Wilson",
        "Helen Brooks",
    }
    # The whole organisation's activity: anyone with a role.
    assert "Sian Rowlands" in names(quality, None)


def test_the_service_refuses_someone_from_another_service_and_saves_nothing(org, services, team):
    rowan, beech = services[0], services[1]
    quality = team.scope("quality")
    with pytest.raises(ValidationError) as caught:
        gov.coproduction_record(scope=quality, **fields(rowan, [team.partner, team.beech_manager]))
    assert caught.value.message_dict["participants"] == [AT_ROWAN]
    assert not CoproductionActivity.objects.for_org(org).exists()

    # People over every service, and anyone at all for the whole organisation, may be named.
    at_rowan = gov.coproduction_record(scope=quality, **fields(rowan, [team.partner, team.leader]))
    everywhere = gov.coproduction_record(scope=quality, **fields(None, [team.partner, team.beech_manager]))
    assert {p.person for p in everywhere.participants.all()} == {team.partner, team.beech_manager}

    # A correction that moves an entry to Beech Court checks again the people it already names.
    with pytest.raises(ValidationError) as caught:
        gov.coproduction_correct(
            scope=quality,
            activity_id=at_rowan.id,
            reason="It was at Beech Court.",
            **fields(beech, [team.partner, team.leader]),
        )
    assert caught.value.message_dict["participants"] == [
        "Choose people who have a role at Beech Court or across the whole organisation."
    ]


def test_the_api_refuses_someone_from_another_service_on_the_field_sent(client, org, services, team):
    raw = api_token_create(scope=scope_of(team.quality), name="tests")[1]
    sent = fields(services[0], [team.beech_manager])
    response = api_call(client, "post", "/api/governance/coproduction", raw, {**sent, "held_on": str(sent["held_on"])})
    assert response.status_code == 422
    assert response.json()["fields"] == {"participant_ids": [AT_ROWAN]}


def test_the_page_asks_the_service_first_then_offers_only_its_people(client, org, services, team):
    rowan = services[0]
    url = reverse("governance:coproduction-new")
    client.force_login(team.quality.user)
    first = client.get(url).content.decode()
    assert "Which service was it about?" in first and "Margaret Wilson" not in first
    unanswered = client.get(url, {"step": "service"})
    assert unanswered.status_code == 400
    assert "Choose the service the activity was about, or the whole organisation." in unanswered.content.decode()

    at_rowan = client.get(url, {"step": "service", "service": rowan.id}).content.decode()
    assert "Margaret Wilson (co-production partner)" in at_rowan and "David Mensah" in at_rowan
    assert "Sian Rowlands" not in at_rowan
    assert f'name="service" value="{rowan.id}"' in at_rowan
    everywhere = client.get(url, {"step": "service", "service": ""}).content.decode()
    assert "Sian Rowlands" in everywhere and "Margaret Wilson" in everywhere

    # Sent with someone from Beech Court: refused, and the page still offers only Rowan House's people.
    posted = {
        "kind": "forum",
        "title": "Residents' forum",
        "service": rowan.id,
        "held_on": (clock.today() - dt.timedelta(days=1)).isoformat(),
        "rung": "engagement",
        "participants": [team.partner.id, team.beech_manager.id],
        "others_count": "0",
        "recognition": "voucher",
    }
    response = client.post(url, posted)
    assert response.status_code == 400 and "Sian Rowlands" not in response.content.decode()
    assert not CoproductionActivity.objects.for_org(org).exists()
    response = client.post(url, {**posted, "participants": [team.partner.id]})
    assert response.status_code == 302
    assert {p.person for p in CoproductionActivity.objects.for_org(org).get().participants.all()} == {team.partner}

    # Beech Court's manager records for Beech Court only: no question first, no one from Rowan House.
    client.force_login(team.beech_manager.user)
    theirs = client.get(url).content.decode()
    assert "Which service was it about?" not in theirs and "Sian Rowlands" in theirs
    assert "Margaret Wilson" not in theirs and "Aisha Rahman" not in theirs
    # The whole organisation is not theirs to choose, so its people are not offered either.
    whole = client.get(url, {"step": "service", "service": ""})
    assert whole.status_code == 400 and "Margaret Wilson" not in whole.content.decode()
    # A service that is not theirs: nobody is offered, and the service is refused.
    response = client.post(url, {**posted, "service": rowan.id, "participants": []})
    assert response.status_code == 400 and "Margaret Wilson" not in response.content.decode()


def test_the_correction_form_offers_only_the_people_of_the_entrys_service(client, org, services, team):
    rowan = services[0]
    entry = gov.coproduction_record(scope=team.scope("quality"), **fields(rowan, [team.partner]))
    client.force_login(team.quality.user)
    page = client.get(reverse("governance:coproduction-activity", args=[entry.id])).content.decode()
    assert "Correct this entry" in page and "Aisha Rahman" in page and "Sian Rowlands" not in page
