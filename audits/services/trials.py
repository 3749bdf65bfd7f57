"""Trying out a draft with people at a session in the co-production ledger, and what was learned."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from audits.models import TrialRun
from audits.rules import Perm, require
from audits.services._common import _draft, _ledger_session, _without_personal_details
from core.audit import audit_record
from governance.services._common import _acting_person, _now, _raise, _text
from organisations.scope import Scope


@transaction.atomic
def trial_record(
    *, scope: Scope, version_id: int, session_id: int, learned: str, now: dt.datetime | None = None
) -> TrialRun:
    """A draft tried out with people at a session in the co-production ledger, and what was learned."""
    scope = require(scope, Perm.DESIGN)
    version = _draft(scope, version_id)
    errors: dict[str, list[str]] = {}
    learned = _text(learned, "learned", "Say what people found and what will change.", errors)
    session = _ledger_session(scope, session_id)
    if session is None:
        errors["session"] = ["Choose the session in the co-production ledger where it was tried."]
    _raise(errors)
    trial = TrialRun.objects.create(
        organisation=scope.organisation,
        version=version,
        session=session,
        learned=_without_personal_details(learned),
        recorded_by=_acting_person(scope),
        recorded_at=_now(now),
    )
    audit_record(
        scope=scope,
        verb="audits.version.trial",
        obj=version.template,
        at=now,
        changes={"trial": {"from": None, "to": session.title}},
    )
    return trial
