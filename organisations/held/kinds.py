"""How each kind of record that can point at a person is shown on "What Heard holds about a person": a few
words naming it, where its page is, its date (ADR 0026)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse

from core.audit_words import event_words


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
