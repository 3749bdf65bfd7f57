"""A re-audit is about what its baseline was about, whatever reason it was planned for: one the
residents asked for, planned for no theme of its own, counts on the baseline's theme in the theme's
loops, in its sources of evidence on the theme's page, and for the actions its findings open."""

import datetime as dt

from django.urls import reverse

from audits import services as audit
from audits.themes import run_theme_codes
from core import clock
from evidence.selectors import triangulate
from governance import services as gov
from governance.loops import loop_tracker
from governance.models import Action
from governance.selectors.action_themes import action_theme_codes

from .test_audits import BELLS, answer_all, published

AUDITS = "Audits commissioned because of it"


def _run(team, services, version, *, baseline=None, theme_code="", complete=True):
    scope = team.scope("quality")
    run = audit.run_plan(
        scope=scope,
        service_id=services[0].id,
        version_id=version.id,
        planned_for=clock.today(),
        lead_id=team.manager.id,
        reason="The residents asked for it to be done again." if baseline else "Call bells were raised.",
        theme_code=theme_code,
        baseline_id=baseline.id if baseline else None,
    )
    if complete:
        audit.case_record(scope=scope, run_id=run.id, consent="agreed", answers=answer_all(run, "no"))
        audit.run_complete(scope=scope, run_id=run.id)
    return run


def _audits_on_sources(team) -> tuple[int, str]:
    today = clock.today()
    [row] = [
        r
        for r in triangulate(
            scope=team.scope("quality"), theme_code=BELLS, first=today - dt.timedelta(days=30), last=today
        )
        if r.source == AUDITS
    ]
    return row.count, row.detail


def _audits_in_loops(team) -> set[int]:
    loops = loop_tracker(scope=team.scope("quality"), today=clock.today(), code=BELLS)
    return {run_id for lp in loops for run_id in lp.audits}


def test_a_reaudit_planned_for_no_theme_counts_on_its_baselines_theme(client, org, services, team, framework):
    version = published(team)
    baseline = _run(team, services, version, theme_code=BELLS)
    assert _audits_on_sources(team) == (1, "1 complete, 0 findings")
    assert _audits_in_loops(team) == {baseline.id}

    reaudit = _run(team, services, version, baseline=baseline)
    again = _run(team, services, version, baseline=reaudit, complete=False)  # a re-audit of the re-audit
    assert reaudit.reason_theme_code == "" and again.reason_theme_code == ""
    assert run_theme_codes(organisation=org, framework=framework) == {
        baseline.id: [BELLS],
        reaudit.id: [BELLS],
        again.id: [BELLS],
    }
    assert _audits_on_sources(team) == (3, "2 complete, 0 findings")
    assert _audits_in_loops(team) == {baseline.id, reaudit.id, again.id}
    # The one still to be done keeps the loop acting.
    [bells] = loop_tracker(scope=team.scope("quality"), today=clock.today(), code=BELLS)
    assert bells.state == "acting"

    # An action from the re-audit's finding is about the theme too.
    question = reaudit.version.questions.order_by("position").first()
    finding = audit.finding_open(
        scope=team.scope("quality"),
        run_id=reaudit.id,
        question_id=question.id,
        text="Still out of reach in two rooms.",
        action=gov.ActionInput(
            title="Clip the call bells in reach",
            lead_id=team.manager.id,
            verifier_id=team.quality.id,
            due_on=clock.today() + dt.timedelta(days=30),
        ),
    )
    assert action_theme_codes(Action.objects.for_org(org), framework=framework) == {finding.action_id: [BELLS]}
    assert _audits_on_sources(team) == (3, "2 complete, 1 finding")

    # The theme's page shows the same count.
    client.force_login(team.quality.user)
    page = client.get(reverse("governance:theme", args=[BELLS])).content.decode()
    row = page[page.index(AUDITS) :]
    row = row[: row.index("</tr>")]
    assert '<td class="nhsuk-table__cell nhsuk-table__cell--numeric">3</td>' in row


def test_a_reaudit_of_an_audit_about_no_theme_is_about_none(org, services, team, framework):
    version = published(team)
    plain = _run(team, services, version)
    reaudit = _run(team, services, version, baseline=plain)
    assert run_theme_codes(organisation=org, framework=framework, run_ids=[plain.id, reaudit.id]) == {}
    assert _audits_on_sources(team) == (0, "0 complete, 0 findings")
    assert _audits_in_loops(team) == set()


def test_a_reaudit_given_its_own_theme_counts_on_both(org, services, team, framework):
    version = published(team)
    baseline = _run(team, services, version, theme_code=BELLS)
    reaudit = _run(team, services, version, baseline=baseline, theme_code="privacy")
    assert run_theme_codes(organisation=org, framework=framework, run_ids=[reaudit.id]) == {
        reaudit.id: ["privacy", BELLS]
    }
