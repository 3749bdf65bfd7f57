"""Writes for audits: templates and their versions, questions, trial runs, publishing; planning an
audit for a reason the evidence gives; cases with their consent and answers; completing an audit;
and findings that open actions.

Each service checks permission first, works inside one transaction and writes its audit event.
Every one takes `now` so that the demo can write history and tests can fix the clock.

Free text that records what happened with people (a case's note, what a trial taught, a version's
change note, why an audit is planned or withdrawn, a finding, why a case is withdrawn or corrected)
is cleaned of personal details as it is saved (ADR 0016): the audit needs what was seen, never who it
was. The audit's design (its title, purpose and questions) is kept as written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import replace

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Max

from audits.models import (
    Answer,
    AuditAnswer,
    AuditAuditor,
    AuditCase,
    AuditCaseWithdrawal,
    AuditFinding,
    AuditQuestion,
    AuditRun,
    AuditRunWithdrawal,
    AuditTemplate,
    Consent,
    RunStatus,
    TemplateVersion,
    TrialRun,
    VersionStatus,
)
from audits.readability import PLAIN_GRADE, reading_grade
from audits.rules import Perm, has_perm, require
from core import clock
from core.audit import audit_record
from feedback.redaction import redact
from governance.models import ActionSource, CoproductionActivity
from governance.services import ActionInput, action_create
from governance.services._common import (
    MAX_TEXT,
    _acting_person,
    _decision_for,
    _now,
    _person_for,
    _raise,
    _service_in_scope,
    _text,
    _withdrawal_record,
)
from organisations.scope import Scope
from organisations.selectors import partners_among
from priorities.measures import theme_mentions
from themes.coding.selectors import current_theme_codes


def _without_personal_details(text: str) -> str:
    """Free text with names, phone numbers, NHS numbers, emails, postcodes and addresses replaced by
    placeholders ("Mrs [name]"), as feedback is before it is quoted."""
    return redact(text).text


# --- templates and versions --------------------------------------------------------------------


@transaction.atomic
def template_create(*, scope: Scope, title: str, purpose: str = "", now: dt.datetime | None = None) -> AuditTemplate:
    """A new template with its first version, a draft to write and try out."""
    scope = require(scope, Perm.DESIGN)
    at = _now(now)
    errors: dict[str, list[str]] = {}
    title = _text(title, "title", "Enter a title for the audit.", errors)[:200]
    _raise(errors)
    person = _acting_person(scope)
    template = AuditTemplate.objects.create(
        organisation=scope.organisation,
        title=title,
        purpose=(purpose or "").strip()[:MAX_TEXT],
        created_by=person,
        created_at=at,
    )
    TemplateVersion.objects.create(
        organisation=scope.organisation, template=template, number=1, created_by=person, created_at=at
    )
    audit_record(
        scope=scope, verb="audits.template.create", obj=template, at=at, changes={"title": {"from": None, "to": title}}
    )
    return template


def _draft(scope: Scope, version_id: int) -> TemplateVersion:
    version = TemplateVersion.objects.for_scope(scope).select_for_update().get(pk=version_id)
    if not version.is_draft:
        raise PermissionDenied("This version is in use or replaced: start a new version to change it.")
    return version


@transaction.atomic
def question_add(
    *, scope: Scope, version_id: int, text: str, is_observation: bool = False, now: dt.datetime | None = None
) -> AuditQuestion:
    scope = require(scope, Perm.DESIGN)
    version = _draft(scope, version_id)
    errors: dict[str, list[str]] = {}
    text = _text(text, "text", "Enter the question in plain words.", errors)
    if len(text) > 300:
        errors.setdefault("text", []).append("Keep the question under 300 characters.")
    _raise(errors)
    last = AuditQuestion.objects.for_org(scope.organisation).filter(version=version).aggregate(p=Max("position"))["p"]
    question = AuditQuestion.objects.create(
        organisation=scope.organisation,
        version=version,
        position=(last or 0) + 1,
        text=text,
        is_observation=is_observation,
        reading_grade=reading_grade(text),
    )
    audit_record(
        scope=scope,
        verb="audits.question.add",
        obj=version.template,
        at=now,
        changes={"question": {"from": None, "to": text}},
    )
    return question


@transaction.atomic
def question_remove(*, scope: Scope, question_id: int, now: dt.datetime | None = None) -> None:
    """Take a question out of a draft (a draft's questions are not yet a record). Those after it move
    up, so the questions an auditor answers are numbered 1, 2, 3 with no gap."""
    scope = require(scope, Perm.DESIGN)
    question = AuditQuestion.objects.for_scope(scope).select_related("version__template").get(pk=question_id)
    version = _draft(scope, question.version_id)
    text = question.text
    question.delete()
    AuditQuestion.objects.for_org(scope.organisation).filter(version=version, position__gt=question.position).update(
        position=F("position") - 1
    )
    audit_record(
        scope=scope,
        verb="audits.question.remove",
        obj=version.template,
        at=now,
        changes={"question": {"from": text, "to": None}},
    )


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


def _ledger_session(scope: Scope, session_id: int | None) -> CoproductionActivity | None:
    """An entry in the co-production ledger that has not been withdrawn."""
    if not session_id:
        return None
    return CoproductionActivity.objects.for_scope(scope).filter(pk=session_id, withdrawal__isnull=True).first()


def _with_people_who_use_services(session: CoproductionActivity) -> bool:
    return bool(session.others_count) or session.participants.filter(lived_experience=True).exists()


@transaction.atomic
def version_publish(
    *,
    scope: Scope,
    version_id: int,
    design_session_id: int | None,
    change_note: str = "",
    now: dt.datetime | None = None,
) -> TemplateVersion:
    """Put a draft into use. It names the session where people who use services designed it, every
    question passes the plain-language check, and a second or later version says what changed."""
    scope = require(scope, Perm.DESIGN)
    at = _now(now)
    version = _draft(scope, version_id)
    errors: dict[str, list[str]] = {}
    questions = list(AuditQuestion.objects.for_org(scope.organisation).filter(version=version))
    if not questions:
        errors["questions"] = ["Add at least one question."]
    hard = [q for q in questions if q.reading_grade > PLAIN_GRADE]
    if hard:
        errors["questions"] = [
            f"Question {q.position} is hard to read (grade {q.reading_grade:g}, aim for {PLAIN_GRADE:g} or less): "
            f"use shorter words and sentences. “{q.text}”"
            for q in hard
        ]
    session = _ledger_session(scope, design_session_id)
    if session is None:
        errors["design_session"] = ["Choose the session in the co-production ledger where it was designed."]
    elif not _with_people_who_use_services(session):
        errors["design_session"] = ["Choose a session where people who use services took part: audits are co-designed."]
    change_note = (change_note or "").strip()
    if version.number > 1 and not change_note:
        errors["change_note"] = ["Say what changed from the version before, and why."]
    _raise(errors)
    TemplateVersion.objects.for_org(scope.organisation).filter(
        template=version.template, status=VersionStatus.PUBLISHED
    ).update(status=VersionStatus.RETIRED)
    version.status = VersionStatus.PUBLISHED
    version.design_session = session
    version.change_note = _without_personal_details(change_note[:MAX_TEXT])
    version.published_by = _acting_person(scope)
    version.published_at = at
    version.save()
    audit_record(
        scope=scope,
        verb="audits.version.publish",
        obj=version.template,
        at=at,
        changes={"version": {"from": None, "to": version.number}, "designed at": {"from": None, "to": session.title}},
    )
    return version


@transaction.atomic
def version_new(*, scope: Scope, template_id: int, now: dt.datetime | None = None) -> TemplateVersion:
    """A new draft, starting as a copy of the version in use (its questions keep their lineage)."""
    scope = require(scope, Perm.DESIGN)
    template = AuditTemplate.objects.for_scope(scope).select_for_update().get(pk=template_id)
    versions = TemplateVersion.objects.for_org(scope.organisation).filter(template=template)
    if versions.filter(status=VersionStatus.DRAFT).exists():
        raise PermissionDenied("This audit already has a draft: change that one.")
    current = versions.filter(status=VersionStatus.PUBLISHED).first()
    at = _now(now)
    draft = TemplateVersion.objects.create(
        organisation=scope.organisation,
        template=template,
        number=(versions.aggregate(n=Max("number"))["n"] or 0) + 1,
        created_by=_acting_person(scope),
        created_at=at,
    )
    if current is not None:
        AuditQuestion.objects.bulk_create(
            AuditQuestion(
                organisation=scope.organisation,
                version=draft,
                origin_id=q.lineage,
                position=q.position,
                text=q.text,
                is_observation=q.is_observation,
                reading_grade=q.reading_grade,
            )
            for q in AuditQuestion.objects.for_org(scope.organisation).filter(version=current)
        )
    audit_record(
        scope=scope,
        verb="audits.version.new",
        obj=template,
        at=at,
        changes={"version": {"from": None, "to": draft.number}},
    )
    return draft


# --- audits at services ------------------------------------------------------------------------


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
            "decision": {"from": None, "to": decision.id if decision else None},
        },
    )
    return run


def _run(scope: Scope, run_id: int) -> AuditRun:
    return (
        AuditRun.objects.for_scope(scope)
        .select_related("service", "version")
        .select_for_update(of=("self",))
        .get(pk=run_id)
    )


def _withdrawn(scope: Scope, run: AuditRun) -> bool:
    return AuditRunWithdrawal.objects.for_org(scope.organisation).filter(run_id=run.id).exists()


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
    someone who may speak for them); without it, questions answered by watching do not apply."""
    scope = require(scope, Perm.VIEW)
    run = _run(scope, run_id)
    _may_change_cases(scope, run)
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


@transaction.atomic
def run_complete(*, scope: Scope, run_id: int, now: dt.datetime | None = None) -> AuditRun:
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
    """A finding of a completed audit about one of its questions, and the action it opens."""
    scope = require(scope, Perm.PLAN)
    run = _run(scope, run_id)
    errors: dict[str, list[str]] = {}
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
