"""The demo's data protection work (ADRs 0024's addendum, 0025 and 0026), done through the services
people use, each at a moment in office hours in the past:

- a tenant who came to Millbrook's quality meetings and took part in its co-production moved out, and
  months later asked for her details to be removed: the administrator removed them, so her
  attendance and the ledger count her as "Person removed on ...";
- a family carer rang to withdraw her consent to be quoted, recorded by the service's manager;
- someone who was replied to asked to be erased a few weeks later: the quality lead made
  the feedback anonymous, taking out of it more than redaction finds;
- a misused poster's service was given a new feedback link by its manager some weeks ago;
- contact details kept longer than the organisation allows after a reply are removed, as
  `heard retention` does each day; those of recent replies remain.
"""

from __future__ import annotations

import datetime as dt
import re

from django.db import transaction

from core import clock
from core.working_days import at_work
from feedback.erasure import MARKER_REMOVED, anonymous_draft, feedback_anonymise, feedback_withdraw_consent
from feedback.models import Feedback, Reply
from feedback.redaction import redact
from feedback.retention import reply_contacts_remove
from governance import services as gov
from governance.models import ActivityKind, AttendanceRole, Meeting, MeetingType, Recognition, Rung
from organisations.demo.northgate import FORMER_MEMBER, FORMER_MEMBER_LEFT_DAYS_AGO
from organisations.models import Organisation, Person, RoleAssignment, Service
from organisations.roles import Role
from organisations.scope import Scope, scope_of_person
from organisations.services import service_new_feedback_link
from organisations.services_removal import person_remove_details

REMOVED_DAYS_AGO = 150  # she asked about two months after moving out
NEW_LINK_DAYS_AGO = 33
NEW_LINK_SERVICE = "Willow Day Opportunities"
WITHDRAWN_BY = "Jean Taylor"  # a family carer, whose feedback the service knows is hers
SENTENCE_END = re.compile(r"(?<=[.!?])\s+")


def _as(person: Person) -> Scope:
    return scope_of_person(person, user=person.user)


def _manager_of(organisation: Organisation, service_id: int) -> Person:
    return (
        RoleAssignment.objects.for_org(organisation)
        .filter(role=Role.SERVICE_MANAGER, services=service_id)
        .select_related("person")
        .order_by("id")
        .first()
        .person
    )


def _a_former_member_removed(organisation: Organisation, people: dict[str, Person], today, now) -> Person | None:
    """She came to every other quality meeting at Millbrook until she moved out, and helped rewrite the
    tenancy letters in easy read; about two months after moving she asked for her details to be removed."""
    member = people.get(FORMER_MEMBER)
    if member is None or member.details_removed_at is not None:
        return None
    millbrook = Service.objects.for_org(organisation).get(name="Millbrook Supported Living")
    left = today - dt.timedelta(days=FORMER_MEMBER_LEFT_DAYS_AGO)
    meetings = list(
        Meeting.objects.for_org(organisation)
        .filter(service=millbrook, meeting_type=MeetingType.QUALITY_SAFETY, held_on__lt=left)
        .select_related("chair")
        .order_by("held_on")
    )
    for meeting in meetings[::2]:
        gov.meeting_attendance_record(
            scope=_as(meeting.chair),
            meeting_id=meeting.id,
            person_id=member.id,
            role=AttendanceRole.USES_SERVICES,
            supported=True,
            support="Easy-read papers; her support worker came with her",
            now=at_work(meeting.held_on, 10, 30, now=now),
        )
    held_on = clock.day_of(at_work(left - dt.timedelta(days=75), now=now))
    gov.coproduction_record(
        scope=_as(people["Grace Okafor"]),
        kind=ActivityKind.REVIEW,
        service_id=millbrook.id,
        held_on=held_on,
        title="Tenants rewrite the letters about rent and repairs in easy read",
        rung=Rung.CO_DESIGN,
        participant_ids=[member.id, people["Callum Reid"].id, people["Sian Rowlands"].id],
        others_count=2,
        others_description="tenants of Millbrook",
        recognition=Recognition.VOUCHER,
        recognition_note="£20 voucher each",
        summary="Tenants said the letters were hard to follow. They chose the words and pictures for the "
        "rent and repairs letters, and tried them with two other tenants.",
        now=at_work(held_on, 16, now=now),
    )
    return person_remove_details(
        scope=_as(people["Priya Shah"]),
        person=member,
        reason="She moved out of Millbrook two months ago and asked in writing for her personal details to be "
        "removed. What she took part in stays counted.",
        now=at_work(today - dt.timedelta(days=REMOVED_DAYS_AGO), 11, 15, now=now),
    )


def _consent_withdrawn(organisation: Organisation, people: dict[str, Person], now) -> Feedback | None:
    """A family carer rang the manager to say she no longer wants her words quoted: her most recent
    feedback she had agreed to share, a month or so after she gave it. Another partner's does, in a
    demo too small to have one of hers."""
    given = Feedback.objects.for_org(organisation).filter(
        consent_to_quote=True, anonymised_at__isnull=True, received_on__lt=clock.day_of(now) - dt.timedelta(days=45)
    )
    carer = people.get(WITHDRAWN_BY)
    feedback = (carer and given.filter(person=carer).order_by("-received_on", "-id").first()) or given.filter(
        person__isnull=False, person__archived_at__isnull=True
    ).order_by("-received_on", "-id").first()
    if feedback is None:
        return None
    feedback_withdraw_consent(
        scope=_as(_manager_of(organisation, feedback.service_id)),
        feedback_id=feedback.pk,
        reason="Rang the service to say they would rather their words were not quoted in reports or on posters "
        "any more. They are happy for the feedback itself to be kept.",
        now=at_work(feedback.received_on + dt.timedelta(days=35), 14, 20, now=now),
    )
    return feedback


def _taken_out(redacted: str) -> str:
    """The comment as redaction leaves it, with the sentence they said would tell staff who wrote it
    taken out: one naming the member of staff they spoke to ("I told [name] about it."), or else the
    last of its sentences. A comment of one sentence is left as redaction leaves it."""
    sentences = SENTENCE_END.split(redacted)
    if len(sentences) < 2:
        return redacted
    named = [i for i, sentence in enumerate(sentences) if "[name]" in sentence]
    sentences[named[-1] if named else -1] = MARKER_REMOVED
    return " ".join(sentences)


def _made_anonymous(organisation: Organisation, people: dict[str, Person], now) -> Feedback | None:
    """Someone who asked for a reply, and had one, asked to be erased a few weeks later: the
    quality lead made the feedback anonymous, taking out of its words, beyond what redaction finds,
    the sentence they said would tell staff who wrote it. Feedback that names a member of staff is
    chosen first, then feedback with more than one sentence to a comment."""
    replied = list(
        Feedback.objects.for_org(organisation)
        .filter(
            anonymised_at__isnull=True,
            person__isnull=True,
            replies__isnull=False,
            received_on__lt=clock.day_of(now) - dt.timedelta(days=120),
        )
        .exclude(reply_contact="")
        .prefetch_related("comments")
        .order_by("-received_on", "-id")
        .distinct()
    )
    if not replied:
        return None

    def telling(feedback: Feedback) -> int:
        cut = [t for t in (redact(c.text).text for c in feedback.comments.all()) if _taken_out(t) != t]
        return 2 if any("[name]" in text for text in cut) else int(bool(cut))

    feedback = max(replied, key=telling)  # the most recent of the most telling
    grace = _as(people["Grace Okafor"])
    draft = anonymous_draft(scope=grace, feedback_id=feedback.pk)
    last_reply = max(Reply.objects.for_org(organisation).filter(feedback=feedback).values_list("replied_on", flat=True))
    feedback_anonymise(
        scope=grace,
        feedback_id=feedback.pk,
        reason="They asked for their details to be erased now that the service has replied to their feedback. "
        "They said one sentence of the comment would tell staff who wrote it, so that is taken out too.",
        texts={comment.pk: _taken_out(redacted) for comment, redacted in draft.comments},
        now=at_work(last_reply + dt.timedelta(days=24), 11, 40, now=now),
    )
    return feedback


def _new_link(organisation: Organisation, people: dict[str, Person], today, now) -> Service | None:
    service = Service.objects.for_org(organisation).filter(name=NEW_LINK_SERVICE).first()
    if service is None:
        return None
    return service_new_feedback_link(
        scope=_as(_manager_of(organisation, service.pk)),
        service=service,
        reason="The poster in the library was written over and its QR code was used to send abusive "
        "messages through the form.",
        now=at_work(today - dt.timedelta(days=NEW_LINK_DAYS_AGO), 9, 45, now=now),
    )


@transaction.atomic
def data_protection_demo_build(*, organisation: Organisation, today: dt.date | None = None) -> dict:
    """The demo's data protection work; needs its people, feedback, replies and governance. Returns
    what was done, for the demo command to say."""
    today = today or clock.today()
    now = clock.now() if today == clock.today() else clock.end_of_day(today)
    people = {p.full_name: p for p in Person.objects.for_org(organisation)}
    if "Grace Okafor" not in people or "Priya Shah" not in people:
        return {
            "removed": None,
            "withdrawn": None,
            "anonymised": None,
            "new_link": None,
            "contacts_removed": 0,
            "contacts_kept": 0,
        }
    removed = _a_former_member_removed(organisation, people, today, now)
    withdrawn = _consent_withdrawn(organisation, people, now)
    anonymised = _made_anonymous(organisation, people, now)
    new_link = _new_link(organisation, people, today, now)
    # As `heard retention` does each day: the daily run of the day the demo is built.
    contacts_removed = reply_contacts_remove(organisation=organisation, today=today, now=now)
    return {
        "removed": removed,
        "activities": int(removed is not None),  # the ledger entry she took part in
        "withdrawn": withdrawn,
        "anonymised": anonymised,
        "new_link": new_link,
        "contacts_removed": contacts_removed,
        "contacts_kept": Feedback.objects.for_org(organisation).exclude(reply_contact="").count(),
    }
