"""Findings of a completed audit, each about one of its questions, and the action each opens."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from django.core.exceptions import ValidationError
from django.db import transaction

from audits.models import AuditFinding, AuditQuestion, RunStatus
from audits.rules import Perm, require
from audits.services._common import _run, _without_personal_details
from core.audit import audit_record
from governance.models import ActionSource
from governance.services import ActionInput, action_create
from governance.services._common import _acting_person, _now, _raise, _refuse_closed, _text
from organisations.scope import Scope


@transaction.atomic
def finding_open(
    *,
    scope: Scope,
    run_id: int,
    question_id: int | None,
    text: str,
    action: ActionInput,
    now: dt.datetime | None = None,
) -> AuditFinding:
    """A finding of a completed audit about one of its questions, and the action it opens. None is
    recorded once the service has closed: the action it opens would have no one to carry it out."""
    scope = require(scope, Perm.PLAN)
    run = _run(scope, run_id)
    errors: dict[str, list[str]] = {}
    # Each finding opens an action at the service, and there is no one left there to carry it out.
    _refuse_closed(scope, run.service, errors, "__all__", "no finding is recorded in this audit now", choose=False)
    _raise(errors)
    if run.status != RunStatus.COMPLETE:
        errors["__all__"] = ["Complete the audit before recording its findings."]
    question = (
        AuditQuestion.objects.for_org(scope.organisation).filter(pk=question_id, version=run.version).first()
        if question_id
        else None
    )
    if question is None:
        errors["question"] = ["Choose the question the finding is about."]
    text = _without_personal_details(_text(text, "text", "Say what the audit found.", errors))
    # The action is opened in a savepoint so that its errors are told with the finding's, all at once;
    # if either has any, the transaction is rolled back and nothing is kept.
    try:
        with transaction.atomic():
            opened = action_create(
                scope=scope,
                data=replace(action, service_id=run.service_id, source=ActionSource.AUDIT),
                now=now,
                linked=True,
            )
    except ValidationError as exc:
        for field_, messages in exc.message_dict.items():
            errors.setdefault(field_, []).extend(messages)
    _raise(errors)
    finding = AuditFinding.objects.create(
        organisation=scope.organisation,
        run=run,
        question=question,
        text=text,
        action=opened,
        recorded_by=_acting_person(scope),
        recorded_at=_now(now),
    )
    audit_record(
        scope=scope, verb="audits.run.finding", obj=run, at=now, changes={"finding": {"from": None, "to": text[:200]}}
    )
    return finding
