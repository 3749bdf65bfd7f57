"""An action opened from an audit finding, or for a quality priority's objective, is about the theme the
audit was planned for or the objective measures: it counts on that theme's loop, in the reports' charts
and impact tables, and in the evidence pack, as an action raised on the theme does."""

import datetime as dt

from audits import services as audit
from core import clock
from governance import services as gov
from governance.loops import loop_tracker
from governance.models import Action
from governance.selectors.action_themes import action_theme_codes
from governance.tests.conftest import action_input, hear
from priorities import services as plan
from priorities.tests.test_priorities import choose, session
from reports.oversight.actions import actions_until

from .test_audits import BELLS, _planned, answer_all, published

LINK = "/audits/"


def _finding_action(org, team, services, **plan_fields) -> Action:
    version = published(team)
    run = _planned(team, services, version, **plan_fields)
    gov_scope = team.scope("manager")
    audit.case_record(scope=gov_scope, run_id=run.id, consent="agreed", answers=answer_all(run, "no"))
    audit.run_complete(scope=gov_scope, run_id=run.id)
    question = run.version.questions.order_by("position").first()
    finding = audit.finding_open(
        scope=gov_scope,
        run_id=run.id,
        question_id=question.id,
        text="The call bell was out of reach in every room.",
        action=gov.ActionInput(
            title="Call bells clipped within reach at every visit",
            lead_id=team.manager.id,
            verifier_id=team.quality.id,
            due_on=clock.today() + dt.timedelta(days=30),
        ),
    )
    return finding.action


def _bells_loop(team, service):
    loops = loop_tracker(scope=team.scope("quality"), today=clock.today())
    return next(lp for lp in loops if lp.code == BELLS and lp.service_id == service.id)


def test_an_action_from_a_finding_of_an_audit_planned_for_a_theme_acts_on_that_themes_loop(
    org, services, team, framework
):
    rowan = services[0]
    hear(team.staff, rowan, BELLS, days_ago=[40, 30, 20])
    action = _finding_action(org, team, services, theme_code=BELLS)
    plain = _finding_action(org, team, services)  # an audit planned for no theme: its action is about none

    about = action_theme_codes(Action.objects.for_org(org))
    assert about == {action.id: [BELLS]}
    assert plain.id not in about

    found = _bells_loop(team, rowan)
    assert action.id in found.actions and found.state == "acting"
    gov.action_request_check(scope=team.scope("manager"), action_id=action.id, note="Clipped in every room.")
    gov.action_check(
        scope=team.scope("quality"),
        action_id=action.id,
        impact_shown=True,
        early_reason="Checked at once in this test.",
        note="Re-audit: all in reach.",
        link=LINK,
    )
    found = _bells_loop(team, rowan)
    assert found.state == "checked" and found.checked == ["Grace Okafor"]

    # The charts and the commissioner's impact table read the same answer.
    facts = {f.id: f for f in actions_until(scope=team.scope("quality"), end=clock.now() + dt.timedelta(days=1))}
    assert facts[action.id].theme_codes == {BELLS} and facts[plain.id].theme_codes == set()


def test_an_action_opened_for_an_objective_measured_by_a_theme_counts_on_the_theme_in_reports(
    org, services, team, framework
):
    rowan = services[0]
    priority = choose(team, session(team, rowan))
    opened = plan.objective_action_open(
        scope=team.scope("quality"), objective_id=priority.objectives.get().id, action=action_input(team)
    )
    assert action_theme_codes(Action.objects.for_org(org)) == {opened.id: [BELLS]}
    facts = {f.id: f for f in actions_until(scope=team.scope("quality"), end=clock.now() + dt.timedelta(days=1))}
    assert facts[opened.id].theme_codes == {BELLS}
