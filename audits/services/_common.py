"""What the audits services share: free text cleaned of personal details, a draft version to
change, a session in the co-production ledger, and an audit locked while it changes.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from audits.models import AuditRun, AuditRunWithdrawal, TemplateVersion
from feedback.redaction import as_saved
from governance.models import CoproductionActivity
from organisations.scope import Scope


def _without_personal_details(text: str) -> str:
    """Free text with names, phone numbers, NHS numbers, emails, postcodes and addresses replaced by
    placeholders ("Mrs [name]"), as feedback is before it is quoted."""
    return as_saved(text)


def _draft(scope: Scope, version_id: int) -> TemplateVersion:
    version = TemplateVersion.objects.for_scope(scope).select_for_update().get(pk=version_id)
    if not version.is_draft:
        raise PermissionDenied("This version is in use or replaced: start a new version to change it.")
    return version


def _ledger_session(scope: Scope, session_id: int | None) -> CoproductionActivity | None:
    """An entry in the co-production ledger that has not been withdrawn."""
    if not session_id:
        return None
    return CoproductionActivity.objects.for_scope(scope).filter(pk=session_id, withdrawal__isnull=True).first()


def _run(scope: Scope, run_id: int) -> AuditRun:
    return (
        AuditRun.objects.for_scope(scope)
        .select_related("service", "version")
        .select_for_update(of=("self",))
        .get(pk=run_id)
    )


def _withdrawn(scope: Scope, run: AuditRun) -> bool:
    return AuditRunWithdrawal.objects.for_org(scope.organisation).filter(run_id=run.id).exists()
