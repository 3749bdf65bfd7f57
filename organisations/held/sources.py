"""The ways a record points at a person (`SOURCES`), each read with one query from the person's organisation
only, and what each kind of record whose words may name someone is called (`WRITTEN_IN`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.db.models import Prefetch, QuerySet

from organisations.held.kinds import KINDS, Kind
from organisations.models import Organisation, Person


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
