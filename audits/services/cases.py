"""Cases of an audit in progress: who may record them, each case with its consent and answers, and
withdrawing or correcting a wrong one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max

from audits.models import (
    Answer,
    AuditAnswer,
    AuditCase,
    AuditCaseWithdrawal,
    AuditQuestion,
    AuditRun,
    Consent,
    RunStatus,
)
from audits.rules import Perm, has_perm, require
from audits.services._common import _run, _withdrawn, _without_personal_details
from core.audit import audit_record
from governance.services._common import (
    MAX_TEXT,
    _acting_person,
    _now,
    _raise,
    _refuse_closed,
    _text,
    _withdrawal_record,
)
from organisations.scope import Scope


def may_conduct(scope: Scope, run: AuditRun) -> bool:
    """The lead, a named auditor, or someone who may plan audits at the service."""
    if has_perm(scope, Perm.PLAN, run.service_id):
        return True
    person = scope.person if scope is not None else None
    return person is not None and (run.lead_id == person.id or run.auditors.filter(person_id=person.id).exists())


@transaction.atomic
def case_record(
    *,
    scope: Scope,
    run_id: int,
    consent: str,
    answers: Mapping[int, str],
    note: str = "",
    now: dt.datetime | None = None,
) -> AuditCase:
    """One case: every question answered. Watching someone's care needs their consent (or that of
    someone who may speak for them); without it, questions answered by watching do not apply. None is
    recorded once the service has closed (ADR 0016); a case recorded before may still be put right."""
    scope = require(scope, Perm.VIEW)
    run = _run(scope, run_id)
    _may_change_cases(scope, run)
    errors: dict[str, list[str]] = {}
    _refuse_closed(scope, run.service, errors, "__all__", "no case is recorded in this audit now", choose=False)
    _raise(errors)
    questions = _case_questions(scope, run, consent, answers, {})
    last = AuditCase.objects.for_org(scope.organisation).filter(run=run).aggregate(n=Max("number"))["n"]
    case = _case_save(scope, run, questions, (last or 0) + 1, consent, answers, note, now)
    audit_record(
        scope=scope, verb="audits.run.case", obj=run, at=now, changes={"case": {"from": None, "to": case.number}}
    )
    return case


@transaction.atomic
def case_withdraw(*, scope: Scope, case_id: int, reason: str, now: dt.datetime | None = None) -> AuditCaseWithdrawal:
    """Take a wrong case out of an audit in progress (recorded twice, the wrong audit), saying why.
    It is kept, marked as withdrawn, and no longer counted in the results."""
    scope = require(scope, Perm.VIEW)
    case = _current_case(scope, case_id)
    errors: dict[str, list[str]] = {}
    reason = _text(reason, "reason", "Say why the case is withdrawn.", errors)
    _raise(errors)
    withdrawal = _withdrawal_record(AuditCaseWithdrawal, scope, _without_personal_details(reason), now, case=case)
    audit_record(
        scope=scope,
        verb="audits.case.withdraw",
        obj=case.run,
        at=now,
        changes={"case": {"from": case.number, "to": None}},
    )
    return withdrawal


@transaction.atomic
def case_correct(
    *,
    scope: Scope,
    case_id: int,
    consent: str,
    answers: Mapping[int, str],
    reason: str,
    note: str = "",
    now: dt.datetime | None = None,
) -> AuditCase:
    """Correct a case of an audit in progress: the old case is withdrawn with what was wrong and the
    corrected one, with the same number, replaces it, both in one transaction."""
    scope = require(scope, Perm.VIEW)
    old = _current_case(scope, case_id)
    errors: dict[str, list[str]] = {}
    reason = _text(reason, "reason", "Say what was wrong with the case.", errors)
    questions = _case_questions(scope, old.run, consent, answers, errors)
    _withdrawal_record(AuditCaseWithdrawal, scope, _without_personal_details(reason), now, case=old)
    new = _case_save(scope, old.run, questions, old.number, consent, answers, note, now, replaces=old)
    before = dict(old.answers.values_list("question_id", "answer"))
    changed = {
        f"question {q.position}": {"from": before.get(q.id), "to": answers[q.id]}
        for q in questions
        if before.get(q.id) != answers[q.id]
    }
    if old.consent != new.consent:
        changed["consent"] = {"from": old.consent, "to": new.consent}
    if old.note != new.note:
        changed["note"] = {"from": "(changed)", "to": "(changed)"}
    audit_record(
        scope=scope,
        verb="audits.case.correct",
        obj=old.run,
        at=now,
        changes={"case": {"from": old.number, "to": new.number}, **changed},
    )
    return new


def _may_change_cases(scope: Scope, run: AuditRun) -> None:
    if not may_conduct(scope, run):
        raise PermissionDenied("Only the audit's lead and auditors record its cases.")
    if run.status != RunStatus.PLANNED:
        _raise({"__all__": ["This audit is complete: its cases cannot change."]})
    if _withdrawn(scope, run):
        _raise({"__all__": ["This audit has been withdrawn: its cases cannot change."]})


def _current_case(scope: Scope, case_id: int) -> AuditCase:
    """A case not yet withdrawn, of an audit in progress that this person may conduct. The audit is
    locked, as when a case is recorded, so its cases change one writer at a time."""
    case = AuditCase.objects.for_scope(scope).get(pk=case_id)
    case.run = _run(scope, case.run_id)
    _may_change_cases(scope, case.run)
    if AuditCaseWithdrawal.objects.for_org(scope.organisation).filter(case=case).exists():
        _raise({"__all__": [f"Case {case.number} has already been withdrawn; correct the case that replaced it."]})
    return case


def _case_questions(
    scope: Scope, run: AuditRun, consent: str, answers: Mapping[int, str], errors: dict[str, list[str]]
) -> list[AuditQuestion]:
    """The audit's questions, once every one is answered within the consent rules; else the errors."""
    if consent not in Consent.values:
        errors["consent"] = ["Say whether anyone was observed and whether they agreed."]
    questions = list(AuditQuestion.objects.for_org(scope.organisation).filter(version=run.version))
    for q in questions:
        given = answers.get(q.id)
        if given not in Answer.values:
            errors.setdefault(f"q{q.id}", []).append(f"Answer question {q.position}.")
        elif q.is_observation and consent == Consent.NOT_OBSERVED and given != Answer.NOT_APPLICABLE:
            errors.setdefault(f"q{q.id}", []).append(
                f"Question {q.position} is answered by watching care: without consent to observe, it does not apply."
            )
    _raise(errors)
    return questions


def _case_save(scope, run, questions, number, consent, answers, note, now, replaces=None) -> AuditCase:
    case = AuditCase.objects.create(
        organisation=scope.organisation,
        run=run,
        number=number,
        consent=consent,
        note=_without_personal_details((note or "").strip())[:MAX_TEXT],
        replaces=replaces,
        recorded_by=_acting_person(scope),
        recorded_at=_now(now),
    )
    AuditAnswer.objects.bulk_create(
        AuditAnswer(organisation=scope.organisation, case=case, question=q, answer=answers[q.id]) for q in questions
    )
    return case
