"""A wrong evidence record is corrected or withdrawn, never edited: the earlier record is kept, marked,
and no longer counted; a correction keeps its reference and names the record it replaces."""

import datetime as dt

import pytest
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.urls import reverse

from core import clock
from core.models import AuditEvent
from evidence import selectors
from evidence import services as ev
from evidence.models import EvidenceItem, EvidenceWithdrawal

BELLS = "call-bells-and-responsiveness"


def incident(team, service, *, reference="DX-1", harm="moderate", scope="manager", **fields):
    return ev.item_record(
        scope=team.scope(scope),
        service_id=service.id,
        kind="incident",
        occurred_on=fields.pop("occurred_on", clock.today() - dt.timedelta(days=3)),
        summary=fields.pop("summary", "A resident fell at night waiting for the call bell."),
        harm=harm,
        reference=reference,
        theme_codes=fields.pop("theme_codes", [BELLS]),
    )


def corrected(item, **changes) -> ev.ItemInput:
    fields = {
        "service_id": item.service_id,
        "kind": item.kind,
        "occurred_on": item.occurred_on,
        "summary": item.summary,
        "harm": item.harm,
        "reference": item.reference,
        "theme_codes": [BELLS],
    }
    return ev.ItemInput(**{**fields, **changes})


def counts(team, service):
    month_ago = clock.today() - dt.timedelta(days=30)
    scope = team.scope("quality")
    incidents = selectors.incident_counts(scope=scope, first=month_ago, last=clock.today(), service_id=service.id)
    across = selectors.triangulate(scope=scope, theme_code=BELLS, first=month_ago, last=clock.today())
    return incidents.get(service.name, {}), across[-1].count


def test_a_correction_replaces_a_record_and_keeps_its_reference(org, services, team, framework):
    rowan = services[0]
    wrong = incident(team, rowan, harm="severe")
    assert counts(team, rowan) == ({"severe": 1}, 1)
    right = ev.item_correct(
        scope=team.scope("manager"),
        item_id=wrong.id,
        reason="The harm was moderate, not severe: the hospital discharged her the same day.",
        data=corrected(wrong, harm="moderate"),
    )
    assert (right.replaces, right.reference, right.harm) == (wrong, "DX-1", "moderate")
    assert EvidenceWithdrawal.objects.for_org(org).get().item == wrong
    assert counts(team, rowan) == ({"moderate": 1}, 1)  # counted once, as corrected
    event = AuditEvent.objects.for_org(org).get(verb="evidence.item.correct")
    assert event.changes == {"harm": {"from": "severe", "to": "moderate"}}

    with pytest.raises(ValidationError) as caught:  # the earlier record cannot be corrected twice
        ev.item_correct(scope=team.scope("manager"), item_id=wrong.id, reason="Again", data=corrected(wrong))
    assert caught.value.message_dict == {"__all__": ["This record has already been withdrawn."]}
    # Another item's reference is still refused, for a correction as for a new record.
    other = incident(team, rowan, reference="DX-2")
    with pytest.raises(ValidationError) as caught:
        ev.item_correct(
            scope=team.scope("manager"),
            item_id=other.id,
            reason="Wrong number",
            data=corrected(other, reference="DX-1"),
        )
    assert caught.value.message_dict == {"reference": ["Heard already holds an item with this reference."]}


def test_a_bad_correction_changes_nothing(org, services, team, framework):
    item = incident(team, services[0])
    with pytest.raises(ValidationError) as caught:
        ev.item_correct(
            scope=team.scope("manager"),
            item_id=item.id,
            reason="",
            data=corrected(item, occurred_on=clock.today() + dt.timedelta(days=2), harm=""),
        )
    assert set(caught.value.message_dict) == {"reason", "occurred_on", "harm"}
    assert not EvidenceWithdrawal.objects.for_org(org).exists()
    assert EvidenceItem.objects.for_org(org).count() == 1


def test_a_withdrawn_record_is_kept_and_no_longer_counted(org, services, team, framework):
    rowan = services[0]
    item = incident(team, rowan)
    with pytest.raises(ValidationError) as caught:
        ev.item_withdraw(scope=team.scope("manager"), item_id=item.id, reason=" ")
    assert caught.value.message_dict == {"reason": ["Say why the record is withdrawn."]}
    with pytest.raises(PermissionDenied):
        ev.item_withdraw(scope=team.scope("staff"), item_id=item.id, reason="Not mine to withdraw.")
    with pytest.raises(ObjectDoesNotExist):  # a manager of another home does not find it
        ev.item_withdraw(scope=team.scope("beech_manager"), item_id=item.id, reason="Not theirs either.")
    ev.item_withdraw(scope=team.scope("manager"), item_id=item.id, reason="Entered twice; the other one stands.")
    assert counts(team, rowan) == ({}, 0)
    assert list(selectors.item_list(scope=team.scope("quality"))) == []
    assert list(selectors.item_list(scope=team.scope("quality"), filters=selectors.ItemFilters(withdrawn=True))) == [
        item
    ]
    assert EvidenceItem.objects.for_org(org).get() == item  # kept


def test_the_record_page_corrects_and_withdraws(client, org, services, team, framework):
    rowan = services[0]
    item = incident(team, rowan, harm="severe")
    client.force_login(team.manager.user)
    url = reverse("evidence_items:item", args=[item.id])
    page = client.get(url).content.decode()
    assert "Correct this record" in page and 'value="DX-1"' in page
    fields = {
        "form": "correct",
        "correct-kind": "incident",
        "correct-service": rowan.id,
        "correct-occurred_on": item.occurred_on.isoformat(),
        "correct-summary": item.summary,
        "correct-harm": "moderate",
        "correct-reference": "DX-1",
        "correct-themes": [BELLS],
        "correct-reason": "",
    }
    wrong = client.post(url, fields)
    assert wrong.status_code == 400 and "Say what was wrong with the record." in wrong.content.decode()
    made = client.post(url, {**fields, "correct-reason": "Moderate harm, not severe."})
    right = EvidenceItem.objects.for_org(org).get(replaces=item)
    assert made.status_code == 302 and made.url == reverse("evidence_items:item", args=[right.id])
    old = client.get(url).content.decode()
    assert "This record was corrected" in old and "Correct this record" not in old
    assert f'href="{reverse("evidence_items:item", args=[right.id])}"' in old
    listed = client.get(reverse("evidence_items:list")).content.decode()
    assert f'href="{url}"' not in listed and f'href="{reverse("evidence_items:item", args=[right.id])}"' in listed
    assert f'href="{url}"' in client.get(reverse("evidence_items:list"), {"withdrawn": "1"}).content.decode()

    client.force_login(team.staff.user)  # staff may not see evidence pages at all
    assert client.get(url).status_code == 403
