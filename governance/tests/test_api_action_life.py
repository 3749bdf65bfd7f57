"""The API opens an action and takes it through its life as its page does: the same rules, the same
people, the same audit log, and nothing kept of a request it refuses."""

import datetime as dt

import pytest

from core import clock
from core.api_schemas import UNKNOWN_FIELD
from core.models import AuditEvent
from governance import services as gov
from governance.api import ActionIn, HandOverIn
from governance.models import Action, ActionStatus, ActionStatusChange, Challenge, ChallengeSubject, Handover
from organisations.roles import Role
from organisations.scope import system_scope
from organisations.tests.factories import ServiceFactory, person_with_role
from themes.services import framework_install

from .conftest import hear, scope_of
from .test_api import call, token

BELLS = "call-bells-and-responsiveness"


def due(days: int) -> str:
    return (clock.today() + dt.timedelta(days=days)).isoformat()


@pytest.fixture
def opening(team, services):
    """An action at Rowan House led by Tom and checked by Grace, from nowhere yet."""
    return {
        "title": "Answer call bells within five minutes",
        "description": "Add a night carer.",
        "lead_id": team.manager.id,
        "verifier_id": team.quality.id,
        "due_on": due(30),
        "service_id": services[0].id,
    }


def written(org) -> tuple[int, int, int, int]:
    """What a write leaves: actions, their status lines, hand-overs and the governance audit events
    (a token made for a call is in the audit log too)."""
    return (
        Action.objects.for_org(org).count(),
        ActionStatusChange.objects.for_org(org).count(),
        Handover.objects.for_org(org).count(),
        AuditEvent.objects.for_org(org).filter(verb__startswith="governance.").count(),
    )


def audited(org, verb: str, action_id: int) -> AuditEvent:
    return AuditEvent.objects.for_org(org).get(verb=verb, object_id=str(action_id))


@pytest.fixture
def elsewhere(other_org):
    """Another organisation's decision, with the feedback it cites, on the same framework's themes."""
    framework_install(scope=system_scope(organisation=other_org), key="social-care")
    home = ServiceFactory(organisation=other_org, name="Oak Lodge")
    quality = person_with_role(other_org, Role.QUALITY_LEAD, all_services=True, full_name="Olu Adeyemi")
    [heard] = hear(quality, home, BELLS, days_ago=[3])
    meeting = gov.meeting_create(
        scope=scope_of(quality),
        meeting_type="quality_safety",
        service_id=home.id,
        held_on=clock.today(),
        chair_id=quality.id,
    )
    decision = gov.decision_record(
        scope=scope_of(quality),
        meeting_id=meeting.id,
        text="Answer bells sooner.",
        evidence=gov.Evidence(feedback_ids=[heard.id]),
    )
    return {"decision": decision, "feedback": heard}


# --- opening an action ----------------------------------------------------------------------------


@pytest.mark.parametrize("source", ["decision", "theme", "feedback"])
def test_an_action_is_opened_from_a_decision_a_theme_or_feedback(client, org, team, loop, opening, source):
    sent = {
        "decision": {"decision_id": loop["decision"].id},
        "theme": {"theme_code": BELLS},
        "feedback": {"feedback_id": loop["feedback"][0].id},
    }[source]
    made = call(client, "post", "/actions", token(team.quality), {**opening, "source": source, **sent})
    assert made.status_code == 201, made.content
    body = made.json()
    assert (body["source"], body["status"], body["lead"], body["verifier"]) == (
        source,
        "open",
        "Tom Hargreaves",
        "Grace Okafor",
    )
    assert body["decision_id"] == (loop["decision"].id if source == "decision" else None)
    assert body["theme_code"] == (BELLS if source == "theme" else None)
    assert body["feedback_id"] == (loop["feedback"][0].id if source == "feedback" else None)
    # As the action log lists it.
    assert call(client, "get", f"/actions/{body['id']}", token(team.quality)).json() == body
    event = audited(org, "governance.action.create", body["id"])
    assert event.actor == team.quality.user and event.changes["source"]["to"] == source


def test_a_misnamed_field_is_refused_by_its_name_and_nothing_is_opened(client, org, team, loop, opening):
    """`theme_id` for `theme_code` and `due_date` for `due_on` were dropped: the client was told to
    choose a theme and give a due date it had sent, under names the API does not have."""
    before = written(org)
    sent = {**opening, "source": "theme", "theme_id": 1}
    sent["due_date"] = sent.pop("due_on")
    refused = call(client, "post", "/actions", token(team.quality), sent)
    assert refused.status_code == 422, refused.content
    assert refused.json()["fields"] == {
        "due_on": ["Field required"],
        "theme_id": [UNKNOWN_FIELD],
        "due_date": [UNKNOWN_FIELD],
    }
    assert written(org) == before


def test_an_action_from_feedback_is_at_the_feedbacks_service_when_none_is_sent(client, org, team, loop, opening):
    sent = {**opening, "service_id": None, "source": "feedback", "feedback_id": loop["feedback"][0].id}
    made = call(client, "post", "/actions", token(team.quality), sent)
    assert made.status_code == 201 and made.json()["service_id"] == loop["feedback"][0].service_id


@pytest.mark.parametrize(
    ("source", "where"),
    [
        ("audit", "with the finding, on the audit's page"),
        ("priority", "for one of its objectives, on the priority's page"),
    ],
)
def test_an_action_from_an_audit_or_a_priority_is_refused_saying_where_it_is_opened(
    client, org, team, loop, opening, source, where
):
    before = written(org)
    refused = call(client, "post", "/actions", token(team.quality), {**opening, "source": source})
    assert refused.status_code == 422, refused.content
    [message] = refused.json()["fields"]["source"]
    assert where in message
    assert written(org) == before


def test_every_problem_with_a_new_action_is_answered_at_once_by_the_field_sent(client, org, team, loop, opening):
    before = written(org)
    refused = call(
        client,
        "post",
        "/actions",
        token(team.quality),
        {**opening, "title": " ", "verifier_id": team.manager.id, "due_on": due(-1), "source": "decision"},
    )
    assert refused.status_code == 422, refused.content
    fields = refused.json()["fields"]
    assert fields == {
        "title": ["Enter what is to be done."],
        "decision_id": ["Choose the decision this action comes from."],
        "verifier_id": ["The person who checks an action must not be its lead."],
        "due_on": ["The due date must be today or later."],
    }
    assert set(fields) <= set(ActionIn.model_fields)
    assert written(org) == before


def test_a_lead_or_verifier_without_a_role_at_the_service_is_refused_naming_the_field(client, org, team, loop, opening):
    refused = call(
        client,
        "post",
        "/actions",
        token(team.quality),
        {**opening, "lead_id": team.beech_manager.id, "verifier_id": team.commissioner.id, "source": "theme"}
        | {"theme_code": BELLS},
    )
    assert refused.status_code == 422
    fields = refused.json()["fields"]
    assert fields["lead_id"] == ["Choose someone who has a role at Rowan House."]
    assert fields["verifier_id"] == [
        "Choose someone who has a role at Rowan House: a commissioner cannot be named for this."
    ]


def test_another_organisations_decision_theme_or_feedback_is_refused_without_saying_it_exists(
    client, org, team, loop, opening, elsewhere
):
    before = written(org)
    raw = token(team.quality)
    sent = [
        ("decision_id", {"source": "decision", "decision_id": elsewhere["decision"].id}),
        ("feedback_id", {"source": "feedback", "feedback_id": elsewhere["feedback"].id}),
        ("theme_code", {"source": "theme", "theme_code": "no-such-theme"}),
    ]
    answers = {}
    for field, source in sent:
        refused = call(client, "post", "/actions", raw, {**opening, **source})
        assert refused.status_code == 422, (field, refused.content)
        assert set(refused.json()["fields"]) == {field}
        answers[field] = refused.json()["fields"][field]
        assert "Oak Lodge" not in refused.content.decode() and "Elsewhere" not in refused.content.decode()
    # Said as for an id that does not exist anywhere.
    missing = call(client, "post", "/actions", raw, {**opening, "source": "decision", "decision_id": 10**9})
    assert missing.json()["fields"]["decision_id"] == answers["decision_id"]
    missing = call(client, "post", "/actions", raw, {**opening, "source": "feedback", "feedback_id": 10**9})
    assert missing.json()["fields"]["feedback_id"] == answers["feedback_id"]
    assert answers["theme_code"] == ["Choose the theme this action is about."]
    assert written(org) == before


def test_a_service_outside_the_tokens_scope_is_not_found_and_not_named(client, org, services, team, opening):
    before = written(org)
    beech = token(team.beech_manager)
    sent = {
        **opening,
        "lead_id": team.beech_manager.id,
        "source": "theme",
        "theme_code": "call-bells-and-responsiveness",
    }
    unseen = call(client, "post", "/actions", beech, sent)  # Rowan House, not theirs
    assert unseen.status_code == 404 and "Rowan House" not in unseen.content.decode()
    # No service is the whole organisation, which only someone covering every service opens actions for.
    whole = call(client, "post", "/actions", beech, {**sent, "service_id": None})
    assert whole.status_code == 403
    assert written(org) == before


def test_only_those_who_manage_actions_open_one(client, org, services, team, framework, opening):
    before = written(org)
    sent = {**opening, "source": "theme", "theme_code": BELLS}
    for person in (team.staff, team.commissioner):
        refused = call(client, "post", "/actions", token(person), sent)
        assert refused.status_code == 403, (person.full_name, refused.content)
    assert written(org) == before
    assert call(client, "post", "/actions", token(team.manager), sent).status_code == 201


# --- done, withdrawn, handed over ----------------------------------------------------------------


def test_only_the_lead_says_it_is_done(client, org, team, loop):
    path = f"/actions/{loop['action'].id}/done"
    before = written(org)
    for person in (team.quality, team.staff, team.leader):
        refused = call(client, "post", path, token(person), {"note": "Done."})
        assert refused.status_code == 403 and refused.json()["detail"] == "Only the action's lead may say it is done."
    assert call(client, "post", path, token(team.beech_manager), {"note": "Done."}).status_code == 404
    assert written(org) == before
    done = call(client, "post", path, token(team.manager), {"note": "A night carer started on Monday."})
    assert done.status_code == 200 and done.json()["status"] == ActionStatus.AWAITING_CHECK
    event = audited(org, "governance.action.request_check", loop["action"].id)
    assert event.actor == team.manager.user and event.changes["status"]["to"] == ActionStatus.AWAITING_CHECK
    again = call(client, "post", path, token(team.manager), {"note": "Done again."})
    assert again.status_code == 422 and again.json()["fields"] == {
        "__all__": ["Only an action in progress can be sent for a check."]
    }
    blank = call(client, "post", path, token(team.manager), {"note": ""})
    assert blank.status_code == 422 and "note" in blank.json()["fields"]


def test_an_action_is_withdrawn_with_why_by_those_who_manage_actions(client, org, team, loop):
    path = f"/actions/{loop['action'].id}/withdraw"
    before = written(org)
    assert call(client, "post", path, token(team.staff), {"reason": "Not needed."}).status_code == 403
    assert call(client, "post", path, token(team.beech_manager), {"reason": "Not needed."}).status_code == 404
    assert call(client, "post", path, token(team.commissioner), {"reason": "Not needed."}).status_code == 403
    blank = call(client, "post", path, token(team.quality), {"reason": "  "})
    assert blank.status_code == 422 and blank.json()["fields"] == {"reason": ["Say why the action is being withdrawn."]}
    assert written(org) == before
    withdrawn = call(client, "post", path, token(team.quality), {"reason": "The home is changing its call system."})
    assert withdrawn.status_code == 200 and withdrawn.json()["status"] == ActionStatus.WITHDRAWN
    event = audited(org, "governance.action.withdraw", loop["action"].id)
    assert event.actor == team.quality.user and event.changes["status"]["to"] == ActionStatus.WITHDRAWN
    again = call(client, "post", path, token(team.quality), {"reason": "Twice."})
    assert again.status_code == 422 and again.json()["fields"] == {"__all__": ["This action is already finished."]}


def test_a_quality_lead_hands_the_action_to_a_new_lead_who_takes_its_waiting_challenge(
    client, org, services, team, loop
):
    action = loop["action"]
    path = f"/actions/{action.id}/hand-over"
    challenge = gov.challenge_raise(
        scope=team.scope("leader"), subject=ChallengeSubject.ACTION, action_id=action.id, question="Why so slow?"
    )
    deputy = person_with_role(org, Role.SERVICE_MANAGER, services=[services[0]], full_name="Priya Shah")
    sent = {"to_person_id": deputy.id, "reason": "Tom Hargreaves has left Rowan House."}
    before = written(org)
    for person in (team.manager, team.leader, team.staff):
        assert call(client, "post", path, token(person), sent).status_code == 403, person.full_name
    assert written(org) == before
    handed = call(client, "post", path, token(team.quality), sent)
    assert handed.status_code == 200, handed.content
    assert (handed.json()["lead_id"], handed.json()["lead"]) == (deputy.id, "Priya Shah")
    assert Challenge.objects.for_org(org).get(pk=challenge.id).addressed_to == deputy
    handover = Handover.objects.for_org(org).get(action=action, challenge=None)
    assert (handover.from_person, handover.to_person, handover.reason) == (team.manager, deputy, sent["reason"])
    event = audited(org, "governance.action.hand_over", action.id)
    assert event.actor == team.quality.user
    assert event.changes["lead"] == {"from": "Tom Hargreaves", "to": "Priya Shah"}
    # The new lead says it is done; the old one no longer may, and is told who leads it now.
    old = call(client, "post", f"/actions/{action.id}/done", token(team.manager), {"note": "Done."})
    assert old.status_code == 403 and "now led by Priya Shah" in old.json()["detail"]
    assert call(client, "post", f"/actions/{action.id}/done", token(deputy), {"note": "Done."}).status_code == 200


def test_a_hand_over_to_someone_who_cannot_take_the_part_is_refused_on_the_field_sent(
    client, org, services, team, loop
):
    path = f"/actions/{loop['action'].id}/hand-over"
    raw = token(team.quality)
    no_login = person_with_role(org, Role.STAFF, services=[services[0]], login=False, full_name="Ben Carter")
    before = written(org)
    cases = [
        ({"to_person_id": team.quality.id}, "The person who checks an action must not be its lead."),
        ({"to_person_id": team.manager.id}, "Tom Hargreaves has this part already: choose someone else."),
        ({"to_person_id": team.beech_manager.id}, "Choose someone who has a role at Rowan House."),
        (
            {"part": "verifier", "to_person_id": team.manager.id},
            "The person who checks an action must not be its lead.",
        ),
    ]
    for sent, message in cases:
        refused = call(client, "post", path, raw, {"reason": "Moving on.", **sent})
        assert refused.status_code == 422, (sent, refused.content)
        assert refused.json()["fields"] == {"to_person_id": [message]}, sent
        assert set(refused.json()["fields"]) <= set(HandOverIn.model_fields)
    refused = call(client, "post", path, raw, {"reason": "Moving on.", "to_person_id": no_login.id})
    assert refused.status_code == 422 and "Ben Carter" in refused.json()["fields"]["to_person_id"][0]
    wrong_part = call(client, "post", path, raw, {"reason": "x", "part": "chair", "to_person_id": team.leader.id})
    assert wrong_part.status_code == 422 and "part" in wrong_part.json()["fields"]
    assert written(org) == before
    handed = call(
        client, "post", path, raw, {"reason": "Grace is away.", "part": "verifier", "to_person_id": team.leader.id}
    )
    assert handed.status_code == 200 and handed.json()["verifier"] == "David Mensah"
    assert audited(org, "governance.action.hand_over", loop["action"].id).changes["verifier"]["to"] == "David Mensah"


def test_the_api_description_documents_an_actions_life(client, db):
    spec = client.get("/api/openapi.json").json()
    operations = {
        ("/api/governance/actions", "post"): "governance_api_action_create",
        ("/api/governance/actions/{action_id}/done", "post"): "governance_api_action_done",
        ("/api/governance/actions/{action_id}/withdraw", "post"): "governance_api_action_withdraw",
        ("/api/governance/actions/{action_id}/hand-over", "post"): "governance_api_action_hand_over",
    }
    for (path, method), operation_id in operations.items():
        operation = spec["paths"][path][method]
        assert operation["operationId"] == operation_id
        assert operation["summary"] and operation["description"], path
        assert {"401", "403", "404", "422"} <= set(operation["responses"]), path
    assert set(spec["components"]["schemas"]["ActionIn"]["required"]) == {
        "title",
        "lead_id",
        "verifier_id",
        "due_on",
        "source",
    }
