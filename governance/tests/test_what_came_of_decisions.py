"""What came of a decision: the audits it commissioned, the quality priorities it adopted, and the
actions opened to meet a priority's objectives, each traced back to it and shown on its page."""

import datetime as dt
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.services import api_token_create
from audits import services as audit
from audits.models import AuditRun
from audits.tests.test_audits import BELLS, published
from core import clock
from core.models import AuditEvent
from governance import services as gov
from governance.loop_states import ACTING, CHECKED, DECIDED
from governance.loops import loop_tracker
from governance.models import Action, ActionSource, ActionStatus
from governance.tests.conftest import action_input, hear, theme
from organisations.tests.factories import api_call
from priorities import services as plan
from priorities.models import ObjectiveAction, QualityPriority
from priorities.tests.test_priorities import choose, session
from reports.cqc import cqc_pack
from reports.monthly import monthly_pack


def _decision(team, service, *, held_on=None, actions=()):
    """A decision citing the call-bells theme (a decision always rests on evidence)."""
    quality = team.scope("quality")
    meeting = gov.meeting_create(
        scope=quality,
        meeting_type="quality_safety",
        service_id=service.id if service else None,
        held_on=held_on or clock.today(),
        chair_id=team.quality.id,
    )
    return gov.decision_record(
        scope=quality,
        meeting_id=meeting.id,
        text="Audit how residents are helped at night.",
        evidence=gov.Evidence(theme_ids=[theme(team.quality.organisation, BELLS).id]),
        actions=list(actions),
    )


def _plan(team, service, version, scope=None, **extra):
    return audit.run_plan(
        scope=scope or team.scope("manager"),
        service_id=service.id,
        version_id=version.id,
        planned_for=clock.today() + dt.timedelta(days=7),
        lead_id=team.manager.id,
        reason="The quality meeting asked for it.",
        **extra,
    )


def test_an_audit_names_the_decision_that_commissioned_it_at_the_same_service(org, services, team, framework):
    rowan, beech = services[0], services[1]
    version = published(team)
    decided = _decision(team, rowan)
    run = _plan(team, rowan, version, decision_id=decided.id)
    assert run.decision == decided
    event = AuditEvent.objects.for_org(org).get(verb="audits.run.plan")
    assert event.changes["decision"] == {"from": None, "to": decided.id}
    whole = _decision(team, None)  # seen only by people who cover every service
    assert _plan(team, rowan, version, decision_id=whole.id, scope=team.scope("quality")).decision == whole

    elsewhere = _decision(team, beech)
    with pytest.raises(ValidationError) as caught:
        audit.run_plan(
            scope=team.scope("quality"),
            service_id=rowan.id,
            version_id=version.id,
            planned_for=clock.today(),
            lead_id=team.manager.id,
            reason="Beech's decision is not Rowan's.",
            decision_id=elsewhere.id,
        )
    assert caught.value.message_dict["decision"] == [
        "That decision was about Beech Court: choose one about Rowan House or about the whole organisation."
    ]
    # The Rowan manager cannot see Beech's decision, nor one of a meeting not yet held.
    later = _decision(team, rowan, held_on=clock.today() + dt.timedelta(days=3))
    for decision_id, message in (
        (elsewhere.id, "Choose a decision you can see."),
        (later.id, "Choose a decision of a meeting that has been held."),
    ):
        with pytest.raises(ValidationError) as caught:
            _plan(team, rowan, version, decision_id=decision_id)
        assert caught.value.message_dict == {"decision": [message]}
    assert AuditRun.objects.for_org(org).count() == 2


def test_a_priority_names_the_decision_that_adopted_it(org, services, team, framework):
    rowan, beech = services[0], services[1]
    planning = session(team, rowan)
    adopted = _decision(team, rowan)
    priority = choose(team, planning, decision_id=adopted.id)
    assert priority.decision == adopted
    with pytest.raises(ValidationError) as caught:
        choose(team, planning, title="Another", decision_id=_decision(team, beech).id)
    assert list(caught.value.message_dict) == ["decision"]
    assert QualityPriority.objects.for_org(org).count() == 1


def test_actions_for_an_objective_go_into_the_action_log_with_their_source(org, services, team, framework):
    rowan = services[0]
    priority = choose(team, session(team, rowan))
    goal = priority.objectives.get()
    action = plan.objective_action_open(
        scope=team.scope("manager"), objective_id=goal.id, action=action_input(team, title="Night call-bell checks")
    )
    assert (action.source, action.service, action.status) == (ActionSource.PRIORITY, rowan, ActionStatus.OPEN)
    assert ObjectiveAction.objects.for_org(org).get().action == action
    assert action.priority_objective.objective == goal

    with pytest.raises(ValidationError) as caught:
        plan.objective_action_open(
            scope=team.scope("manager"),
            objective_id=goal.id,
            action=action_input(team, lead_id=team.manager.id, verifier_id=team.manager.id, due_on=None),
        )
    assert set(caught.value.message_dict) == {"verifier", "due_on"}
    with pytest.raises(PermissionDenied):
        plan.objective_action_open(scope=team.scope("staff"), objective_id=goal.id, action=action_input(team))
    with pytest.raises(ValidationError) as caught:  # only the priorities service opens these
        gov.action_create(
            scope=team.scope("quality"),
            data=action_input(team, source=ActionSource.PRIORITY, service_id=rowan.id),
        )
    assert list(caught.value.message_dict) == ["source"]
    assert Action.objects.for_org(org).count() == ObjectiveAction.objects.for_org(org).count() == 1


def _bells_loop(team, service):
    loops = loop_tracker(scope=team.scope("quality"), today=clock.today(), service_id=service.id, code=BELLS)
    return next(lp for lp in loops if lp.service_id == service.id)


def test_the_loop_is_acting_while_a_commissioned_audit_is_to_be_done(org, services, team, framework):
    rowan = services[0]
    hear(team.staff, rowan, BELLS, days_ago=[10, 4])
    decided = _decision(team, rowan)
    assert _bells_loop(team, rowan).state == DECIDED
    version = published(team)
    run = _plan(team, rowan, version, decision_id=decided.id)
    found = _bells_loop(team, rowan)
    assert found.state == ACTING and team.manager.full_name in found.acted
    audit.case_record(
        scope=team.scope("manager"),
        run_id=run.id,
        consent="agreed",
        answers={q.id: "yes" for q in run.version.questions.all()},
    )
    audit.run_complete(scope=team.scope("manager"), run_id=run.id)
    assert _bells_loop(team, rowan).state == DECIDED


def test_an_action_for_an_objective_measured_by_a_theme_is_part_of_that_themes_loop(org, services, team, framework):
    rowan = services[0]
    hear(team.staff, rowan, BELLS, days_ago=[10, 4])
    goal = choose(team, session(team, rowan)).objectives.get()
    action = plan.objective_action_open(scope=team.scope("manager"), objective_id=goal.id, action=action_input(team))
    found = _bells_loop(team, rowan)
    assert found.state == ACTING and action.id in found.actions
    gov.action_request_check(scope=team.scope("manager"), action_id=action.id, note="Night audit running.")
    gov.action_check(
        scope=team.scope("quality"),
        action_id=action.id,
        impact_shown=True,
        early_reason="Checked at once in this test.",
        note="Waits at night fell from 9 to 3 minutes.",
        link="https://example.org/bells",
    )
    assert _bells_loop(team, rowan).state == CHECKED


def test_the_decision_page_shows_what_came_of_it_and_starts_an_audit_from_it(client, org, services, team, framework):
    rowan = services[0]
    version = published(team)
    decided = _decision(team, rowan)
    priority = choose(team, session(team, rowan), decision_id=decided.id)
    client.force_login(team.quality.user)
    url = reverse("governance:decision", args=[decided.id])
    body = client.get(url).content.decode()
    assert "No audit names this decision." in body
    assert f'href="{reverse("priorities:priority", args=[priority.id])}"' in body
    assert f"{reverse('audits:plan')}?decision={decided.id}" in body

    start = client.get(reverse("audits:plan"), {"decision": decided.id}).content.decode()
    chosen = set(re.findall(r'<option value="([^"]*)" selected\s*>', start))
    assert {str(decided.id), str(rowan.id), BELLS} <= chosen  # BELLS: the one theme the decision cites
    response = client.post(
        reverse("audits:plan"),
        {
            "version": version.id,
            "service": rowan.id,
            "planned_for": (clock.today() + dt.timedelta(days=5)).isoformat(),
            "lead": team.manager.id,
            "reason": "Residents said night staff come in without knocking.",
            "theme_code": BELLS,
            "decision": decided.id,
        },
    )
    run = AuditRun.objects.for_org(org).get()
    assert response.status_code == 302 and run.decision == decided
    assert "Commissioned by" in client.get(reverse("audits:run", args=[run.id])).content.decode()
    assert f'href="{reverse("audits:run", args=[run.id])}"' in client.get(url).content.decode()
    minutes = client.get(reverse("governance:meeting", args=[decided.meeting_id])).content.decode()
    assert (
        "Audits commissioned" in minutes and f'href="{reverse("priorities:priority", args=[priority.id])}"' in minutes
    )

    client.force_login(team.staff.user)  # staff see what came of it but may not commission
    body = client.get(url).content.decode()
    assert f'href="{reverse("audits:run", args=[run.id])}"' in body and "?decision=" not in body


def test_an_action_is_opened_from_the_priority_page_and_shows_where_it_came_from(
    client, org, services, team, framework
):
    rowan = services[0]
    priority = choose(team, session(team, rowan))
    goal = priority.objectives.get()
    client.force_login(team.quality.user)
    url = reverse("priorities:priority", args=[priority.id])
    fields = {
        "form": "action",
        "action-objective": goal.id,
        "action-action_title": "Night call-bell checks",
        "action-action_description": "",
        "action-action_lead": team.manager.id,
        "action-action_verifier": team.manager.id,
        "action-action_due_on": "",
    }
    wrong = client.post(url, fields)
    assert wrong.status_code == 400
    body = wrong.content.decode()
    assert "The person who checks an action must not be its lead." in body and "Enter the date it is due." in body
    assert not Action.objects.for_org(org).exists()
    due = (clock.today() + dt.timedelta(days=30)).isoformat()
    made = client.post(url, {**fields, "action-action_verifier": team.quality.id, "action-action_due_on": due})
    action = Action.objects.for_org(org).get()
    assert made.status_code == 302 and action.source == ActionSource.PRIORITY
    assert f'href="{reverse("governance:action", args=[action.id])}"' in client.get(url).content.decode()
    page = client.get(reverse("governance:action", args=[action.id])).content.decode()
    assert f'href="{url}"' in page and goal.description in page


def test_the_api_names_the_decision_behind_an_audit_and_a_priority(client, org, services, team, framework):
    rowan = services[0]
    decided = _decision(team, rowan)
    run = _plan(team, rowan, published(team), decision_id=decided.id)
    priority = choose(team, session(team, rowan), decision_id=decided.id)
    action = plan.objective_action_open(
        scope=team.scope("manager"), objective_id=priority.objectives.get().id, action=action_input(team)
    )
    raw = api_token_create(scope=team.scope("manager"), name="tests")[1]
    assert api_call(client, "get", f"/api/audits/{run.id}", raw).json()["decision_id"] == decided.id
    assert [p["decision_id"] for p in api_call(client, "get", "/api/priorities", raw).json()] == [decided.id]
    listed = api_call(client, "get", "/api/governance/actions", raw).json()
    assert [(a["id"], a["source"]) for a in listed] == [(action.id, "priority")]


def test_the_monthly_and_cqc_packs_say_what_came_of_each_decision(org, services, team, framework):
    rowan = services[0]
    decided = _decision(team, rowan, actions=[action_input(team)])
    _plan(team, rowan, published(team), decision_id=decided.id)
    choose(team, session(team, rowan), decision_id=decided.id)
    _decision(team, rowan)  # a decision nothing has come of yet
    quality = team.scope("quality")

    [monthly] = monthly_pack(scope=quality, month=clock.today(), service=rowan).section("decisions").tables
    assert monthly.header[-1] == "What came of it"
    assert [row[-1] for row in monthly.rows] == ["1 action, 1 audit, 1 quality priority", "Nothing recorded yet"]
    decides = cqc_pack(scope=quality, service=rowan).section("decides")
    assert [row[-1] for row in decides.tables[0].rows] == [
        "1 action, 1 audit, 1 quality priority",
        "Nothing recorded yet",
    ]
    assert "Of the decisions, 1 led to actions, 1 to audits and 1 to quality priorities." in decides.paragraphs[0]


def test_a_withdrawn_audit_no_longer_keeps_the_loop_acting(org, services, team, framework):
    rowan = services[0]
    hear(team.staff, rowan, BELLS, days_ago=[20, 12])
    decided = _decision(team, rowan, held_on=clock.today() - dt.timedelta(days=10))
    version = published(team)
    planned_at = clock.now() - dt.timedelta(days=5)
    by_decision = _plan(team, rowan, version, decision_id=decided.id, now=planned_at)
    for_theme = _plan(team, rowan, version, theme_code=BELLS, now=planned_at)
    assert _bells_loop(team, rowan).state == ACTING
    audit.run_withdraw(scope=team.scope("manager"), run_id=by_decision.id, reason="Planned twice.")
    assert _bells_loop(team, rowan).state == ACTING  # the audit for the theme is still to be done
    audit.run_withdraw(scope=team.scope("manager"), run_id=for_theme.id, reason="The wrong audit.")
    found = _bells_loop(team, rowan)
    assert found.state == DECIDED and not found.audits
    # Before they were withdrawn, the audits had the loop acting.
    before = loop_tracker(
        scope=team.scope("quality"), today=clock.today() - dt.timedelta(days=2), service_id=rowan.id, code=BELLS
    )
    then = next(lp for lp in before if lp.service_id == rowan.id)
    assert then.state == ACTING and set(then.audits) == {by_decision.id, for_theme.id}


def test_a_withdrawn_audit_is_not_what_came_of_a_decision(client, org, services, team, framework):
    rowan = services[0]
    decided = _decision(team, rowan)
    run = _plan(team, rowan, published(team), decision_id=decided.id)
    audit.run_withdraw(scope=team.scope("manager"), run_id=run.id, reason="Planned for the wrong home.")
    client.force_login(team.quality.user)
    run_link = f'href="{reverse("audits:run", args=[run.id])}"'
    body = client.get(reverse("governance:decision", args=[decided.id])).content.decode()
    assert run_link not in body and "No audit names this decision." in body
    minutes = client.get(reverse("governance:meeting", args=[decided.meeting_id])).content.decode()
    assert run_link not in minutes and "Audits commissioned" not in minutes
    quality = team.scope("quality")
    [monthly] = monthly_pack(scope=quality, month=clock.today(), service=rowan).section("decisions").tables
    assert [row[-1] for row in monthly.rows] == ["Nothing recorded yet"]
    decides = cqc_pack(scope=quality, service=rowan).section("decides")
    assert [row[-1] for row in decides.tables[0].rows] == ["Nothing recorded yet"]
    # Its own page still says what it was and why it was withdrawn.
    page = client.get(reverse("audits:run", args=[run.id])).content.decode()
    assert "This audit was withdrawn" in page and "Planned for the wrong home." in page


def test_a_withdrawn_priority_is_not_what_came_of_a_decision(org, services, team, framework):
    rowan = services[0]
    decided = _decision(team, rowan)
    chosen = choose(team, session(team, rowan), decision_id=decided.id)
    plan.priority_withdraw(scope=team.scope("quality"), priority_id=chosen.id, reason="Chosen twice.")
    quality = team.scope("quality")
    [monthly] = monthly_pack(scope=quality, month=clock.today(), service=rowan).section("decisions").tables
    assert [row[-1] for row in monthly.rows] == ["Nothing recorded yet"]
    decides = cqc_pack(scope=quality, service=rowan).section("decides")
    assert [row[-1] for row in decides.tables[0].rows] == ["Nothing recorded yet"]
