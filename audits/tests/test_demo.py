"""The demo's audits tell the brief's story: co-designed, commissioned on evidence, a finding acted on
and checked, and a re-audit that shows which changes were more than noise; and one planned twice by
mistake, withdrawn with why."""

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from audits import selectors
from audits.call_bell_demo import TITLE
from audits.demo import audits_demo_build
from audits.models import Answer, AuditAnswer, AuditFinding, AuditRun, AuditRunWithdrawal, Consent, RunStatus, TrialRun
from core.models import AuditEvent
from core.working_days import is_working_day
from feedback.demo import feedback_demo_build
from governance.demo import governance_demo_build
from governance.models import Action, ActionStatus
from organisations.demo import demo_build
from organisations.models import Organisation
from organisations.scope import system_scope
from themes.coding.demo import coding_demo_build


@pytest.fixture(scope="module")
def built(module_records):
    """Northgate with its feedback, coding, governance and audits, built once for this module."""
    with module_records.unblock():
        northgate = demo_build(seed=2026)[0].organisation
        feedback_demo_build(organisation=northgate, seed=2026, total=600)
        coding_demo_build(organisation=northgate, seed=2026, review_suggestions=5)
        governance_demo_build(organisation=northgate, seed=2026)
        made = audits_demo_build(organisation=northgate, seed=2026)
    return northgate.pk, made


@pytest.fixture
def northgate(db, built):
    return Organisation.objects.get(pk=built[0])


def test_the_demo_audit_is_co_designed_acted_on_and_re_audited(client, northgate, built):
    assert built[1] == {"audits": 8, "withdrawn": 1, "sessions": 2}

    runs = AuditRun.objects.for_org(northgate).exclude(version__template__title=TITLE)  # personal care
    reaudit = runs.get(baseline__isnull=False)
    assert reaudit.status == RunStatus.COMPLETE and reaudit.baseline.reason_theme_code == "staff-continuity"
    commissioned = reaudit.baseline.decision  # Rowan House's monthly meeting commissioned the first audit
    assert commissioned.service.name == "Rowan House" and commissioned.meeting.held_on <= reaudit.baseline.planned_for
    assert runs.filter(status=RunStatus.PLANNED, withdrawal__isnull=True).count() == 1
    # Each audit commissioned because of a theme was commissioned because people had raised it.
    assert all(r.reason_mentions > 0 for r in runs.exclude(reason_theme_code=""))
    assert TrialRun.objects.for_org(northgate).count() == 1
    finding = AuditFinding.objects.for_org(northgate).get()
    # The finding says what its own results say about its question.
    [said] = [
        r
        for r in selectors.results(scope=system_scope(organisation=northgate), run=finding.run)
        if r.question == finding.question
    ]
    assert finding.text.startswith(f"Only {said.yes} of {said.yes + said.no} residents said")
    # Audits are planned for working days.
    assert all(is_working_day(r.planned_for) for r in runs)
    assert finding.action.status == ActionStatus.CLOSED and finding.action.checked_by != finding.action.lead
    # Where nobody was observed, in the first audit and the re-audit alike, what is seen only by
    # watching care is left as "does not apply", the name question included.
    unwatched = AuditAnswer.objects.for_org(northgate).filter(case__consent=Consent.NOT_OBSERVED, case__run__in=runs)
    completed = set(runs.filter(status=RunStatus.COMPLETE).values_list("id", flat=True))
    assert len(completed) == 2 and set(unwatched.values_list("case__run", flat=True)) == completed
    assert set(unwatched.filter(question__is_observation=True).values_list("answer", flat=True)) == {
        Answer.NOT_APPLICABLE
    }
    assert set(unwatched.filter(question__position=1).values_list("answer", flat=True)) == {Answer.NOT_APPLICABLE}
    compared = selectors.compare(scope=system_scope(organisation=northgate), run=reaudit)
    assert len(compared) == 5 and all(c.change is not None and c.change > 0 for c in compared)
    assert any(c.verdict == "Better, more than chance" for c in compared)

    # One audit, planned twice by mistake, was withdrawn with why: the programme lists it apart.
    withdrawal = AuditRunWithdrawal.objects.for_org(northgate).select_related("run__service", "withdrawn_by").get()
    run = withdrawal.run
    assert run.status == RunStatus.PLANNED and run.service.name == "Rowan House"
    assert "Planned twice" in withdrawal.reason and withdrawal.withdrawn_by.full_name == "Grace Okafor"
    assert run.created_at < withdrawal.withdrawn_at < timezone.now()
    # Planned after the re-audit it repeated, withdrawn before that was done, and never took a case.
    assert reaudit.created_at < run.created_at and withdrawal.withdrawn_at < reaudit.completed_at
    assert not run.cases.exists()
    assert AuditEvent.objects.for_org(northgate).filter(verb="audits.run.withdraw", object_id=str(run.id)).exists()

    scope = system_scope(organisation=northgate)
    listed = selectors.programme(scope=scope, filters=selectors.RunFilters(status=selectors.WITHDRAWN))
    assert [r.id for r in listed] == [run.id]
    assert run.id not in {r.id for r in selectors.programme(scope=scope)}
    client.force_login(withdrawal.withdrawn_by.user)
    page = client.get(reverse("audits:programme"), {"status": "withdrawn"}).content.decode()
    assert escape(withdrawal.reason) in page and reverse("audits:run", args=[run.id]) in page


def test_the_call_bell_audit_the_actions_speak_of_shows_nights_quicker_after_the_change(northgate):
    """The call-bell audit residents wrote: at each home its actions belong to, a baseline before the
    change and a re-audit after, whose figures say what the actions say."""
    scope = system_scope(organisation=northgate)
    runs = AuditRun.objects.for_org(northgate).filter(version__template__title=TITLE).select_related("service")
    version = runs.first().version
    assert version.design_session.title == "Residents write the call-bell audit questions"
    assert version.questions.count() == 5  # "they wrote the five questions"
    bells = Action.objects.for_org(northgate).get(title="Weekly call-bell audit and a second night carer")
    everywhere = Action.objects.for_org(northgate).get(title="Call-bell audit in every care home")
    assert {r.service.name for r in runs} == {"Rowan House", "Beech Court"}
    for home, action in (("Rowan House", bells), ("Beech Court", everywhere)):
        baseline = runs.get(service__name=home, baseline=None)
        reaudit = runs.get(service__name=home, baseline=baseline)
        assert baseline.status == reaudit.status == RunStatus.COMPLETE
        assert baseline.decision == action.decision  # started by the decision the action came from
        assert action.decision.recorded_at < baseline.completed_at < reaudit.completed_at, home
        night = {c.question.position: c for c in selectors.compare(scope=scope, run=reaudit)}[2]
        assert night.change > 0 and night.verdict == "Better, more than chance", home
    # At Rowan House, the baseline before the second night carer started and the re-audit after,
    # before the check found nights better.
    rowan = runs.get(service__name="Rowan House", baseline__isnull=False)
    started = bells.updates.get(text="Second night carer in post.").at
    assert rowan.baseline.completed_at < started < rowan.completed_at < bells.checked_at
    assert bells.status == ActionStatus.CLOSED
    # At Beech Court, re-audited before the action was said to be done; its check still waits.
    beech = runs.get(service__name="Beech Court", baseline__isnull=False)
    done = everywhere.status_changes.get(to_status=ActionStatus.AWAITING_CHECK).at
    assert beech.completed_at < done and everywhere.status == ActionStatus.AWAITING_CHECK
