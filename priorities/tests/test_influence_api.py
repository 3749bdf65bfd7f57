"""The API's ledger entry lists what it influenced through quality priorities beside what was recorded by
hand, each marked as read from the priorities (ADR 0014, addendum of 2026-12-05)."""

import datetime as dt

from accounts.services import api_token_create
from governance.models import CoproductionInfluence
from governance.tests.conftest import scope_of
from organisations.tests.factories import api_call

from .test_planning_influence import planned
from .test_review_influence import reviewed


def token(person):
    return api_token_create(scope=scope_of(person), name="tests")[1]


def influences(client, raw, activity):
    response = api_call(client, "get", f"/api/governance/coproduction/{activity.id}", raw)
    assert response.status_code == 200
    return response.json()["influences"]


def test_an_entry_lists_the_priorities_chosen_and_the_changes_agreed_there_as_not_recorded_by_hand(
    client, org, services, team, framework
):
    planning, everywhere, at_rowan = planned(team, services)
    raw = token(team.quality)
    sent = api_call(
        client,
        "post",
        f"/api/governance/coproduction/{planning.id}/influences",
        raw,
        {"text": "The board adopted them as they are."},
    )
    assert sent.status_code == 201
    listed = sent.json()["influences"]
    assert listed == influences(client, raw, planning)
    assert [(i["kind"], i["recorded_by_hand"], i["priority_id"]) for i in listed] == [
        ("recorded", True, None),
        ("priority chosen", False, everywhere.id),
        ("priority chosen", False, at_rowan.id),
    ]
    said = f"Ask people first and keep them told: chosen as a priority for {everywhere.year} (Whole organisation)."
    assert listed[1]["text"] == said
    assert (listed[1]["recorded_by"], listed[1]["decision_id"], listed[1]["objective_id"]) == (
        "Grace Okafor",
        None,
        None,
    )
    # Beech Court's manager reads the whole organisation's entry without Rowan House's priority.
    assert [i["priority_id"] for i in influences(client, token(team.beech_manager), planning)] == [None, everywhere.id]

    priority, forum = reviewed(team, services)
    [changed] = influences(client, raw, forum)
    objective = priority.objectives.get()
    assert changed == {
        "kind": "review adjustment",
        "recorded_by_hand": False,
        "text": "Answer call bells at night: Fewer people wait for the call bell: target from 10.0% to 5.0%.",
        "decision_id": None,
        "priority_id": priority.id,
        "objective_id": objective.id,
        "audit_version_id": None,
        "recorded_by": "Grace Okafor",
        "recorded_at": changed["recorded_at"],
    }
    # When the review was recorded (the API gives it to the millisecond).
    when = dt.datetime.fromisoformat(changed["recorded_at"]) - priority.reviews.get().recorded_at
    assert abs(when) < dt.timedelta(milliseconds=1)
    # Read, not copied: the ledger holds only the influence recorded by hand.
    assert CoproductionInfluence.objects.for_org(org).count() == 1


def test_the_api_description_says_which_influences_are_read_from_priorities(client):
    schema = client.get("/api/openapi.json").json()["components"]["schemas"]["InfluenceOut"]
    assert schema["properties"]["kind"]["enum"] == [
        "recorded",
        "priority chosen",
        "review adjustment",
        "audit designed",
    ]
    assert {"recorded_by_hand", "priority_id", "objective_id"} <= set(schema["required"])
    assert "never recorded in the ledger" in schema["properties"]["kind"]["description"]
