"""The demo's audits tell the brief's story: co-designed, commissioned on evidence, a finding acted on
and checked, and a re-audit that shows which changes were more than noise."""

from audits import selectors
from audits.demo import audits_demo_build
from audits.models import AuditFinding, AuditRun, RunStatus, TrialRun
from feedback.demo import feedback_demo_build
from governance.demo import governance_demo_build
from governance.models import ActionStatus
from organisations.demo import demo_build
from organisations.scope import system_scope
from themes.coding.demo import coding_demo_build


def test_the_demo_audit_is_co_designed_acted_on_and_re_audited(db):
    northgate = demo_build(seed=2026)[0].organisation
    feedback_demo_build(organisation=northgate, seed=2026, total=600)
    coding_demo_build(organisation=northgate, seed=2026, review_suggestions=5)
    governance_demo_build(organisation=northgate, seed=2026)
    assert audits_demo_build(organisation=northgate, seed=2026) == {"audits": 3, "sessions": 2}

    runs = AuditRun.objects.for_org(northgate)
    reaudit = runs.get(baseline__isnull=False)
    assert reaudit.status == RunStatus.COMPLETE and reaudit.baseline.reason_theme_code == "staff-continuity"
    commissioned = reaudit.baseline.decision  # Rowan House's monthly meeting commissioned the first audit
    assert commissioned.service.name == "Rowan House" and commissioned.meeting.held_on <= reaudit.baseline.planned_for
    assert runs.filter(status=RunStatus.PLANNED).count() == 1
    # Each audit commissioned because of a theme was commissioned because people had raised it.
    assert all(r.reason_mentions > 0 for r in runs.exclude(reason_theme_code=""))
    assert TrialRun.objects.for_org(northgate).count() == 1
    finding = AuditFinding.objects.for_org(northgate).get()
    assert finding.action.status == ActionStatus.CLOSED and finding.action.checked_by != finding.action.lead
    compared = selectors.compare(scope=system_scope(organisation=northgate), run=reaudit)
    assert len(compared) == 5 and all(c.change is not None and c.change > 0 for c in compared)
    assert any(c.verdict == "Better, more than noise" for c in compared)
