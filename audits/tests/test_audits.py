"""Audits: co-designed versioned templates, audits planned on evidence, cases with consent, findings
that open actions, and re-audits compared with their baseline question by question."""

import datetime as dt

import pytest
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.urls import reverse

from accounts.services import api_token_create
from audits import selectors
from audits import services as audit
from audits.models import AuditCase, AuditQuestion, AuditRun, RunStatus, TemplateVersion, VersionStatus
from audits.readability import reading_grade
from core import clock
from core.models import AuditEvent
from governance import services as gov
from governance.models import Action, ActionSource, Rung
from governance.tests.conftest import hear, scope_of
from organisations.tests.factories import api_call

BELLS = "call-bells-and-responsiveness"
PLAIN = ["Did staff knock before they came in?", "Was the call bell in reach?"]
HARD = "Is the documentation of medication administration contemporaneous and countersigned?"


def session(team, *, partner=True, days_ago=20, title="Residents design the audit"):
    return gov.coproduction_record(
        scope=team.scope("quality"),
        kind="audit_design",
        service_id=None,
        held_on=clock.today() - dt.timedelta(days=days_ago),
        title=title,
        rung=Rung.CO_DESIGN,
        recognition="payment",
        participant_ids=[team.partner.id] if partner else [team.manager.id],
    )


def published(team, questions=PLAIN, observation=(True, False)):
    quality = team.scope("quality")
    template = audit.template_create(scope=quality, title="Dignity in personal care")
    version = template.versions.get()
    for text, watched in zip(questions, observation, strict=True):
        audit.question_add(scope=quality, version_id=version.id, text=text, is_observation=watched)
    return audit.version_publish(scope=quality, version_id=version.id, design_session_id=session(team).id)


def answer_all(run, value):
    return {q.id: value for q in AuditQuestion.objects.for_org(run.organisation).filter(version=run.version)}


def test_plain_words_are_told_from_hard_ones():
    assert reading_grade(PLAIN[0]) < 4 and reading_grade(HARD) > 15
    assert reading_grade("") == 0.0


def test_a_template_is_written_tried_and_put_into_use_only_when_co_designed_and_plain(org, team):
    quality = team.scope("quality")
    template = audit.template_create(scope=quality, title="Dignity in personal care")
    draft = template.versions.get()
    audit.question_add(scope=quality, version_id=draft.id, text=PLAIN[0], is_observation=True)
    hard = audit.question_add(scope=quality, version_id=draft.id, text=HARD)
    with pytest.raises(ValidationError) as caught:
        audit.version_publish(scope=quality, version_id=draft.id, design_session_id=session(team, partner=False).id)
    assert set(caught.value.message_dict) == {"questions", "design_session"}
    assert "Question 2 is hard to read" in caught.value.message_dict["questions"][0]
    audit.question_remove(scope=quality, question_id=hard.id)
    designed = session(team)
    audit.trial_record(
        scope=quality, version_id=draft.id, session_id=designed.id, learned="Say 'knock', not 'seek entry'."
    )
    version = audit.version_publish(scope=quality, version_id=draft.id, design_session_id=designed.id)
    assert version.status == VersionStatus.PUBLISHED and version.design_session == designed
    with pytest.raises(PermissionDenied):
        audit.question_add(scope=quality, version_id=version.id, text="Too late?")
    with pytest.raises(PermissionDenied):
        audit.template_create(scope=team.scope("staff"), title="Mine")
    verbs = set(AuditEvent.objects.for_org(org).values_list("verb", flat=True))
    assert {
        "audits.template.create",
        "audits.question.remove",
        "audits.version.trial",
        "audits.version.publish",
    } <= verbs


def test_taking_a_question_out_of_a_draft_leaves_no_gap_in_the_numbers(org, team):
    quality = team.scope("quality")
    draft = audit.template_create(scope=quality, title="Dignity in personal care").versions.get()
    first, second, third = (
        audit.question_add(scope=quality, version_id=draft.id, text=text)
        for text in (*PLAIN, "Were you asked how you like things done?")
    )
    audit.question_remove(scope=quality, question_id=second.id)
    fourth = audit.question_add(scope=quality, version_id=draft.id, text="Was the door closed?")
    questions = selectors.questions_of(scope=quality, version=draft)
    assert [(q.id, q.position) for q in questions] == [(first.id, 1), (third.id, 2), (fourth.id, 3)]


def test_an_audit_commissioned_because_of_a_theme_keeps_the_evidence(org, services, team, framework):
    rowan = services[0]
    hear(team.staff, rowan, BELLS, days_ago=[5, 30, 60])
    hear(team.staff, rowan, BELLS, days_ago=[120])  # before the 91 days
    version = published(team)
    run = audit.run_plan(
        scope=team.scope("manager"),
        service_id=rowan.id,
        version_id=version.id,
        planned_for=clock.today() + dt.timedelta(days=14),
        lead_id=team.manager.id,
        reason="Residents said night staff come in without knocking.",
        theme_code=BELLS,
        auditor_ids=[team.partner.id, team.staff.id],
    )
    assert (run.reason_mentions, run.reason_until) == (3, clock.today())
    assert {(a.person, a.lay) for a in run.auditors.all()} == {(team.partner, True), (team.staff, False)}
    with pytest.raises(ValidationError) as caught:
        audit.run_plan(
            scope=team.scope("manager"),
            service_id=rowan.id,
            version_id=None,
            planned_for=None,
            lead_id=team.beech_manager.id,
            reason="",
            theme_code="no-such-theme",
        )
    assert set(caught.value.message_dict) == {"version", "planned_for", "lead", "reason", "theme_code"}
    with pytest.raises(ObjectDoesNotExist):
        audit.run_plan(
            scope=team.scope("manager"),
            service_id=services[1].id,
            version_id=version.id,
            planned_for=clock.today(),
            lead_id=team.manager.id,
            reason="Not my service.",
        )
    assert AuditRun.objects.for_org(org).count() == 1


def _planned(team, services, version, **extra):
    return audit.run_plan(
        scope=team.scope("manager"),
        service_id=services[0].id,
        version_id=version.id,
        planned_for=clock.today(),
        lead_id=team.manager.id,
        reason="Residents asked for it.",
        auditor_ids=[team.partner.id],
        **extra,
    )


def test_cases_carry_consent_and_only_the_audits_people_record_them(org, services, team):
    version = published(team)
    run = _planned(team, services, version)
    watched, asked = AuditQuestion.objects.for_org(org).filter(version=version).order_by("position")
    with pytest.raises(ValidationError) as caught:
        audit.case_record(
            scope=team.scope("partner"), run_id=run.id, consent="not_observed", answers={watched.id: "yes"}
        )
    assert set(caught.value.message_dict) == {f"q{watched.id}", f"q{asked.id}"}
    assert "without consent to observe" in caught.value.message_dict[f"q{watched.id}"][0]
    case = audit.case_record(
        scope=team.scope("partner"),
        run_id=run.id,
        consent="agreed",
        answers={watched.id: "yes", asked.id: "no"},
        note="Mr Peter Jones in room 4 (07700 900456) was not asked.",
    )
    assert "07700" not in case.note and "was not asked" in case.note
    audit.case_record(
        scope=team.scope("partner"), run_id=run.id, consent="not_observed", answers={watched.id: "na", asked.id: "yes"}
    )
    assert case.number == 1 and case.recorded_by == team.partner
    with pytest.raises(PermissionDenied):  # staff at the service, but not one of this audit's auditors
        audit.case_record(scope=team.scope("staff"), run_id=run.id, consent="agreed", answers=answer_all(run, "yes"))
    with pytest.raises(ObjectDoesNotExist):
        audit.case_record(
            scope=scope_of(team.beech_manager), run_id=run.id, consent="agreed", answers=answer_all(run, "yes")
        )
    [first, second] = selectors.results(scope=team.scope("quality"), run=run)
    assert (first.yes, first.no, first.not_applicable, first.percent) == (1, 0, 1, 100.0)
    assert (second.yes, second.no, second.percent) == (1, 1, 50.0)


def test_a_completed_audit_opens_actions_from_its_findings(org, services, team):
    version = published(team)
    run = _planned(team, services, version)
    with pytest.raises(ValidationError):
        audit.run_complete(scope=team.scope("manager"), run_id=run.id)  # no cases yet
    audit.case_record(scope=team.scope("manager"), run_id=run.id, consent="agreed", answers=answer_all(run, "no"))
    with pytest.raises(PermissionDenied):
        audit.run_complete(scope=team.scope("partner"), run_id=run.id)
    audit.run_complete(scope=team.scope("manager"), run_id=run.id)
    with pytest.raises(ValidationError):
        audit.case_record(scope=team.scope("manager"), run_id=run.id, consent="agreed", answers=answer_all(run, "yes"))
    question = AuditQuestion.objects.for_org(org).filter(version=version).first()
    finding = audit.finding_open(
        scope=team.scope("manager"),
        run_id=run.id,
        question_id=question.id,
        text="Staff did not knock in any case.",
        action=gov.ActionInput(
            title="Knock and wait: briefing for every shift",
            lead_id=team.manager.id,
            verifier_id=team.quality.id,
            due_on=clock.today() + dt.timedelta(days=30),
        ),
    )
    action = Action.objects.for_org(org).get()
    assert finding.action == action and action.source == ActionSource.AUDIT and action.service == services[0]
    with pytest.raises(ValidationError) as caught:
        audit.finding_open(
            scope=team.scope("manager"),
            run_id=run.id,
            question_id=question.id,
            text="Again",
            action=gov.ActionInput(title="x", lead_id=team.manager.id, verifier_id=team.manager.id, due_on=None),
        )
    assert {"verifier", "due_on"} <= set(caught.value.message_dict)
    # Nobody opens an "audit" action without its finding.
    with pytest.raises(ValidationError):
        gov.action_create(
            scope=team.scope("manager"),
            data=gov.ActionInput(
                title="x",
                lead_id=team.manager.id,
                verifier_id=team.quality.id,
                due_on=clock.today(),
                service_id=services[0].id,
                source=ActionSource.AUDIT,
            ),
        )
    assert Action.objects.for_org(org).count() == 1


def test_a_re_audit_on_a_new_version_is_compared_question_by_question(org, services, team):
    quality = team.scope("quality")
    version = published(team)
    baseline = _planned(team, services, version)
    for _ in range(10):
        audit.case_record(scope=quality, run_id=baseline.id, consent="agreed", answers=answer_all(baseline, "no"))
    audit.run_complete(scope=quality, run_id=baseline.id)

    draft = audit.version_new(scope=quality, template_id=version.template_id)
    audit.question_add(scope=quality, version_id=draft.id, text="Were you asked how you like things done?")
    with pytest.raises(ValidationError) as caught:
        audit.version_publish(scope=quality, version_id=draft.id, design_session_id=session(team).id)
    assert set(caught.value.message_dict) == {"change_note"}
    audit.version_publish(
        scope=quality,
        version_id=draft.id,
        design_session_id=session(team).id,
        change_note="Residents added a question.",
    )
    assert TemplateVersion.objects.for_org(org).get(pk=version.pk).status == VersionStatus.RETIRED

    reaudit = _planned(team, services, draft, baseline_id=baseline.id)
    knock, bell, asked = AuditQuestion.objects.for_org(org).filter(version=draft).order_by("position")
    for i in range(10):
        answers = {knock.id: "yes", bell.id: "yes" if i < 2 else "no", asked.id: "yes"}
        audit.case_record(scope=quality, run_id=reaudit.id, consent="agreed", answers=answers)
    audit.run_complete(scope=quality, run_id=reaudit.id)
    rows = {
        c.question.id: c for c in selectors.compare(scope=quality, run=AuditRun.objects.for_org(org).get(pk=reaudit.pk))
    }
    assert rows[knock.id].change == 100.0 and rows[knock.id].p_value < 0.001
    assert rows[knock.id].verdict == "Better, more than chance"
    assert rows[bell.id].change == 20.0 and rows[bell.id].verdict == "Could be chance"  # 2 of 10 against 0 of 10
    assert rows[asked.id].baseline is None and rows[asked.id].verdict == "Cannot compare"
    assert AuditRun.objects.for_org(org).get(pk=reaudit.pk).status == RunStatus.COMPLETE
    with pytest.raises(ValidationError):  # a baseline must be the same audit at the same service
        _planned(team, services, published(team), baseline_id=baseline.id)


def test_a_question_the_new_version_dropped_is_still_in_the_comparison(client, org, services, team):
    quality = team.scope("quality")
    version = published(team)
    baseline = _planned(team, services, version)
    for _ in range(6):
        audit.case_record(scope=quality, run_id=baseline.id, consent="agreed", answers=answer_all(baseline, "no"))
    audit.run_complete(scope=quality, run_id=baseline.id)
    draft = audit.version_new(scope=quality, template_id=version.template_id)
    knock, bell = AuditQuestion.objects.for_org(org).filter(version=draft).order_by("position")
    audit.question_remove(scope=quality, question_id=bell.id)
    audit.version_publish(
        scope=quality,
        version_id=draft.id,
        design_session_id=session(team).id,
        change_note="Bells have their own audit.",
    )
    reaudit = _planned(team, services, draft, baseline_id=baseline.id)
    for _ in range(6):
        audit.case_record(scope=quality, run_id=reaudit.id, consent="agreed", answers=answer_all(reaudit, "yes"))

    rows = selectors.compare(scope=quality, run=reaudit)
    assert [(c.question.text, c.verdict) for c in rows] == [
        (PLAIN[0], "Better, more than chance"),
        (PLAIN[1], "No longer asked"),
    ]
    dropped = rows[1]
    assert (dropped.baseline.no, dropped.now, dropped.change, dropped.p_value) == (6, None, None, None)

    client.force_login(team.quality.user)
    body = client.get(reverse("audits:run", args=[reaudit.id])).content.decode()
    table = body[body.index("Compared with the audit before it") :]
    assert PLAIN[1] in table and "No longer asked" in table
    raw = api_token_create(scope=quality, name="tests")[1]
    compared = api_call(client, "get", f"/api/audits/{reaudit.id}", raw).json()["comparison"]
    assert compared[1] == {
        "question": PLAIN[1],
        "baseline_percent": 0.0,
        "percent": None,
        "change": None,
        "p_value": None,
        "verdict": "No longer asked",
    }


def test_a_commissioner_is_never_named_to_carry_out_an_audit_or_its_actions(client, org, services, team):
    """A commissioner is outside the provider and reads no audit: naming one as the audit's lead or
    auditor, or as the lead or checker of a finding's action, would leave work nobody can do."""
    version = published(team)
    with pytest.raises(ValidationError) as caught:
        audit.run_plan(
            scope=team.scope("manager"),
            service_id=services[0].id,
            version_id=version.id,
            planned_for=clock.today(),
            lead_id=team.commissioner.id,
            reason="Residents asked for it.",
            auditor_ids=[team.partner.id, team.commissioner.id],
        )
    assert set(caught.value.message_dict) == {"lead", "auditors"}
    assert not AuditRun.objects.for_org(org).exists()

    run = _planned(team, services, version)
    audit.case_record(scope=team.scope("manager"), run_id=run.id, consent="agreed", answers=answer_all(run, "no"))
    audit.run_complete(scope=team.scope("manager"), run_id=run.id)
    question = AuditQuestion.objects.for_org(org).filter(version=version).first()
    for lead, verifier in ((team.commissioner, team.quality), (team.manager, team.commissioner)):
        with pytest.raises(ValidationError) as caught:
            audit.finding_open(
                scope=team.scope("manager"),
                run_id=run.id,
                question_id=question.id,
                text="Staff did not knock.",
                action=gov.ActionInput(
                    title="Knock and wait",
                    lead_id=lead.id,
                    verifier_id=verifier.id,
                    due_on=clock.today() + dt.timedelta(days=30),
                ),
            )
        field = "lead" if lead == team.commissioner else "verifier"
        assert caught.value.message_dict == {
            field: ["Choose someone who has a role at Rowan House: a commissioner cannot be named for this."]
        }
    assert not Action.objects.for_org(org).exists()

    # Nor is a commissioner offered on the forms.
    client.force_login(team.manager.user)
    for body in (
        client.get(reverse("audits:plan")).content.decode(),
        client.get(reverse("audits:run", args=[run.id])).content.decode(),
    ):
        assert team.partner.full_name in body and team.commissioner.full_name not in body


def test_the_programme_lists_planned_audits_first_then_the_latest_completed(org, services, team):
    quality = team.scope("quality")
    version = published(team)
    runs = {}
    for name, days in (("done long ago", -300), ("in a fortnight", 14), ("done lately", -30), ("next week", 7)):
        runs[name] = run = _planned(team, services, version)
        AuditRun.objects.for_org(org).filter(pk=run.pk).update(planned_for=clock.today() + dt.timedelta(days=days))
        if name.startswith("done"):
            audit.case_record(scope=quality, run_id=run.id, consent="agreed", answers=answer_all(run, "yes"))
            audit.run_complete(scope=quality, run_id=run.id)
    listed = [r.id for r in selectors.programme(scope=quality)]
    assert listed == [runs[name].id for name in ("next week", "in a fortnight", "done lately", "done long ago")]


def test_audits_are_seen_only_where_the_person_works(org, services, team):
    run = _planned(team, services, published(team))
    assert not selectors.programme(scope=scope_of(team.beech_manager)).exists()
    with pytest.raises(ObjectDoesNotExist):
        selectors.run_get(scope=scope_of(team.beech_manager), run_id=run.id)
    with pytest.raises(PermissionDenied):
        selectors.programme(scope=team.scope("commissioner"))
    assert selectors.run_get(scope=team.scope("partner"), run_id=run.id) == run
    assert AuditCase.objects.for_org(org).count() == 0


def test_the_next_meetings_agenda_pack_lists_the_audits_completed_since_the_last_one(org, services, team):
    from governance.packs import agenda_pack

    quality = team.scope("quality")
    version = published(team)
    baseline = _planned(team, services, version)
    for _ in range(8):
        audit.case_record(scope=quality, run_id=baseline.id, consent="agreed", answers=answer_all(baseline, "no"))
    audit.run_complete(scope=quality, run_id=baseline.id, now=clock.now() - dt.timedelta(days=100))
    reaudit = _planned(team, services, version, baseline_id=baseline.id)
    for _ in range(8):
        audit.case_record(scope=quality, run_id=reaudit.id, consent="agreed", answers=answer_all(reaudit, "yes"))
    audit.run_complete(scope=quality, run_id=reaudit.id)

    meeting = gov.meeting_create(
        scope=quality, meeting_type="quality_safety", service_id=services[0].id, held_on=clock.today()
    )
    pack = agenda_pack(scope=quality, meeting=meeting, today=clock.today())
    [summary] = pack.audits  # the baseline was completed before the pack's period
    assert summary.run == reaudit and (summary.cases, summary.better, summary.worse) == (8, 2, 0)
    elsewhere = gov.meeting_create(
        scope=quality, meeting_type="quality_safety", service_id=services[1].id, held_on=clock.today()
    )
    assert agenda_pack(scope=quality, meeting=elsewhere, today=clock.today()).audits == []


def test_a_case_recorded_wrongly_is_corrected_or_withdrawn_while_the_audit_is_in_progress(org, services, team):
    version = published(team)
    run = _planned(team, services, version)
    partner = team.scope("partner")
    watched, asked = AuditQuestion.objects.for_org(org).filter(version=version).order_by("position")
    first = audit.case_record(
        scope=partner, run_id=run.id, consent="agreed", answers={watched.id: "no", asked.id: "no"}
    )
    twice = audit.case_record(scope=partner, run_id=run.id, consent="agreed", answers=answer_all(run, "yes"))

    # What was wrong must be said, and the corrected answers still follow the consent rules.
    with pytest.raises(ValidationError) as caught:
        audit.case_correct(
            scope=partner, case_id=first.id, consent="not_observed", answers=answer_all(run, "yes"), reason=" "
        )
    assert {"reason", f"q{watched.id}"} <= set(caught.value.message_dict)
    assert not AuditCase.objects.for_org(org).filter(replaces=first).exists()

    fixed = audit.case_correct(
        scope=partner,
        case_id=first.id,
        consent="agreed",
        answers={watched.id: "no", asked.id: "yes"},
        reason="Question 2 was ticked in the wrong column.",
    )
    assert fixed.number == first.number == 1 and fixed.replaces == first
    first.refresh_from_db()
    assert first.withdrawal.reason == "Question 2 was ticked in the wrong column."
    assert first.withdrawal.withdrawn_by == team.partner
    audit.case_withdraw(scope=partner, case_id=twice.id, reason="Entered twice.")

    # Results count only current cases: the corrected one, not the entry it replaced or the withdrawn one.
    [one, two] = selectors.results(scope=team.scope("quality"), run=run)
    assert (one.yes, one.no, two.yes, two.no) == (0, 1, 1, 0)
    detail = selectors.run_get(scope=team.scope("quality"), run_id=run.id)
    assert [c.id for c in detail.current_cases] == [fixed.id]
    assert {c.id for c in detail.withdrawn_cases} == {first.id, twice.id}
    # A new case takes the next number after every one ever used.
    third = audit.case_record(scope=partner, run_id=run.id, consent="not_observed", answers=answer_all(run, "na"))
    assert third.number == 3

    # A withdrawn entry is not changed again: the correction that replaced it is.
    with pytest.raises(ValidationError, match="already been withdrawn"):
        audit.case_correct(
            scope=partner, case_id=first.id, consent="agreed", answers=answer_all(run, "yes"), reason="x"
        )
    with pytest.raises(ValidationError, match="already been withdrawn"):
        audit.case_withdraw(scope=partner, case_id=twice.id, reason="Again")
    # Only the audit's people, at its service.
    with pytest.raises(PermissionDenied):
        audit.case_withdraw(scope=team.scope("staff"), case_id=fixed.id, reason="Not mine to withdraw")
    with pytest.raises(ObjectDoesNotExist):
        audit.case_withdraw(scope=scope_of(team.beech_manager), case_id=fixed.id, reason="Another home")

    verbs = list(
        AuditEvent.objects.for_org(org)
        .filter(verb__startswith="audits.case.")
        .order_by("id")
        .values_list("verb", "changes")
    )
    assert verbs[0] == (
        "audits.case.correct",
        {"case": {"from": 1, "to": 1}, "question 2": {"from": "no", "to": "yes"}},
    )
    assert verbs[1] == ("audits.case.withdraw", {"case": {"from": 2, "to": None}})

    # Once the audit is complete its cases no longer change; the programme counts current cases.
    audit.run_complete(scope=team.scope("manager"), run_id=run.id)
    with pytest.raises(ValidationError, match="complete"):
        audit.case_withdraw(scope=team.scope("manager"), case_id=fixed.id, reason="Too late")
    [listed] = selectors.programme(scope=team.scope("quality"))
    assert listed.case_count == 2
