"""What Heard holds about a person: every record that names or points at them in their organisation,
group by group in plain words (ADR 0026). The page, its JSON download and the removal of a person
who uses services all read this one list, so that none of them can forget a kind of record.

Each `Source` is one way a record points at a person (an action's lead, a meeting's attendance, an
audit event about them). Each is read with one query, whatever the number of records, and always
from the person's organisation (``for_org``), so nothing of another organisation is found even
where ids are the same.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.urls import reverse

from core import clock
from core.audit_words import event_words
from organisations import mentions
from organisations.models import Organisation, Person
from organisations.rules import Perm, has_perm, require
from organisations.scope import Scope
from organisations.selectors import person_get

ONLY_ADMINISTRATORS_OF_EVERY_SERVICE = (
    "Only an administrator of every service can see everything Heard holds about a person, or remove it: "
    "it comes from every service they took part at."
)


def may_answer_for_person(scope: Scope | None) -> bool:
    """Whether the scope may see what Heard holds about a person and remove a person who uses
    services: an administrator over every service (ADR 0026)."""
    return has_perm(scope, Perm.MANAGE_PEOPLE, None)


def require_answerer(scope: Scope | None) -> Scope:
    scope = require(scope, Perm.MANAGE_PEOPLE)
    if not scope.all_services:
        raise PermissionDenied(ONLY_ADMINISTRATORS_OF_EVERY_SERVICE)
    return scope


@dataclass(frozen=True)
class Group:
    key: str
    title: str
    about: str


GROUPS = (
    Group("feedback", "Feedback they gave", "What they told the service, with the replies sent to them."),
    Group(
        "taking_part",
        "What they took part in",
        "Meetings they attended, co-production activities they took part in and audits they carried out.",
    ),
    Group(
        "governance",
        "Governance work they lead, check or answer",
        "Meetings they chaired, actions they lead or check, challenges they asked or answer, objectives and "
        "audits they lead, work handed to or from them, and being the safeguarding lead.",
    ),
    Group(
        "recorded",
        "Records they made",
        "Feedback, replies, minutes, decisions, updates, ledger entries, audits, evidence, priorities and "
        "reports they recorded, changed or withdrew.",
    ),
    Group("urgent", "Urgent flags", "Urgent flags they raised by hand and the notes they added to urgent flags."),
    Group("coding", "Coding of comments", "Themes and sentiment they gave comments, and codings they reviewed."),
    Group("audit_log", "The audit log", "Changes recorded about them, and changes they made when signed in."),
    Group(
        "mentions",
        "Where their name is written",
        "Minutes, decisions, notes, comments and other words written in Heard in which their full name appears, "
        "whoever wrote them.",
    ),
)


def _path(obj: Any, path: str) -> Any:
    for hop in path.split("__"):
        if obj is None:
            return None
        obj = getattr(obj, hop)
    return obj


def _short(text: str, limit: int = 120) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


@dataclass(frozen=True)
class Kind:
    """How one kind of record is shown: a few words naming it, where its page is, its date."""

    model: str
    label: Callable[[Any], str]
    date: str
    link: Callable[[Any], str | None] = lambda obj: None
    related: tuple[str, ...] = ()


def _url(name: str, *args) -> str:
    return reverse(name, args=args)


def _run_label(run) -> str:
    return f"{run.version.template.title} at {run.service.name}"


RUN = ("run__version__template", "run__service")

KINDS: dict[str, Kind] = {
    k.model: k
    for k in (
        Kind(
            "feedback.Feedback",
            lambda f: f"{f.get_kind_display()} at {f.service.name}",
            "received_on",
            lambda f: _url("feedback:detail", f.id),
            ("service",),
        ),
        Kind(
            "feedback.Reply",
            lambda r: f"Reply by {r.get_method_display().lower()} about feedback at {r.feedback.service.name}",
            "replied_on",
            lambda r: _url("feedback:detail", r.feedback_id),
            ("feedback__service",),
        ),
        Kind("themes.UrgentFlag", lambda f: f"Urgent flag {f.id}", "detected_at", lambda f: _url("themes:flag", f.id)),
        Kind(
            "themes.UrgentFlagAction",
            lambda a: f"Note on urgent flag {a.flag_id}",
            "at",
            lambda a: _url("themes:flag", a.flag_id),
        ),
        Kind(
            "themes.FrameworkVersion",
            lambda v: f"{v.framework.name}, version {v.number}",
            "created_at",
            lambda v: _url("themes:frameworks-version", v.framework.slug, v.number),
            ("framework",),
        ),
        Kind(
            "themes.ThemeModelVersion",
            lambda m: f"Model {m.number} for {m.framework.name}",
            "requested_at",
            lambda m: _url("themes:coding-model", m.framework.slug),
            ("framework",),
        ),
        Kind(
            "themes.ThemeAssignment",
            lambda a: f"Theme “{a.theme.name}” on a comment",
            "made_at",
            lambda a: _url("feedback:detail", a.comment.feedback_id),
            ("theme", "comment"),
        ),
        Kind(
            "themes.SentimentAssignment",
            lambda a: f"Sentiment {a.level} of 5 on a comment",
            "made_at",
            lambda a: _url("feedback:detail", a.comment.feedback_id),
            ("comment",),
        ),
        Kind(
            "themes.CodingReview",
            lambda r: "Coding of a comment reviewed",
            "reviewed_at",
            lambda r: _url("feedback:detail", r.comment.feedback_id),
            ("comment",),
        ),
        Kind(
            "governance.Meeting",
            lambda m: str(m),
            "held_on",
            lambda m: _url("governance:meeting", m.id),
        ),
        Kind(
            "governance.Attendance",
            lambda a: str(a.meeting),
            "meeting__held_on",
            lambda a: _url("governance:meeting", a.meeting_id),
            ("meeting",),
        ),
        Kind(
            "governance.DiscussionItem",
            lambda d: _short(d.heading),
            "recorded_at",
            lambda d: _url("governance:meeting", d.meeting_id),
        ),
        Kind(
            "governance.Decision",
            lambda d: _short(d.text),
            "recorded_at",
            lambda d: _url("governance:decision", d.id),
        ),
        Kind("governance.Action", lambda a: a.title, "created_at", lambda a: _url("governance:action", a.id)),
        Kind(
            "governance.ActionUpdate",
            lambda u: f"Progress on “{u.action.title}”",
            "at",
            lambda u: _url("governance:action", u.action_id),
            ("action",),
        ),
        Kind(
            "governance.ActionStatusChange",
            lambda c: f"“{c.action.title}” became {c.get_to_status_display().lower()}",
            "at",
            lambda c: _url("governance:action", c.action_id),
            ("action",),
        ),
        Kind(
            "governance.Challenge",
            lambda c: _short(c.question),
            "raised_at",
            lambda c: _url("governance:challenge", c.id),
        ),
        Kind(
            "governance.ChallengeEntry",
            lambda e: f"{e.get_kind_display()} on the challenge “{_short(e.challenge.question, 80)}”",
            "at",
            lambda e: _url("governance:challenge", e.challenge_id),
            ("challenge",),
        ),
        Kind(
            "governance.CoproductionActivity",
            lambda a: a.title,
            "held_on",
            lambda a: _url("governance:coproduction-activity", a.id),
        ),
        Kind(
            "governance.ActivityWithdrawal",
            lambda w: f"Withdrew “{w.activity.title}”",
            "withdrawn_at",
            lambda w: _url("governance:coproduction-activity", w.activity_id),
            ("activity",),
        ),
        Kind(
            "governance.CoproductionParticipant",
            lambda p: p.activity.title,
            "activity__held_on",
            lambda p: _url("governance:coproduction-activity", p.activity_id),
            ("activity",),
        ),
        Kind(
            "governance.CoproductionInfluence",
            lambda i: _short(i.text),
            "recorded_at",
            lambda i: _url("governance:coproduction-activity", i.activity_id),
        ),
        Kind(
            "governance.DueDateChange",
            lambda c: f"Due date of “{c.action.title}” moved",
            "at",
            lambda c: _url("governance:action", c.action_id),
            ("action",),
        ),
        Kind(
            "governance.Handover",
            lambda h: f"{h.get_part_display()} handed on",
            "at",
            lambda h: (
                _url("governance:action", h.action_id) if h.action_id else _url("governance:challenge", h.challenge_id)
            ),
        ),
        Kind(
            "priorities.PriorityIdea",
            lambda i: _short(i.text),
            "recorded_at",
            lambda i: _url("priorities:idea", i.id),
        ),
        Kind(
            "priorities.IdeaWithdrawal",
            lambda w: "Withdrew an idea",
            "withdrawn_at",
            lambda w: _url("priorities:idea", w.idea_id),
        ),
        Kind(
            "priorities.QualityPriority",
            lambda p: p.title,
            "recorded_at",
            lambda p: _url("priorities:priority", p.id),
        ),
        Kind(
            "priorities.PriorityWithdrawal",
            lambda w: f"Withdrew “{w.priority.title}”",
            "withdrawn_at",
            lambda w: _url("priorities:priority", w.priority_id),
            ("priority",),
        ),
        Kind(
            "priorities.Objective",
            lambda o: _short(o.description),
            "recorded_at",
            lambda o: _url("priorities:priority", o.priority_id),
        ),
        Kind(
            "priorities.PriorityReview",
            lambda r: f"Review of “{r.priority.title}”",
            "recorded_at",
            lambda r: _url("priorities:priority", r.priority_id),
            ("priority",),
        ),
        Kind("audits.AuditTemplate", lambda t: t.title, "created_at", lambda t: _url("audits:templates")),
        Kind(
            "audits.TemplateVersion",
            lambda v: f"{v.template.title}, version {v.number}",
            "created_at",
            lambda v: _url("audits:version", v.id),
            ("template",),
        ),
        Kind(
            "audits.TrialRun",
            lambda t: f"Trial of {t.version.template.title}",
            "recorded_at",
            lambda t: _url("audits:version", t.version_id),
            ("version__template",),
        ),
        Kind(
            "audits.AuditRun",
            lambda r: f"{r.version.template.title} at {r.service.name}",
            "created_at",
            lambda r: _url("audits:run", r.id),
            ("version__template", "service"),
        ),
        Kind(
            "audits.AuditRunWithdrawal",
            lambda w: f"Withdrew {_run_label(w.run)}",
            "withdrawn_at",
            lambda w: _url("audits:run", w.run_id),
            RUN,
        ),
        Kind(
            "audits.AuditAuditor",
            lambda a: _run_label(a.run),
            "run__planned_for",
            lambda a: _url("audits:run", a.run_id),
            RUN,
        ),
        Kind(
            "audits.AuditCase",
            lambda c: f"Case in {_run_label(c.run)}",
            "recorded_at",
            lambda c: _url("audits:case", c.run_id, c.id),
            RUN,
        ),
        Kind(
            "audits.AuditCaseWithdrawal",
            lambda w: "Withdrew an audit case",
            "withdrawn_at",
            lambda w: _url("audits:case", w.case.run_id, w.case_id),
            ("case",),
        ),
        Kind(
            "audits.AuditFinding",
            lambda f: f"Finding in {_run_label(f.run)}",
            "recorded_at",
            lambda f: _url("audits:run", f.run_id),
            RUN,
        ),
        Kind(
            "evidence.EvidenceItem",
            lambda e: _short(e.summary, 80),
            "recorded_at",
            lambda e: _url("evidence_items:item", e.id),
        ),
        Kind(
            "evidence.EvidenceWithdrawal",
            lambda w: "Withdrew a record of evidence",
            "withdrawn_at",
            lambda w: _url("evidence_items:item", w.item_id),
        ),
        Kind("evidence.PerformanceMeasure", lambda m: m.name, "created_at", lambda m: _url("evidence_items:measures")),
        Kind(
            "evidence.MeasureReading",
            lambda r: f"Reading of {r.measure.name}",
            "recorded_at",
            lambda r: _url("evidence_items:measures"),
            ("measure",),
        ),
        Kind("reports.InspectorLink", lambda i: f"Inspector link: {i.label}", "created_at"),
        Kind("reports.YouSaidPair", lambda p: f"“You said, we did”: {_short(p.you_said, 80)}", "edited_at"),
        Kind(
            "reports.ReportFile",
            lambda f: f.title or f"{f.kind.capitalize()} report",
            "requested_at",
            lambda f: _url("reports:file", f.id),
        ),
        Kind(
            "organisations.Organisation",
            lambda o: f"Safeguarding lead of {o.name}",
            "updated_at",
            lambda o: _url("themes:safeguarding-lead"),
        ),
        Kind(
            "feedback.Comment",
            lambda c: f"{c.feedback.get_kind_display()} at {c.feedback.service.name}",
            "feedback__received_on",
            lambda c: _url("feedback:detail", c.feedback_id),
            ("feedback__service",),
        ),
        Kind(
            "themes.Framework",
            lambda f: f"Theme framework {f.name}",
            "created_at",
            lambda f: _url("themes:frameworks-detail", f.slug),
        ),
        Kind(
            "themes.Category",
            lambda c: f"Category “{c.name}” of {c.version.framework.name}, version {c.version.number}",
            "version__created_at",
            lambda c: _url("themes:frameworks-version", c.version.framework.slug, c.version.number),
            ("version__framework",),
        ),
        Kind(
            "themes.Theme",
            lambda t: f"Theme “{t.name}” of {t.version.framework.name}, version {t.version.number}",
            "version__created_at",
            lambda t: _url("themes:frameworks-theme", t.version.framework.slug, t.version.number, t.id),
            ("version__framework",),
        ),
        Kind(
            "priorities.ObjectiveAdjustment",
            lambda a: f"Change to an objective of “{a.objective.priority.title}”",
            "review__recorded_at",
            lambda a: _url("priorities:priority", a.objective.priority_id),
            ("objective__priority", "review"),
        ),
        Kind(
            "audits.AuditQuestion",
            lambda q: f"Question of {q.version.template.title}, version {q.version.number}",
            "version__created_at",
            lambda q: _url("audits:version", q.version_id),
            ("version__template",),
        ),
        Kind(
            "organisations.Person",
            lambda p: f"{p.full_name}'s job title or how they take part",
            "created_at",
            lambda p: _url("organisations:person-detail", p.id),
        ),
        Kind(
            "core.AuditEvent",
            lambda e: f"{event_words(e.verb)}: {e.object_label}",
            "at",
        ),
    )
}


def _feedback_details(feedback) -> dict[str, Any]:
    # Theirs, so given in full: the comments in their words, and how they asked to be replied to.
    return {
        "service": feedback.service.name,
        "kind": feedback.get_kind_display(),
        "channel": feedback.get_channel_display(),
        "rating": feedback.get_rating_display() if feedback.rating else None,
        "given_by": feedback.get_giver_type_display(),
        "assisted": feedback.assisted,
        "consent_to_quote": feedback.consent_to_quote,
        "may_be_named_with_a_quote": feedback.may_attribute,
        "wants_a_reply": feedback.wants_reply,
        "reply_method": feedback.get_reply_method_display() if feedback.reply_method else None,
        "reply_contact": feedback.reply_contact or None,
        "comments": [{"question": c.question, "text": c.text} for c in feedback.comments.all()],
    }


def _reply_details(reply) -> dict[str, Any]:
    return {"method": reply.get_method_display(), "note": reply.note}


def _attendance_details(a) -> dict[str, Any]:
    return {"as": a.get_role_display(), "present": a.present, "supported": a.supported, "support": a.support}


@dataclass(frozen=True)
class Source:
    """One way records point at a person: records of ``model`` whose ``field`` is them.

    ``kept``: a record of something they took part in or told the service, which stays when a person
    who uses services has their details removed (counted, under a neutral name) rather than a piece of
    governance work that must stay attributable, for which removal is refused (ADR 0026)."""

    group: str
    words: str
    model: str
    field: str
    kept: bool = False
    details: Callable[[Any], dict[str, Any]] | None = None
    prefetch: tuple[str, ...] = field(default=())

    @property
    def key(self) -> str:
        return f"{self.model.lower()}.{self.field}"

    @property
    def kind(self) -> Kind:
        return KINDS[self.model]


SOURCES: tuple[Source, ...] = (
    Source("feedback", "Feedback they gave", "feedback.Feedback", "person", True, _feedback_details, ("comments",)),
    Source("feedback", "Replies sent to them", "feedback.Reply", "feedback__person", True, _reply_details),
    Source("taking_part", "Meetings they attended", "governance.Attendance", "person", True, _attendance_details),
    Source(
        "taking_part",
        "Co-production activities they took part in",
        "governance.CoproductionParticipant",
        "person",
        True,
        lambda p: {"with_lived_experience": p.lived_experience},
    ),
    Source(
        "taking_part",
        "Audits they carried out",
        "audits.AuditAuditor",
        "person",
        True,
        lambda a: {"lay_auditor": a.lay},
    ),
    Source("governance", "Meetings they chaired", "governance.Meeting", "chair"),
    Source("governance", "Actions they lead", "governance.Action", "lead"),
    Source("governance", "Actions they check", "governance.Action", "verifier"),
    Source("governance", "Actions they closed with evidence of impact", "governance.Action", "checked_by"),
    Source("governance", "Challenges they asked", "governance.Challenge", "raised_by"),
    Source("governance", "Challenges they are to answer", "governance.Challenge", "addressed_to"),
    Source("governance", "Challenges taken further to them", "governance.ChallengeEntry", "escalated_to"),
    Source("governance", "Quality priority objectives they lead", "priorities.Objective", "lead"),
    Source("governance", "Audits they lead", "audits.AuditRun", "lead"),
    Source("governance", "Audits they completed", "audits.AuditRun", "completed_by"),
    Source("governance", "Work handed on from them", "governance.Handover", "from_person"),
    Source("governance", "Work handed on to them", "governance.Handover", "to_person"),
    Source("governance", "Named as the safeguarding lead", "organisations.Organisation", "safeguarding_lead"),
    Source("recorded", "Feedback they recorded", "feedback.Feedback", "recorded_by"),
    Source("recorded", "Replies they sent", "feedback.Reply", "replied_by"),
    Source("recorded", "Feedback they made anonymous", "feedback.Feedback", "anonymised_by"),
    Source("recorded", "Meetings they added", "governance.Meeting", "created_by"),
    Source("recorded", "Discussion they minuted", "governance.DiscussionItem", "recorded_by"),
    Source("recorded", "Decisions they recorded", "governance.Decision", "recorded_by"),
    Source("recorded", "Actions they opened", "governance.Action", "created_by"),
    Source("recorded", "Progress they recorded on actions", "governance.ActionUpdate", "who"),
    Source("recorded", "Changes they made to actions' status", "governance.ActionStatusChange", "who"),
    Source("recorded", "Due dates they moved", "governance.DueDateChange", "who"),
    Source("recorded", "What they said on challenges", "governance.ChallengeEntry", "who"),
    Source("recorded", "Work they handed on", "governance.Handover", "who"),
    Source("recorded", "Co-production activities they recorded", "governance.CoproductionActivity", "recorded_by"),
    Source("recorded", "Co-production activities they withdrew", "governance.ActivityWithdrawal", "withdrawn_by"),
    Source(
        "recorded", "What activities influenced, as they recorded it", "governance.CoproductionInfluence", "recorded_by"
    ),
    Source("recorded", "Ideas they recorded", "priorities.PriorityIdea", "recorded_by"),
    Source("recorded", "Ideas they withdrew", "priorities.IdeaWithdrawal", "withdrawn_by"),
    Source("recorded", "Quality priorities they recorded", "priorities.QualityPriority", "recorded_by"),
    Source("recorded", "Quality priorities they withdrew", "priorities.PriorityWithdrawal", "withdrawn_by"),
    Source("recorded", "Objectives they recorded", "priorities.Objective", "recorded_by"),
    Source("recorded", "Priority reviews they recorded", "priorities.PriorityReview", "recorded_by"),
    Source("recorded", "Audit templates they wrote", "audits.AuditTemplate", "created_by"),
    Source("recorded", "Audit template versions they wrote", "audits.TemplateVersion", "created_by"),
    Source("recorded", "Audit template versions they put into use", "audits.TemplateVersion", "published_by"),
    Source("recorded", "Trial runs of audits they recorded", "audits.TrialRun", "recorded_by"),
    Source("recorded", "Audits they planned", "audits.AuditRun", "created_by"),
    Source("recorded", "Audits they withdrew", "audits.AuditRunWithdrawal", "withdrawn_by"),
    Source("recorded", "Audit cases they recorded", "audits.AuditCase", "recorded_by"),
    Source("recorded", "Audit cases they withdrew", "audits.AuditCaseWithdrawal", "withdrawn_by"),
    Source("recorded", "Audit findings they recorded", "audits.AuditFinding", "recorded_by"),
    Source("recorded", "Evidence they recorded", "evidence.EvidenceItem", "recorded_by"),
    Source("recorded", "Evidence they withdrew", "evidence.EvidenceWithdrawal", "withdrawn_by"),
    Source("recorded", "Performance measures they added", "evidence.PerformanceMeasure", "created_by"),
    Source("recorded", "Measure readings they recorded", "evidence.MeasureReading", "recorded_by"),
    Source("recorded", "Theme framework versions they wrote", "themes.FrameworkVersion", "created_by"),
    Source("recorded", "Models they asked to be trained", "themes.ThemeModelVersion", "requested_by"),
    Source("recorded", "Inspector links they made", "reports.InspectorLink", "created_by"),
    Source("recorded", "Inspector links they stopped", "reports.InspectorLink", "revoked_by"),
    Source("recorded", "“You said, we did” they worded", "reports.YouSaidPair", "edited_by"),
    Source("recorded", "Reports they asked for", "reports.ReportFile", "requested_by"),
    Source("urgent", "Urgent flags they raised", "themes.UrgentFlag", "raised_by"),
    Source("urgent", "Notes they added to urgent flags", "themes.UrgentFlagAction", "who"),
    Source("coding", "Themes they gave comments", "themes.ThemeAssignment", "made_by"),
    Source("coding", "Sentiment they gave comments", "themes.SentimentAssignment", "made_by"),
    Source("coding", "Codings they reviewed", "themes.CodingReview", "reviewed_by"),
    Source("audit_log", "Changes recorded about them", "core.AuditEvent", "person", True),
    Source("audit_log", "Changes they made", "core.AuditEvent", "actor"),
)


def source_records(*, organisation: Organisation, person: Person, source: Source) -> QuerySet:
    """The records of ``source`` that point at the person, in their organisation only."""
    model = apps.get_model(source.model)
    if model is Organisation:
        return Organisation.objects.filter(pk=organisation.pk, safeguarding_lead=person)
    if source.model == "core.AuditEvent" and source.field == "actor":
        # The audit log names the login that acted; a person without one has made no change.
        if person.user_id is None:
            return model.objects.for_org(organisation).none()
        return model.objects.for_org(organisation).filter(actor_id=person.user_id)
    qs = model.objects.for_org(organisation).filter(**{source.field: person})
    if source.kind.related:
        qs = qs.select_related(*source.kind.related)
    for name in source.prefetch:
        related = model._meta.get_field(name).related_model
        qs = qs.prefetch_related(Prefetch(name, queryset=related.objects.for_org(organisation)))
    return qs.order_by("-pk")


# What each kind of record whose words may name someone is called, in plain words, for the group
# "Where their name is written". A model with free text (``mentions.searched_fields``) needs a line.
WRITTEN_IN: dict[str, str] = {
    "feedback.Feedback": "How people asked to be replied to",
    "feedback.Reply": "Notes of replies",
    "feedback.Comment": "Comments in feedback",
    "themes.UrgentFlagAction": "Notes on urgent flags",
    "themes.Framework": "Theme frameworks",
    "themes.FrameworkVersion": "Notes on theme framework versions",
    "themes.Category": "Categories of themes",
    "themes.Theme": "Themes",
    "governance.Meeting": "Meetings",
    "governance.Attendance": "Support at meetings",
    "governance.DiscussionItem": "Minutes of discussions",
    "governance.Decision": "Decisions",
    "governance.Action": "Actions",
    "governance.ActionUpdate": "Progress updates on actions",
    "governance.ActionStatusChange": "Notes on changes to actions",
    "governance.Challenge": "Challenges",
    "governance.ChallengeEntry": "Answers and notes on challenges",
    "governance.CoproductionActivity": "Co-production activities",
    "governance.ActivityWithdrawal": "Reasons co-production activities were withdrawn",
    "governance.CoproductionInfluence": "What co-production activities influenced",
    "governance.DueDateChange": "Reasons due dates moved",
    "governance.Handover": "Reasons work was handed on",
    "priorities.PriorityIdea": "Ideas for quality priorities",
    "priorities.IdeaWithdrawal": "Reasons ideas were withdrawn",
    "priorities.QualityPriority": "Quality priorities",
    "priorities.PriorityWithdrawal": "Reasons quality priorities were withdrawn",
    "priorities.Objective": "Objectives",
    "priorities.PriorityReview": "Reviews of quality priorities",
    "priorities.ObjectiveAdjustment": "Changes to objectives",
    "audits.AuditTemplate": "Audit templates",
    "audits.TemplateVersion": "Notes on audit template versions",
    "audits.AuditQuestion": "Audit questions",
    "audits.TrialRun": "What trial runs of audits taught",
    "audits.AuditRun": "Reasons for audits",
    "audits.AuditRunWithdrawal": "Reasons audits were withdrawn",
    "audits.AuditCase": "Notes of audit cases and observations",
    "audits.AuditCaseWithdrawal": "Reasons audit cases were withdrawn",
    "audits.AuditFinding": "Audit findings",
    "evidence.EvidenceItem": "Evidence",
    "evidence.EvidenceWithdrawal": "Reasons evidence was withdrawn",
    "evidence.PerformanceMeasure": "Performance measures",
    "evidence.MeasureReading": "Corrections of measure readings",
    "reports.InspectorLink": "Inspector links",
    "reports.YouSaidPair": "“You said, we did”",
    "reports.ReportFile": "Titles of reports",
    "organisations.Person": "Other people's job titles",
}


@dataclass
class Record:
    id: int
    label: str
    date: dt.date | dt.datetime | None
    link: str | None
    details: dict[str, Any]
    # Where their name is written: the words around it.
    excerpt: mentions.Excerpt | None = None

    @property
    def day(self) -> str:
        """The record's date as a person reads it: "5 Dec 2026"."""
        date = self.date
        if isinstance(date, dt.datetime):
            date = clock.day_of(date)
        return f"{date:%-d %b %Y}" if date is not None else "No date"

    def as_json(self, source: Source) -> dict[str, Any]:
        date = self.date
        return {
            "what": source.words,
            "record_type": source.model,
            "id": self.id,
            "record": self.label,
            "date": date.isoformat() if date is not None else None,
            "link": self.link,
            **({"details": self.details} if self.details else {}),
        }


@dataclass
class SourceRecords:
    source: Source
    records: list[Record]

    @property
    def count(self) -> int:
        return len(self.records)


@dataclass
class GroupRecords:
    group: Group
    sources: list[SourceRecords]

    @property
    def count(self) -> int:
        return sum(s.count for s in self.sources)


@dataclass
class Held:
    organisation: Organisation
    person: Person
    groups: list[GroupRecords]
    # The name searched for in free text, or why it was not.
    name_searched: str | None = None
    name_not_searched: str | None = None

    @property
    def count(self) -> int:
        return sum(g.count for g in self.groups)

    def records_of(self, source: Source) -> list[Record]:
        return next(s.records for g in self.groups for s in g.sources if s.source == source)

    @property
    def written(self) -> GroupRecords:
        """Where their name is written."""
        return next(g for g in self.groups if g.group.key == "mentions")


def _record(source: Source, obj) -> Record:
    kind = source.kind
    return Record(
        id=obj.pk,
        label=kind.label(obj),
        date=_path(obj, kind.date),
        link=kind.link(obj),
        details=source.details(obj) if source.details else {},
    )


def name_not_searched(person: Person) -> str | None:
    """Why the person's name is not looked for in free text; None if it is."""
    if person.details_removed_at is not None:
        return "Their details were removed, so Heard no longer has their name to look for."
    return mentions.why_not_searched(person.full_name)


def _written(organisation: Organisation, person: Person) -> list[SourceRecords]:
    """The records whose words name the person, kind by kind: one query a kind of record."""
    if name_not_searched(person):
        return []
    name = person.full_name
    pattern = mentions.whole_name(name)
    found = []
    for model_label, fields in mentions.searched_fields().items():
        kind = KINDS[model_label]
        qs = mentions.candidates(organisation=organisation, model_label=model_label, fields=fields, name=name)
        qs = mentions.person_excluded(qs, person)
        if kind.related:
            qs = qs.select_related(*kind.related)
        records = [
            Record(
                id=obj.pk,
                label=kind.label(obj),
                date=_path(obj, kind.date),
                link=kind.link(obj),
                details={
                    "field": mentions.field_words(model_label, hit.field),
                    "excerpt": str(hit.excerpt),
                    "times": hit.times,
                },
                excerpt=hit.excerpt,
            )
            for obj in qs.order_by("-pk")
            for hit in mentions.found_in(obj, fields, pattern)
        ]
        if records:
            source = Source("mentions", WRITTEN_IN[model_label], model_label, ",".join(fields))
            found.append(SourceRecords(source, records))
    return found


def person_held(*, scope: Scope, person_id: int) -> Held:
    """Everything Heard holds that names or points at the person, group by group: for an
    administrator of every service only; a person of another organisation is not found."""
    scope = require_answerer(scope)
    person = person_get(scope=scope, person_id=person_id)
    groups = []
    for group in GROUPS:
        if group.key == "mentions":
            groups.append(GroupRecords(group, _written(scope.organisation, person)))
            continue
        found = []
        for source in SOURCES:
            if source.group == group.key:
                rows = source_records(organisation=scope.organisation, person=person, source=source)
                found.append(SourceRecords(source, [_record(source, obj) for obj in rows]))
        groups.append(GroupRecords(group, found))
    not_searched = name_not_searched(person)
    return Held(
        organisation=scope.organisation,
        person=person,
        groups=groups,
        name_searched=None if not_searched else person.full_name,
        name_not_searched=not_searched,
    )


def held_json(held: Held, *, now: dt.datetime) -> dict[str, Any]:
    """The download: their details and roles, then each group as a list of records."""
    person = held.person
    return {
        "prepared_at": now.isoformat(),
        "organisation": held.organisation.name,
        "person": {
            "id": person.id,
            "full_name": person.full_name,
            "email": person.email or None,
            "phone": person.phone or None,
            "job_title": person.job_title or None,
            "communication_needs": list(person.communication_needs),
            "has_login": person.has_login,
            "added_at": person.created_at.isoformat(),
            "archived_at": person.archived_at.isoformat() if person.archived_at else None,
            "roles": [
                {
                    "role": a.get_role_display(),
                    "services": "all" if a.all_services else [s.name for s in a.services.all()],
                    "since": a.created_at.isoformat(),
                }
                for a in person.role_assignments.all()
            ],
        },
        "groups": {
            g.group.key: {
                "title": g.group.title,
                **(_searched_json(held) if g.group.key == "mentions" else {}),
                "records": [r.as_json(s.source) for s in g.sources for r in s.records],
            }
            for g in held.groups
        },
    }


@dataclass(frozen=True)
class WrittenIn:
    """A record whose words name the person, once however many of its fields do."""

    what: str
    label: str
    link: str | None
    fields: list[str]


def written_in_records(held: Held) -> list[WrittenIn]:
    """The records that name the person in their words, each once, for the warning before removal."""
    found: dict[tuple[str, int], WrittenIn] = {}
    for s in held.written.sources:
        for r in s.records:
            key = (s.source.model, r.id)
            if key not in found:
                found[key] = WrittenIn(s.source.words, r.label, r.link, [])
            found[key].fields.append(r.details["field"].lower())
    return list(found.values())


def _searched_json(held: Held) -> dict[str, Any]:
    if held.name_not_searched:
        return {"name_searched_for": None, "not_searched_because": held.name_not_searched}
    return {"name_searched_for": held.name_searched}
