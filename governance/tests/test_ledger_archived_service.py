"""The co-production ledger at a service that has closed: no new activity is recorded there and no
entry is moved there, but an entry already there is kept, may be corrected in place, and may still
have what it went on to influence added (ADR 0014, ADR 0015)."""

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from governance import services as gov
from governance.models import ActivityWithdrawal, CoproductionActivity, Rung
from organisations.forms import NOT_OFFERED
from organisations.scope import system_scope
from organisations.services import service_archive

from .test_api import call, token
from .test_coproduction import _fields, record

ARCHIVED = "Rowan House has been archived, so "


@pytest.fixture
def rowan_closed(org, services, team):
    """An entry at Rowan House, one at Beech Court; then Rowan House closes."""
    rowan, beech = services[0], services[1]
    at_rowan = record(team, rowan, rung=Rung.CONSULTATION)
    at_beech = record(
        team, beech, title="Residents of Beech Court plan the garden", participant_ids=[team.beech_manager.id]
    )
    service_archive(scope=system_scope(organisation=org), service=rowan)
    return at_rowan, at_beech


def test_no_activity_is_recorded_at_a_closed_service_nor_moved_there(org, services, team, rowan_closed):
    rowan = services[0]
    at_rowan, at_beech = rowan_closed
    quality = team.scope("quality")
    with pytest.raises(ValidationError) as caught:
        record(team, rowan, title="A forum after it closed")
    assert caught.value.message_dict == {
        "service": [
            f"{ARCHIVED}no activity is recorded there now. Choose a service that is open, or the whole organisation."
        ]
    }
    with pytest.raises(ValidationError) as caught:
        gov.coproduction_correct(
            scope=quality, activity_id=at_beech.id, reason="Wrong home.", **_fields(team, rowan, title=at_beech.title)
        )
    assert caught.value.message_dict == {
        "service": [f"{ARCHIVED}no entry is moved there now. Choose a service that is open, or the whole organisation."]
    }
    assert CoproductionActivity.objects.for_org(org).count() == 2
    assert not ActivityWithdrawal.objects.for_org(org).exists()


def test_an_entry_at_a_closed_service_is_corrected_in_place_and_its_influence_recorded(
    org, services, team, rowan_closed
):
    rowan = services[0]
    at_rowan, _ = rowan_closed
    quality = team.scope("quality")
    fixed = gov.coproduction_correct(
        scope=quality,
        activity_id=at_rowan.id,
        reason="The residents wrote the questions themselves: that is co-design.",
        **_fields(team, rowan),
    )
    assert fixed.replaces == at_rowan and fixed.service == rowan and fixed.rung == Rung.CO_DESIGN
    influence = gov.coproduction_influence_add(
        scope=quality, activity_id=fixed.id, text="Every home's audit now asks the residents' questions."
    )
    assert influence.activity == fixed


def login(client, person):
    client.force_login(person.user)
    return client


def test_the_correction_form_of_an_entry_at_a_closed_service_offers_its_service(
    client, org, services, team, rowan_closed
):
    rowan = services[0]
    at_rowan, _ = rowan_closed
    login(client, team.quality)
    url = reverse("governance:coproduction-activity", args=[at_rowan.id])
    body = client.get(url).content.decode()
    assert re.search(rf'<option value="{rowan.id}" selected\s*>Rowan House \(archived\)</option>', body)
    fields = _fields(team, rowan)
    response = client.post(
        url,
        {
            "form": "correct",
            "correct-kind": fields["kind"],
            "correct-title": fields["title"],
            "correct-service": rowan.id,
            "correct-held_on": fields["held_on"].isoformat(),
            "correct-rung": fields["rung"],
            "correct-participants": fields["participant_ids"],
            "correct-others_count": "0",
            "correct-recognition": fields["recognition"],
            "correct-reason": "It was co-design.",
        },
    )
    fixed = CoproductionActivity.objects.for_org(org).get(replaces=at_rowan)
    assert response.status_code == 302 and fixed.service == rowan

    # The form to add an activity does not offer the closed service.
    new = client.get(reverse("governance:coproduction-new")).content.decode()
    assert "Which service was it about?" in new and f'value="{rowan.id}"' not in new


def _posted(team, service, prefix="", **overrides) -> dict:
    """The ledger form as a page sends it."""
    fields = _fields(team, service)
    sent = {
        "kind": fields["kind"],
        "title": fields["title"],
        "service": service.id,
        "held_on": fields["held_on"].isoformat(),
        "rung": fields["rung"],
        "participants": fields["participant_ids"],
        "others_count": "0",
        "recognition": fields["recognition"],
        **overrides,
    }
    return {f"{prefix}{name}": value for name, value in sent.items()}


def test_an_activity_sent_at_a_service_that_closed_after_the_page_opened_is_refused_naming_it(
    client, org, services, team
):
    """The quality lead opens the ledger forms while Rowan House is open and sends them after it
    closed: a new activity there, and a Beech Court entry moved there, are refused in the ledger's
    words, not NOT_OFFERED, and nothing is saved."""
    rowan, beech = services[0], services[1]
    at_beech = record(
        team, beech, title="Residents of Beech Court plan the garden", participant_ids=[team.beech_manager.id]
    )
    login(client, team.quality)
    new_url = reverse("governance:coproduction-new")
    entry_url = reverse("governance:coproduction-activity", args=[at_beech.id])
    assert f'value="{rowan.id}"' in client.get(new_url).content.decode()
    assert ">Rowan House</option>" in client.get(entry_url).content.decode()
    service_archive(scope=system_scope(organisation=org), service=rowan)

    response = client.post(new_url, _posted(team, rowan))
    body = response.content.decode()
    assert response.status_code == 400 and NOT_OFFERED not in body
    assert (
        f"{ARCHIVED}no activity is recorded there now. Choose a service that is open, or the whole organisation."
        in body
    )
    moved = {"form": "correct", **_posted(team, rowan, "correct-", title=at_beech.title), "correct-reason": "Wrong."}
    body = client.post(entry_url, moved).content.decode()
    assert f"{ARCHIVED}no entry is moved there now." in body
    assert NOT_OFFERED not in body
    assert CoproductionActivity.objects.for_org(org).count() == 1
    assert not ActivityWithdrawal.objects.for_org(org).exists()


def test_an_activity_at_a_closed_service_outside_the_persons_scope_does_not_name_it(client, org, services, team):
    """The manager of Beech Court alone cannot choose Rowan House: once it has closed, it is refused
    as any service they cannot choose, without its name."""
    rowan = services[0]
    service_archive(scope=system_scope(organisation=org), service=rowan)
    login(client, team.beech_manager)
    body = client.post(reverse("governance:coproduction-new"), _posted(team, rowan)).content.decode()
    assert NOT_OFFERED in body
    assert "Rowan House" not in body and "has been archived" not in body
    assert not CoproductionActivity.objects.for_org(org).exists()


def test_the_api_refuses_an_activity_at_a_closed_service_naming_the_field(client, org, services, team):
    """To the quality lead, whose service it was, a 422 on ``service`` naming it; to the manager of
    Beech Court alone, a service they cannot see, a 404 that names nothing."""
    service_archive(scope=system_scope(organisation=org), service=services[0])
    activity = {
        "kind": "audit_design",
        "title": "Residents write the audit questions",
        "service_id": services[0].id,
        "held_on": "2026-01-10",
        "rung": "co_design",
        "recognition": "payment",
        "participant_ids": [team.partner.id],
    }
    refused = call(client, "post", "/coproduction", token(team.quality), activity)
    assert refused.status_code == 422
    assert refused.json()["fields"] == {
        "service_id": [
            f"{ARCHIVED}no activity is recorded there now. Choose a service that is open, or the whole organisation."
        ]
    }
    unseen = call(client, "post", "/coproduction", token(team.beech_manager), activity)
    assert unseen.status_code == 404 and "Rowan House" not in unseen.content.decode()
    assert not CoproductionActivity.objects.for_org(org).exists()


def test_an_activity_at_a_closed_service_is_told_with_the_forms_other_problems(client, org, services, team):
    """A title left empty and a service closed since the page opened: both are said at once, on a new
    activity and on a correction moving an entry there, not the title first and the service once it is
    filled, and nothing is saved."""
    rowan, beech = services[0], services[1]
    at_beech = record(
        team, beech, title="Residents of Beech Court plan the garden", participant_ids=[team.beech_manager.id]
    )
    service_archive(scope=system_scope(organisation=org), service=rowan)
    login(client, team.quality)

    response = client.post(reverse("governance:coproduction-new"), _posted(team, rowan, title=""))
    body = response.content.decode()
    assert response.status_code == 400
    assert f"{ARCHIVED}no activity is recorded there now." in body
    assert "Enter a short title for the activity." in body
    moved = {"form": "correct", **_posted(team, rowan, "correct-", title=""), "correct-reason": "Wrong home."}
    body = client.post(reverse("governance:coproduction-activity", args=[at_beech.id]), moved).content.decode()
    assert f"{ARCHIVED}no entry is moved there now." in body
    assert "Enter a short title for the activity." in body
    assert CoproductionActivity.objects.for_org(org).count() == 1
    assert not ActivityWithdrawal.objects.for_org(org).exists()
