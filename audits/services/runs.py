"""Audits at services: planning one for a reason the evidence gives, withdrawing a planned one, and
completing one once its cases are recorded.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from django.core.exceptions import PermissionDenied
from django.db import transaction

from audits.models import (
    AuditAuditor,
    AuditCase,
    AuditRun,
    AuditRunWithdrawal,
    RunStatus,
    TemplateVersion,
    VersionStatus,
)
from audits.rules import Perm, has_perm, require
from audits.services._common import _run, _withdrawn, _without_personal_details
from core import clock
from core.audit import audit_record
from governance.services._common import (
    _acting_person,
    _decision_for,
    _now,
    _person_for,
    _raise,
    _service_in_scope,
    _text,
    _withdrawal_record,
)
from organisations.closed import service_refusal
from organisations.models import Service
from organisations.scope import Scope
from organisations.selectors import partners_among
from priorities.measures import theme_mentions
from themes.coding.selectors import current_theme_codes, primary_framework


def run_closed_refusal(*, scope: Scope, service: Service | None) -> str | None:
    """Why no audit is planned at ``service`` now that it has closed, or None (ADR 0009, ADR 0016). The
    planning form says it beside its other problems."""
    return service_refusal(scope=scope, service=service, not_done="no audit is planned there now")


@transaction.atomic
def run_plan(
    *,
    scope: Scope,
    service_id: int | None,
    version_id: int | None,
    planned_for: dt.date | None,
    lead_id: int | None,
    reason: str,
    theme_code: str = "",
    baseline_id: int | None = None,
    auditor_ids: Sequence[int] = (),
    decision_id: int | None = None,
    now: dt.datetime | None = None,
) -> AuditRun:
    """Put an audit in the programme. When it is commissioned because of a theme, how often the theme
    was raised at the service in the 91 days before is worked out and kept with the reason. When a
    governance decision commissioned it, the audit names that decision (one about the same service or
    the whole organisation), so the minutes show what came of it."""
    scope = require(scope, Perm.PLAN)
    at = _now(now)
    errors: dict[str, list[str]] = {}
    reason = _text(reason, "reason", "Say why this audit is needed here and now.", errors)
    if service_id is None:
        errors["service"] = ["Choose the service to audit."]
        service = None
    else:
        service = _service_in_scope(scope, service_id)
        if refusal := run_closed_refusal(scope=scope, service=service):
            errors["service"] = [refusal]
    version = (
        TemplateVersion.objects.for_scope(scope)
        .select_related("template")
        .filter(pk=version_id, status=VersionStatus.PUBLISHED)
        .first()
        if version_id
        else None
    )
    if version is None:
        errors["version"] = ["Choose an audit that is in use."]
    if planned_for is None:
        errors["planned_for"] = ["Enter the date it is planned for."]
    lead = _person_for(scope, lead_id, service, "lead", errors) if service else None
    auditors = (
        [p for p in (_person_for(scope, i, service, "auditors", errors) for i in dict.fromkeys(auditor_ids)) if p]
        if service
        else []
    )
    mentions = None
    theme_code = (theme_code or "").strip()
    if theme_code:
        if theme_code not in current_theme_codes(scope=scope):
            errors["theme_code"] = ["Choose a theme of the framework in use."]
        elif service is not None:
            mentions = theme_mentions(scope=scope, theme_code=theme_code, service_id=service.id, until=clock.day_of(at))
    baseline = None
    if baseline_id:
        baseline = (
            AuditRun.objects.for_scope(scope)
            .filter(pk=baseline_id, status=RunStatus.COMPLETE, withdrawal__isnull=True)
            .first()
        )
        if (
            baseline is None
            or service is None
            or version is None
            or (baseline.service_id != service.id or baseline.version.template_id != version.template_id)
        ):
            errors["baseline"] = ["Choose a completed audit of the same kind at the same service."]
    decision = _decision_for(scope, decision_id, service, clock.day_of(at), errors) if service else None
    _raise(errors)
    run = AuditRun.objects.create(
        organisation=scope.organisation,
        service=service,
        version=version,
        planned_for=planned_for,
        lead=lead,
        reason=_without_personal_details(reason),
        reason_theme_code=theme_code,
        # Chosen from the main framework (checked against it above), and read with it only.
        reason_theme_framework=primary_framework(scope=scope) if theme_code else None,
        reason_mentions=mentions,
        reason_until=clock.day_of(at) if theme_code else None,
        baseline=baseline,
        decision=decision,
        created_by=_acting_person(scope),
        created_at=at,
    )
    partners = partners_among(organisation=scope.organisation, people=auditors)
    AuditAuditor.objects.bulk_create(
        AuditAuditor(organisation=scope.organisation, run=run, person=p, lay=p.id in partners) for p in auditors
    )
    audit_record(
        scope=scope,
        verb="audits.run.plan",
        obj=run,
        at=at,
        changes={
            "audit": {"from": None, "to": str(version)},
            "service": {"from": None, "to": service.name},
            "planned_for": {"from": None, "to": planned_for.isoformat()},
            "because of": {"from": None, "to": theme_code or None},
            "theme framework": {"from": None, "to": run.reason_theme_framework.name if theme_code else None},
            "decision": {"from": None, "to": decision.id if decision else None},
        },
    )
    return run


def may_withdraw(scope: Scope, run: AuditRun) -> bool:
    """Someone who may plan audits at the audit's service, while it is planned and not withdrawn."""
    return run.status == RunStatus.PLANNED and has_perm(scope, Perm.PLAN, run.service_id) and not _withdrawn(scope, run)


@transaction.atomic
def run_withdraw(*, scope: Scope, run_id: int, reason: str, now: dt.datetime | None = None) -> AuditRunWithdrawal:
    """Take a planned audit off the programme (the wrong service or template, planned twice, or no
    longer needed), saying why. It is kept, marked withdrawn, with any cases recorded on it; nothing
    more is recorded on it. A completed audit is not withdrawn: its results have gone to meetings."""
    scope = require(scope, Perm.PLAN)
    at = _now(now)
    run = _run(scope, run_id)
    if not has_perm(scope, Perm.PLAN, run.service_id):
        raise PermissionDenied("Only someone who may plan audits at the service withdraws one.")
    errors: dict[str, list[str]] = {}
    if run.status == RunStatus.COMPLETE:
        errors["__all__"] = ["This audit is complete, so it cannot be withdrawn: its results have gone to meetings."]
    elif _withdrawn(scope, run):
        errors["__all__"] = ["This audit has already been withdrawn."]
    reason = _text(reason, "reason", "Say why the audit is withdrawn.", errors)
    _raise(errors)
    withdrawal = _withdrawal_record(AuditRunWithdrawal, scope, _without_personal_details(reason), at, run=run)
    cases = AuditCase.objects.for_org(scope.organisation).filter(run=run, withdrawal__isnull=True).count()
    audit_record(
        scope=scope,
        verb="audits.run.withdraw",
        obj=run,
        at=at,
        changes={"status": {"from": "planned", "to": "withdrawn"}, "cases kept": {"from": None, "to": cases}},
    )
    return withdrawal


@transaction.atomic
def run_complete(*, scope: Scope, run_id: int, now: dt.datetime | None = None) -> AuditRun:
    """Finish an audit from the cases recorded. An audit of a service that has closed since may still
    be completed, or withdrawn (ADR 0016): its cases were recorded while the service was open."""
    scope = require(scope, Perm.PLAN)
    run = _run(scope, run_id)
    errors: dict[str, list[str]] = {}
    if run.status == RunStatus.COMPLETE:
        errors["__all__"] = ["This audit is already complete."]
    elif _withdrawn(scope, run):
        errors["__all__"] = ["This audit has been withdrawn, so it cannot be completed."]
    elif not AuditCase.objects.for_org(scope.organisation).filter(run=run, withdrawal__isnull=True).exists():
        errors["__all__"] = ["Record at least one case before completing the audit."]
    _raise(errors)
    run.status = RunStatus.COMPLETE
    run.completed_by = _acting_person(scope)
    run.completed_at = _now(now)
    run.save(update_fields=["status", "completed_by", "completed_at"])
    audit_record(
        scope=scope,
        verb="audits.run.complete",
        obj=run,
        at=now,
        changes={"status": {"from": "planned", "to": "complete"}},
    )
    return run
