"""An audit's design: a template, its versions and their questions, and putting a draft into use.

The design (its title, purpose and questions) is kept as written: it is asked of everyone and names
nobody observed. Only a version's change note is cleaned of personal details.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F, Max

from audits.models import AuditQuestion, AuditTemplate, TemplateVersion, VersionStatus
from audits.readability import PLAIN_GRADE, reading_grade
from audits.rules import Perm, require
from audits.services._common import _draft, _ledger_session, _without_personal_details
from core.audit import audit_record
from governance.models import CoproductionActivity
from governance.services._common import MAX_TEXT, _acting_person, _now, _raise, _text
from organisations.scope import Scope


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
