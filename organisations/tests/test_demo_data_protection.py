"""The demo shows the data protection work (ADRs 0024's addendum, 0025 and 0026): feedback given by
partners the service knows, what Heard holds about one of them, consent to quote withdrawn, a piece
made anonymous, a former tenant's details removed, a feedback link replaced, and contact details kept
no longer than the organisation allows. The demo is built once for this module, as `heard demo`
builds it, at a small size."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db.models import Q

from core import clock
from core.models import AuditEvent
from core.working_days import in_office_hours
from feedback.erasure import MARKER_REMOVED
from feedback.models import Feedback
from feedback.retention import reply_contacts_due
from governance.models import Attendance, CoproductionParticipant
from organisations.demo.data_protection import NEW_LINK_SERVICE, WITHDRAWN_BY
from organisations.demo.northgate import FORMER_MEMBER
from organisations.held import SOURCES, person_held
from organisations.models import Organisation, Person, RetiredFeedbackCode, Service
from organisations.roles import Role
from organisations.scope import scope_of_person


@pytest.fixture(scope="module")
def built(module_records):
    with module_records.unblock():
        out = io.StringIO()
        call_command("demo", feedback=600, stdout=out)
        return Organisation.objects.get(slug="northgate-care").pk, out.getvalue()


@pytest.fixture
def northgate(db, built):
    return Organisation.objects.get(pk=built[0])


def person(org, name):
    return Person.objects.for_org(org).get(full_name=name)


def held_counts(org, name) -> dict[str, int]:
    priya = person(org, "Priya Shah")
    held = person_held(scope=scope_of_person(priya, user=priya.user), person_id=person(org, name).pk)
    return {source.words: len(held.records_of(source)) for source in SOURCES}


def test_a_partner_is_known_to_have_given_feedback_attended_and_taken_part(northgate, built):
    counts = held_counts(northgate, "Margaret Wilson")
    assert counts["Feedback they gave"] >= 1
    assert counts["Meetings they attended"] >= 10
    assert counts["Co-production activities they took part in"] >= 2
    # Assisted feedback, given as the resident she is, at her own home; only a share of it is hers.
    margaret = person(northgate, "Margaret Wilson")
    hers = Feedback.objects.for_org(northgate).filter(person=margaret)
    assert set(hers.values_list("service__name", "assisted", "giver_type")) == {("Rowan House", True, "person")}
    assisted = Feedback.objects.for_org(northgate).filter(service__name="Rowan House", assisted=True)
    assert hers.count() < assisted.count() / 2
    assert "pieces of feedback given by co-production partners" in built[1]


def test_a_family_carer_withdrew_her_consent_to_be_quoted(northgate):
    [withdrawn] = Feedback.objects.for_org(northgate).filter(consent_withdrawn_at__isnull=False, anonymised_at=None)
    # Hers where she gave some she agreed to share (the full demo), another partner's in a small one.
    assert withdrawn.person.role_assignments.filter(role=Role.PARTNER).exists()
    shared = Q(consent_to_quote=True) | Q(consent_withdrawn_at__isnull=False)
    old_enough = clock.today() - dt.timedelta(days=45)
    if Feedback.objects.for_org(northgate).filter(shared, person__full_name=WITHDRAWN_BY, received_on__lt=old_enough):
        assert withdrawn.person.full_name == WITHDRAWN_BY
    assert not withdrawn.consent_to_quote and not withdrawn.may_attribute
    event = AuditEvent.objects.for_org(northgate).get(verb="feedback.feedback.withdraw_consent")
    assert event.object_id == str(withdrawn.pk)
    manager = event.actor.people.get(organisation=northgate)  # the manager of her relative's home
    assert manager.role_assignments.filter(role=Role.SERVICE_MANAGER, services=withdrawn.service).exists()
    assert "Rang" in event.changes["reason"] and in_office_hours(event.at)
    assert clock.day_of(event.at) > withdrawn.received_on


def test_a_piece_was_made_anonymous_by_the_quality_lead_taking_out_more_than_redaction(northgate):
    [anonymous] = Feedback.objects.for_org(northgate).filter(anonymised_at__isnull=False)
    assert anonymous.anonymised_by == person(northgate, "Grace Okafor")
    assert anonymous.person is None and anonymous.reply_contact == "" and anonymous.replies.exists()
    texts = list(anonymous.comments.values_list("text", flat=True))
    assert any(MARKER_REMOVED in text for text in texts), texts  # a sentence that told staff who wrote it
    event = AuditEvent.objects.for_org(northgate).get(verb="feedback.feedback.anonymise")
    assert event.changes["comments_changed"] >= 1 and "erased" in event.changes["reason"]
    assert in_office_hours(event.at) and anonymous.anonymised_at == event.at


def test_a_former_tenant_was_removed_months_ago_and_what_she_took_part_in_stays(northgate):
    assert not Person.objects.for_org(northgate).filter(full_name=FORMER_MEMBER).exists()
    [removed] = Person.objects.for_org(northgate).filter(details_removed_at__isnull=False)
    assert removed.details_removed_at < clock.now() - dt.timedelta(days=90)
    assert removed.full_name == f"Person removed on {clock.day_of(removed.details_removed_at):%-d %b %Y}"
    assert removed.email == "" and removed.user is None and removed.archived_at is not None
    assert not removed.role_assignments.exists()
    # Her attendance and the ledger count her under the neutral name; the log no longer names her.
    attended = Attendance.objects.for_org(northgate).filter(person=removed)
    assert attended.count() >= 3
    assert all(a.meeting.held_on < clock.day_of(removed.details_removed_at) for a in attended)
    assert CoproductionParticipant.objects.for_org(northgate).filter(person=removed).exists()
    assert not Feedback.objects.for_org(northgate).filter(person=removed).exists()
    logged = AuditEvent.objects.for_org(northgate).filter(verb="governance.meeting.attendance")
    assert not [e for e in logged if FORMER_MEMBER in str(e.changes)]
    assert sum(removed.full_name in str(e.changes) for e in logged) == attended.count()
    event = AuditEvent.objects.for_org(northgate).get(verb="organisations.person.remove_details")
    assert in_office_hours(event.at) and event.actor.email == "priya.shah@northgate.example"


def test_a_service_was_given_a_new_feedback_link_some_weeks_ago(northgate):
    service = Service.objects.for_org(northgate).get(name=NEW_LINK_SERVICE)
    [retired] = RetiredFeedbackCode.objects.for_org(northgate).filter(service=service)
    assert retired.code != service.feedback_code
    assert dt.timedelta(weeks=2) < clock.now() - retired.retired_at < dt.timedelta(weeks=10)
    event = AuditEvent.objects.for_org(northgate).get(verb="organisations.service.new_feedback_link")
    assert event.at == retired.retired_at and in_office_hours(event.at)
    manager = event.actor.people.get(organisation=northgate)
    assert manager.role_assignments.filter(role=Role.SERVICE_MANAGER, services=service).exists()


def test_old_contact_details_are_gone_and_recent_ones_remain(northgate):
    assert not reply_contacts_due(organisation=northgate, today=clock.today()).exists()
    removed = Feedback.objects.for_org(northgate).filter(reply_contact_removed_at__isnull=False)
    assert removed.exists() and not removed.exclude(reply_contact="").exists()
    kept = Feedback.objects.for_org(northgate).exclude(reply_contact="")
    assert kept.filter(replies__isnull=False).exists()  # replied to lately
    assert kept.filter(replies__isnull=True).exists()  # still waiting for a reply
    event = AuditEvent.objects.for_org(northgate).get(verb="feedback.retention.reply_contacts")
    assert event.changes["reply_contacts_removed"] == removed.count()
