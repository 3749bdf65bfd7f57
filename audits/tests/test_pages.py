"""The audit pages: planned, carried out and finished through the forms, for those allowed only."""

import datetime as dt
import re

from django.urls import reverse

from audits import services as audit
from audits.models import AuditCase, AuditFinding, AuditQuestion, AuditRun, AuditTemplate, RunStatus
from core import clock
from governance import services as gov
from governance.models import Action, Decision, Rung

from .test_audits import BELLS, HARD, _planned, answer_all, published, session


def login(client, person):
    client.force_login(person.user)
    return client


def selected(body: str, name: str) -> str | None:
    """The value chosen in the form's select for the field `name` (not the page's service switcher)."""
    select = re.search(rf'<select[^>]*id="id_{name}".*?</select>', body, re.S).group(0)
    chosen = re.search(r'<option value="([^"]*)"[^>]*selected', select)
    return chosen.group(1) if chosen else None


def test_a_template_is_written_and_put_into_use_through_the_pages(client, org, team):
    login(client, team.quality)
    response = client.post(reverse("audits:templates"), {"title": "Dignity in personal care"})
    version = AuditTemplate.objects.for_org(org).get().versions.get()
    assert response.status_code == 302 and response.url == reverse("audits:version", args=[version.id])
    url = response.url
    client.post(url, {"form": "question", "question-text": HARD})
    body = client.get(url).content.decode()
    assert "Hard to read" in body and "grade" in body
    designed = session(team)
    response = client.post(url, {"form": "publish", "publish-design_session": designed.id})
    assert response.status_code == 400 and "Question 1 is hard to read" in response.content.decode()
    hard = AuditQuestion.objects.for_org(org).get()
    client.post(url, {"form": "remove", "question": hard.id})
    client.post(
        url,
        {"form": "question", "question-text": "Did staff knock before they came in?", "question-is_observation": "on"},
    )
    response = client.post(url, {"form": "trial", "trial-session": designed.id, "trial-learned": "Shorter words."})
    assert response.status_code == 302
    assert client.post(url, {"form": "publish", "publish-design_session": designed.id}).status_code == 302
    body = client.get(url).content.decode()
    assert "In use" in body and "Start a new version" in body and "Shorter words." in body


def test_an_audit_is_planned_carried_out_and_finished_through_the_pages(client, org, services, team, framework):
    version = published(team)
    login(client, team.manager)
    form = {
        "version": version.id,
        "service": services[0].id,
        "planned_for": clock.today().isoformat(),
        "lead": team.manager.id,
        "auditors": [team.partner.id],
        "theme_code": BELLS,
        "reason": "Residents said staff come in without knocking.",
    }
    wrong = client.post(reverse("audits:plan"), {**form, "reason": "", "planned_for": ""})
    assert wrong.status_code == 400 and "Say why this audit is needed here and now." in wrong.content.decode()
    response = client.post(reverse("audits:plan"), form)
    run = AuditRun.objects.for_org(org).get()
    assert response.status_code == 302 and response.url == reverse("audits:run", args=[run.id])
    assert (
        "Because of Call bells &amp; responsiveness, raised 0 times"
        in client.get(reverse("audits:programme")).content.decode()
    )

    login(client, team.partner)  # the lay auditor records the cases
    url = reverse("audits:run", args=[run.id])
    watched, asked = AuditQuestion.objects.for_org(org).filter(version=version).order_by("position")
    response = client.post(url, {"form": "case", "case-consent": "not_observed", f"case-q{watched.id}": "yes"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "without consent to observe, it does not apply" in body and "Answer question 2." in body
    response = client.post(
        url, {"form": "case", "case-consent": "agreed", f"case-q{watched.id}": "no", f"case-q{asked.id}": "yes"}
    )
    assert response.status_code == 302 and AuditCase.objects.for_org(org).count() == 1
    assert "Complete the audit" not in client.get(url).content.decode()

    login(client, team.manager)
    assert client.post(url, {"form": "complete"}).status_code == 302
    response = client.post(
        url,
        {
            "form": "finding",
            "finding-question": watched.id,
            "finding-text": "Staff came in without knocking.",
            "finding-action_title": "Knock and wait",
            "finding-action_lead": team.manager.id,
            "finding-action_verifier": team.manager.id,
            "finding-action_due_on": (clock.today() + dt.timedelta(days=20)).isoformat(),
        },
    )
    assert response.status_code == 400 and "must not be its lead" in response.content.decode()
    response = client.post(
        url,
        {
            "form": "finding",
            "finding-question": watched.id,
            "finding-text": "Staff came in without knocking.",
            "finding-action_title": "Knock and wait",
            "finding-action_lead": team.manager.id,
            "finding-action_verifier": team.quality.id,
            "finding-action_due_on": (clock.today() + dt.timedelta(days=20)).isoformat(),
        },
    )
    assert response.status_code == 302
    finding = AuditFinding.objects.for_org(org).get()
    body = client.get(url).content.decode()
    assert "Staff came in without knocking." in body and reverse("governance:action", args=[finding.action.id]) in body
    action_page = client.get(reverse("governance:action", args=[finding.action.id])).content.decode()
    assert "A finding of an audit" in action_page and url in action_page


def test_an_older_baseline_or_decision_is_kept_when_planning_from_its_page(client, org, services, team):
    """The plan form lists the newest completed audits and decisions; the one a page sent the planner
    from is offered too, however many came after it, instead of being quietly dropped."""
    quality, rowan = team.scope("quality"), services[0]
    version = published(team)
    long_ago = clock.today() - dt.timedelta(days=400)
    baseline = _planned(team, services, version)
    AuditRun.objects.for_org(org).filter(pk=baseline.pk).update(planned_for=long_ago)
    audit.case_record(scope=quality, run_id=baseline.id, consent="agreed", answers=answer_all(baseline, "no"))
    audit.run_complete(scope=quality, run_id=baseline.id)
    AuditRun.objects.bulk_create(
        AuditRun(
            organisation=org,
            service=rowan,
            version=version,
            planned_for=clock.today() - dt.timedelta(days=i),
            lead=team.manager,
            reason="Every month.",
            status=RunStatus.COMPLETE,
            completed_by=team.manager,
            completed_at=clock.now(),
            created_by=team.manager,
            created_at=clock.now(),
        )
        for i in range(1, 51)
    )
    old_meeting, new_meeting = (
        gov.meeting_create(scope=quality, meeting_type="quality_safety", service_id=rowan.id, held_on=day)
        for day in (long_ago, clock.today())
    )
    decision, *_ = Decision.objects.bulk_create(
        Decision(
            organisation=org,
            meeting=meeting,
            service=rowan,
            text="Audit personal care with residents.",
            recorded_by=team.quality,
            recorded_at=clock.now(),
        )
        for meeting in [old_meeting] + [new_meeting] * 50
    )

    login(client, team.quality)
    body = client.get(f"{reverse('audits:plan')}?baseline={baseline.id}&decision={decision.id}").content.decode()
    assert (selected(body, "baseline"), selected(body, "decision")) == (str(baseline.id), str(decision.id))
    response = client.post(
        reverse("audits:plan"),
        {
            "version": version.id,
            "service": rowan.id,
            "planned_for": clock.today().isoformat(),
            "lead": team.manager.id,
            "reason": "A year on.",
            "baseline": baseline.id,
            "decision": decision.id,
        },
    )
    assert response.status_code == 302
    planned = AuditRun.objects.for_org(org).get(reason="A year on.")
    assert (planned.baseline, planned.decision) == (baseline, decision)


def test_a_re_audit_is_planned_from_its_baseline_and_each_links_to_the_other(client, org, services, team):
    quality = team.scope("quality")
    version = published(team)
    baseline = _planned(team, services, version)
    audit.case_record(scope=quality, run_id=baseline.id, consent="agreed", answers=answer_all(baseline, "no"))
    audit.run_complete(scope=quality, run_id=baseline.id)
    draft = audit.version_new(scope=quality, template_id=version.template_id)
    in_use = audit.version_publish(
        scope=quality, version_id=draft.id, design_session_id=session(team).id, change_note="Same questions."
    )

    login(client, team.manager)
    body = client.get(f"{reverse('audits:plan')}?baseline={baseline.id}").content.decode()
    # The re-audit starts at the baseline's service, on the version of its template now in use.
    assert (selected(body, "service"), selected(body, "version")) == (str(services[0].id), str(in_use.id))
    reaudit = _planned(team, services, in_use, baseline_id=baseline.id)
    body = client.get(reverse("audits:run", args=[baseline.id])).content.decode()
    assert "Repeated in" in body and reverse("audits:run", args=[reaudit.id]) in body
    # Lay auditors read the comparison: its verdicts are explained in plain words first, the test after.
    body = client.get(reverse("audits:run", args=[reaudit.id])).content.decode()
    plain, method = body.index("would come about by chance less than 1 time in 20"), body.index("Fisher's exact test")
    assert plain < body.index("How this is worked out") < method


def test_a_finding_and_its_action_are_told_everything_missing_at_once(client, org, services, team):
    quality = team.scope("quality")
    run = _planned(team, services, published(team))
    audit.case_record(scope=quality, run_id=run.id, consent="agreed", answers=answer_all(run, "no"))
    audit.run_complete(scope=quality, run_id=run.id)
    login(client, team.manager)
    url = reverse("audits:run", args=[run.id])
    response = client.post(
        url,
        {
            "form": "finding",
            "finding-text": "",
            "finding-action_title": "Knock and wait: a briefing for every shift",
            "finding-action_lead": team.manager.id,
            "finding-action_verifier": team.manager.id,
        },
    )
    body = response.content.decode()
    assert response.status_code == 400
    for message in (
        "Choose the question the finding is about.",
        "Say what the audit found.",
        "must not be its lead",
        "Enter the date it is due.",
    ):
        assert message in body
    assert "Knock and wait: a briefing for every shift" in body
    assert not AuditFinding.objects.for_org(org).exists() and not Action.objects.for_org(org).exists()


def test_the_pages_follow_the_roles(client, org, services, team):
    run = _planned(team, services, published(team))
    url = reverse("audits:run", args=[run.id])
    login(client, team.staff)
    assert client.get(url).status_code == 200 and "Record a case" not in client.get(url).content.decode()
    assert client.get(reverse("audits:plan")).status_code == 403
    assert (
        client.post(
            url, {"form": "case", "case-consent": "agreed", **{f"case-q{q}": "yes" for q in answer_all(run, "yes")}}
        ).status_code
        == 200
    )
    assert not AuditCase.objects.for_org(org).exists()
    login(client, team.beech_manager)
    assert client.get(url).status_code == 404
    login(client, team.commissioner)
    assert client.get(reverse("audits:programme")).status_code == 403


def test_the_programme_makes_the_same_queries_however_long_it_is(
    client, org, services, team, django_assert_num_queries
):
    login(client, team.quality)
    url = reverse("audits:programme")
    client.get(url)
    version = published(team)
    _planned(team, services, version)
    with django_assert_num_queries(13):
        assert client.get(url).status_code == 200
    for _ in range(5):
        run = _planned(team, services, version)
        audit.case_record(scope=team.scope("quality"), run_id=run.id, consent="agreed", answers=answer_all(run, "yes"))
    with django_assert_num_queries(13):
        assert client.get(url).status_code == 200


def test_a_case_is_corrected_and_another_withdrawn_from_the_case_page(client, org, services, team):
    run = _planned(team, services, published(team))
    watched, asked = AuditQuestion.objects.for_org(org).filter(version=run.version).order_by("position")
    case = audit.case_record(
        scope=team.scope("partner"), run_id=run.id, consent="agreed", answers={watched.id: "no", asked.id: "no"}
    )
    twice = audit.case_record(
        scope=team.scope("partner"), run_id=run.id, consent="agreed", answers=answer_all(run, "no")
    )
    run_url = reverse("audits:run", args=[run.id])
    url = reverse("audits:case", args=[run.id, case.id])

    login(client, team.staff)  # sees the case, may not change it
    body = client.get(url).content.decode()
    assert "Was the call bell in reach?" in body and "Correct this case" not in body

    login(client, team.partner)
    assert url in client.get(run_url).content.decode()
    body = client.get(url).content.decode()
    assert 'value="no" checked' in body.replace('checked=""', "checked")  # the form starts from the case's answers
    wrong = client.post(url, {"form": "correct", "correct-consent": "agreed", f"correct-q{watched.id}": "no"})
    assert wrong.status_code == 400
    assert (
        "Say what was wrong with the case." in wrong.content.decode() and "Answer question 2." in wrong.content.decode()
    )
    response = client.post(
        url,
        {
            "form": "correct",
            "correct-consent": "agreed",
            f"correct-q{watched.id}": "no",
            f"correct-q{asked.id}": "yes",
            "correct-reason": "Question 2 was ticked in the wrong column.",
        },
    )
    assert response.status_code == 302 and response.url == run_url
    fixed = AuditCase.objects.for_org(org).get(replaces=case)
    response = client.post(
        reverse("audits:case", args=[run.id, twice.id]), {"form": "withdraw", "withdraw-reason": "Entered twice."}
    )
    assert response.status_code == 302

    body = client.get(run_url).content.decode()
    assert "1 case audited" in body and "Withdrawn entries (2), not counted" in body and "Entered twice." in body
    old_page = client.get(url).content.decode()
    assert "This entry was corrected" in old_page and reverse("audits:case", args=[run.id, fixed.id]) in old_page
    assert "Correct this case" not in old_page
    assert "The earlier entry" in client.get(reverse("audits:case", args=[run.id, fixed.id])).content.decode()

    login(client, team.beech_manager)
    assert client.get(url).status_code == 404


def test_a_case_page_reads_its_own_case_not_the_whole_audit(client, org, services, team):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    run = _planned(team, services, published(team))
    cases = [
        audit.case_record(scope=team.scope("partner"), run_id=run.id, consent="agreed", answers=answer_all(run, "yes"))
        for _ in range(4)
    ]
    login(client, team.quality)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("audits:case", args=[run.id, cases[1].id])).status_code == 200
    answer_reads = [q["sql"] for q in queries if 'FROM "audits_auditanswer"' in q["sql"]]
    assert answer_reads, "the case's answers are read"
    for sql in answer_reads:  # only this case's answers, not every case's
        listed = re.search(r'"audits_auditanswer"\."case_id" IN \(([^)]*)\)', sql)
        assert listed is not None and {int(n) for n in listed.group(1).split(",")} == {cases[1].id}
    assert not any('FROM "audits_auditfinding"' in q["sql"] for q in queries)


def test_the_action_log_says_an_action_came_from_an_audit_finding(client, org, services, team):
    """It said "From feedback None": the list named only decisions, themes and feedback."""
    version = published(team)
    run = _planned(team, services, version)
    audit.case_record(scope=team.scope("manager"), run_id=run.id, consent="agreed", answers=answer_all(run, "no"))
    audit.run_complete(scope=team.scope("manager"), run_id=run.id)
    audit.finding_open(
        scope=team.scope("manager"),
        run_id=run.id,
        question_id=AuditQuestion.objects.for_org(org).filter(version=version).first().id,
        text="Staff did not knock in any case.",
        action=gov.ActionInput(
            title="Knock and wait: briefing for every shift",
            lead_id=team.manager.id,
            verifier_id=team.quality.id,
            due_on=clock.today() + dt.timedelta(days=30),
        ),
    )
    body = login(client, team.quality).get(reverse("governance:actions")).content.decode()
    assert f"From a finding of the audit {version.template.title} at {services[0].name}" in body
    assert "None" not in body


def test_a_template_designed_and_tried_at_another_service_names_those_sessions_without_a_link(
    client, org, services, team
):
    """A partner at Rowan House reads a template the whole organisation uses; it was designed and
    tried with people at Beech Court, whose ledger they do not read: the sessions are named, not
    linked to a page that would answer 'not found'."""
    quality = team.scope("quality")
    at_beech = gov.coproduction_record(
        scope=quality,
        kind="audit_design",
        service_id=services[1].id,
        held_on=clock.today() - dt.timedelta(days=20),
        title="Beech Court residents write the questions",
        rung=Rung.CO_DESIGN,
        recognition="payment",
        participant_ids=[team.beech_manager.id],
        others_count=4,
        others_description="4 residents of Beech Court",
    )
    template = audit.template_create(scope=quality, title="Dignity in personal care")
    draft = template.versions.get()
    audit.question_add(scope=quality, version_id=draft.id, text="Did staff knock before they came in?")
    audit.trial_record(scope=quality, version_id=draft.id, session_id=at_beech.id, learned="Say 'knock'.")
    version = audit.version_publish(scope=quality, version_id=draft.id, design_session_id=at_beech.id)
    url = reverse("audits:version", args=[version.id])
    session_url = reverse("governance:coproduction-activity", args=[at_beech.id])

    login(client, team.partner)
    assert client.get(session_url).status_code == 404
    body = client.get(url).content.decode()
    assert body.count("Beech Court residents write the questions") == 2 and f'href="{session_url}"' not in body

    login(client, team.quality)
    assert client.get(url).content.decode().count(f'href="{session_url}"') == 2
