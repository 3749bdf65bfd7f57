"""The governance API: the same loop, scoped and permissioned exactly like the pages."""

import datetime as dt

import pytest

from accounts.services import api_token_create
from governance import services as gov
from governance.api import ActivityIn, InfluenceIn
from governance.models import ActionStatus, ChallengeSubject
from organisations.roles import Role
from organisations.scope import system_scope
from organisations.services import service_archive
from organisations.tests.factories import ServiceFactory, api_call, person_with_role

from .conftest import action_input, scope_of, theme

LINK = "https://heard.example.org/feedback/?q=call+bell"


def token(person):
    return api_token_create(scope=scope_of(person), name="tests")[1]


def call(client, method, path, raw, body=None):
    return api_call(client, method, f"/api/governance{path}", raw, body)


def test_meetings_decisions_actions_challenges_and_loops_are_in_the_api(client, org, team, loop):
    gov.challenge_raise(
        scope=team.scope("leader"), subject=ChallengeSubject.ACTION, action_id=loop["action"].id, question="Why?"
    )
    raw = token(team.leader)
    [meeting] = call(client, "get", "/meetings", raw).json()
    detail = call(client, "get", f"/meetings/{meeting['id']}", raw).json()
    [decision] = detail["decisions"]
    assert {e["kind"] for e in decision["evidence"]} == {"theme", "feedback"}
    assert decision["action_ids"] == [loop["action"].id]
    [action] = call(client, "get", "/actions?status=active", raw).json()
    assert (action["lead"], action["verifier"], action["status"]) == ("Tom Hargreaves", "Grace Okafor", "open")
    [challenge] = call(client, "get", "/challenges?unresolved=true", raw).json()
    assert challenge["addressed_to"] == "Tom Hargreaves"
    [found] = call(client, "get", "/loops", raw).json()
    assert found["theme_code"] == "call-bells-and-responsiveness" and found["state"] == "acting"
    assert found["listened"] == ["Aisha Rahman"] and found["acted"] == ["Tom Hargreaves"]
    assert (found["mentions"], found["recent_mentions"]) == (3, 3)


def test_the_lead_updates_and_the_verifier_checks_through_the_api_but_never_without_evidence(client, org, team, loop):
    path = f"/actions/{loop['action'].id}"
    response = call(client, "post", f"{path}/updates", token(team.manager), {"text": "Started."})
    assert response.status_code == 201 and response.json()["status"] == ActionStatus.IN_PROGRESS
    gov.action_request_check(scope=team.scope("manager"), action_id=loop["action"].id, note="Done.")
    # The lead may not check their own action.
    response = call(
        client,
        "post",
        f"{path}/check",
        token(team.manager),
        {"impact_shown": True, "early_reason": "Checked at once in this test.", "note": "Done.", "link": LINK},
    )
    assert response.status_code == 403
    verifier = token(team.quality)
    response = call(
        client,
        "post",
        f"{path}/check",
        verifier,
        {"impact_shown": True, "early_reason": "Checked at once in this test.", "note": "Better."},
    )
    assert response.status_code == 422 and "link" in response.json()["fields"]
    response = call(
        client,
        "post",
        f"{path}/check",
        verifier,
        {"impact_shown": True, "early_reason": "Checked at once in this test.", "note": "Better.", "link": LINK},
    )
    assert response.status_code == 200 and response.json()["status"] == "closed"
    assert response.json()["checked_by"] == "Grace Okafor"


def test_nobody_outside_the_service_or_organisation_sees_or_changes_it_through_the_api(
    client, org, other_org, team, loop
):
    path = f"/actions/{loop['action'].id}"
    beech = token(team.beech_manager)
    assert call(client, "get", "/actions", beech).json() == []
    assert call(client, "get", "/loops", beech).json() == []
    assert call(client, "get", path, beech).status_code == 404
    assert call(client, "post", f"{path}/updates", beech, {"text": "x"}).status_code == 404
    ServiceFactory(organisation=other_org)
    outsider = token(person_with_role(other_org, Role.ADMINISTRATOR, all_services=True))
    assert call(client, "get", "/meetings", outsider).json() == []
    assert call(client, "get", f"/decisions/{loop['decision'].id}", outsider).status_code == 404
    assert call(client, "get", "/actions", token(team.commissioner)).status_code == 403


def test_the_co_production_ledger_is_in_the_api_with_the_same_rules(client, org, services, team, loop):
    rowan = services[0]
    activity = {
        "kind": "audit_design",
        "title": "Residents write the audit questions",
        "service_id": rowan.id,
        "held_on": "2026-01-10",
        "rung": "co_design",
        "recognition": "payment",
        "participant_ids": [team.partner.id],
        "others_count": 2,
        "others_description": "residents",
    }
    raw = token(team.quality)
    made = call(client, "post", "/coproduction", raw, activity)
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["rung_step"] == 6 and body["participants"] == [
        {"person_id": team.partner.id, "name": "Margaret Wilson", "lived_experience": True}
    ]
    shaped = call(
        client,
        "post",
        f"/coproduction/{body['id']}/influences",
        raw,
        {"text": "The audit asks their questions.", "decision_id": loop["decision"].id},
    )
    assert shaped.status_code == 201 and shaped.json()["influences"][0]["decision_id"] == loop["decision"].id
    [listed] = call(client, "get", "/coproduction?rung=co_design", raw).json()
    assert listed["id"] == body["id"]
    assert call(client, "get", "/coproduction?rung=coercion", raw).json() == []

    wrong = call(client, "post", "/coproduction", raw, {**activity, "others_count": 1, "others_description": ""})
    assert wrong.status_code == 422 and "others_description" in wrong.json()["fields"]
    assert call(client, "post", "/coproduction", token(team.staff), activity).status_code == 403
    beech = token(team.beech_manager)
    assert call(client, "get", f"/coproduction/{body['id']}", beech).status_code == 404
    assert call(client, "get", "/coproduction", beech).json() == []
    assert call(client, "get", "/coproduction", token(team.commissioner)).status_code == 403


def test_what_a_corrected_entry_influenced_is_not_added_to_the_withdrawn_one(client, org, services, team):
    from governance.models import CoproductionActivity, CoproductionInfluence

    rowan = services[0]
    fields = {
        "kind": "forum",
        "service_id": rowan.id,
        "held_on": dt.date(2026, 1, 10),
        "title": "Residents' forum in Febuary",
        "rung": "engagement",
        "recognition": "thanks",
        "participant_ids": [team.partner.id],
    }
    quality = scope_of(team.quality)
    old = gov.coproduction_record(scope=quality, **fields)
    fixed = gov.coproduction_correct(
        scope=quality, activity_id=old.id, reason="The month was wrong.", **{**fields, "title": "Residents' forum"}
    )
    refused = call(client, "post", f"/coproduction/{old.id}/influences", token(team.quality), {"text": "New menus."})
    assert refused.status_code == 422, refused.content
    assert refused.json()["fields"] == {
        "__all__": ["This entry has been withdrawn: record what it influenced on the entry that replaced it."]
    }
    assert not CoproductionInfluence.objects.for_org(org).exists()
    added = call(client, "post", f"/coproduction/{fixed.id}/influences", token(team.quality), {"text": "New menus."})
    assert added.status_code == 201
    assert CoproductionInfluence.objects.for_org(org).get().activity == CoproductionActivity.objects.for_org(org).get(
        pk=fixed.id
    )


@pytest.mark.parametrize(
    "query",
    [
        f"/meetings?offset={2**63}",
        f"/actions?offset={10**30}",
        f"/actions?service_id={2**63}",
        f"/challenges?offset={2**63}",
        f"/loops?service_id={10**30}",
    ],
)
def test_a_number_beyond_the_databases_integers_is_a_422_naming_the_field(client, org, team, query):
    response = call(client, "get", query, token(team.quality))
    assert response.status_code == 422
    assert query.split("?")[1].split("=")[0] in str(response.json())


def test_a_theme_code_in_the_api_says_which_framework_it_is_of(client, org, services, team, loop, framework):
    """An action opened from a theme, a challenge about a theme and a decision's evidence give the theme
    code with its framework, in the shape evidence, audits and priorities use."""
    bells = theme(org, "call-bells-and-responsiveness")
    quality = team.scope("quality")
    from_theme = gov.action_create(
        scope=quality, data=action_input(team, source="theme", theme_id=bells.id, service_id=services[0].id)
    )
    gov.challenge_raise(
        scope=team.scope("leader"),
        subject=ChallengeSubject.THEME,
        theme_id=bells.id,
        service_id=services[0].id,
        addressed_to_id=team.manager.id,
        question="Why are bells still slow?",
    )
    social_care = {"id": framework.id, "name": "Social care feedback", "version": 1}
    raw = token(team.leader)
    actions = {a["id"]: a["theme_framework"] for a in call(client, "get", "/actions", raw).json()}
    assert actions == {from_theme.id: social_care, loop["action"].id: None}
    assert call(client, "get", f"/actions/{from_theme.id}", raw).json()["theme_framework"] == social_care
    [challenge] = call(client, "get", "/challenges", raw).json()
    assert (challenge["theme_code"], challenge["theme_framework"]) == (bells.code, social_care)
    evidence = call(client, "get", f"/decisions/{loop['decision'].id}", raw).json()["evidence"]
    assert {e["kind"]: e["theme_framework"] for e in evidence} == {"theme": social_care, "feedback": None}
    schema = client.get("/api/openapi.json").json()["components"]["schemas"]
    for name in ("ActionOut", "ChallengeOut", "CitationOut"):
        assert "theme_framework" in schema[name]["properties"], name


def test_every_refusal_of_the_ledger_names_the_fields_as_they_were_sent(client, org, services, team, loop):
    """Each 422 is keyed by a field of the request, or `__all__`: the ledger named `service`,
    `participants`, `meeting` and `decision`, none of which a client sends."""
    closed = ServiceFactory(organisation=org, name="Elm Lodge")
    service_archive(scope=system_scope(organisation=org), service=closed)
    raw = token(team.quality)
    activity = {
        "kind": "forum",
        "service_id": closed.id,
        "held_on": "2999-01-01",
        "title": " ",
        "rung": "engagement",
        "recognition": "thanks",
        "participant_ids": [team.partner.id + 10_000],
        "meeting_id": loop["meeting"].id,  # about Rowan House, not Elm Lodge
    }
    refused = call(client, "post", "/coproduction", raw, activity)
    assert refused.status_code == 422, refused.content
    fields = refused.json()["fields"]
    assert set(fields) == {"service_id", "held_on", "title", "participant_ids", "meeting_id"}
    assert set(fields) <= set(ActivityIn.model_fields)
    assert "Elm Lodge has been archived" in fields["service_id"][0]

    made = call(
        client,
        "post",
        "/coproduction",
        raw,
        {**activity, "service_id": services[1].id, "held_on": "2026-01-10", "title": "Forum", "meeting_id": None},
    )
    assert made.status_code == 422 and set(made.json()["fields"]) == {"participant_ids"}
    made = call(
        client,
        "post",
        "/coproduction",
        raw,
        {**activity, "service_id": services[1].id, "held_on": "2026-01-10", "title": "Forum", "meeting_id": None}
        | {"participant_ids": [team.beech_manager.id]},
    )
    assert made.status_code == 201, made.content
    influence = call(
        client,
        "post",
        f"/coproduction/{made.json()['id']}/influences",
        raw,
        {"text": " ", "decision_id": loop["decision"].id},  # a decision about Rowan House
    )
    assert influence.status_code == 422
    assert set(influence.json()["fields"]) == {"text", "decision_id"} <= set(InfluenceIn.model_fields)


def test_the_ledger_describes_the_404_it_answers_for_a_service_outside_the_persons_scope(client, org, services, team):
    """Adding an activity at a service the person cannot see is a 404, so as to say nothing of it
    (ADR 0002); the OpenAPI description listed no 404 for it, as its address names nothing."""
    activity = {
        "kind": "forum",
        "service_id": services[0].id,  # Rowan House, open, not theirs
        "held_on": "2026-01-10",
        "title": "Residents' forum",
        "rung": "engagement",
        "recognition": "thanks",
        "others_count": 3,
        "others_description": "residents",
    }
    unseen = call(client, "post", "/coproduction", token(team.beech_manager), activity)
    assert unseen.status_code == 404 and "Rowan House" not in unseen.content.decode()
    described = client.get("/api/openapi.json").json()["paths"]["/api/governance/coproduction"]["post"]["responses"]
    assert str(unseen.status_code) in described
    assert described["404"]["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/ErrorOut"}
