"""Withdrawing consent to quote and making feedback anonymous (ADR 0025): what each removes, what
stays, who may do it, that the words taken out survive nowhere Heard keeps data, and that each is one
transaction."""

import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import connection

from core import clock
from core.audit import audit_record
from core.models import AuditEvent
from feedback import erasure, export, selectors
from feedback.erasure import (
    REMOVED,
    feedback_anonymise,
    feedback_withdraw_consent,
    word_added,
)
from feedback.fhir.writing import questionnaire_response_from_feedback
from feedback.models import Channel, Comment, Feedback, Rating, Reply, ReplyMethod
from feedback.quotes import quote_list
from feedback.redaction import redact
from feedback.services import FeedbackInput, ReplyInput, feedback_record, reply_record
from organisations.roles import Role
from organisations.scope import scope_for, system_scope
from organisations.tests.factories import person_with_role
from reports.files import REMOVED_FOR_CONSENT
from reports.models import ReportFile
from reports.quarterly.quotes import quotes_section
from themes.models import UrgentFlag

RECEIVED = dt.date(2026, 10, 14)  # in 2026-Q4
WORDS = "Sarah on nights was so kind to my mum Joan Whitworth, ring me on 07700 900123 any time"
WORRY = "The night carer Bartek slapped my dad and shouted at him"


def scope_as(org, role, *, services=(), all_services=None, **fields):
    if all_services is None:
        all_services = not services
    person = person_with_role(org, role, services=services, all_services=all_services, **fields)
    return scope_for(user=person.user, organisation=org)


def given(org, service, *, texts=(WORDS,), consent=True, person=None, contact="07700 900123", received=RECEIVED):
    return feedback_record(
        scope=system_scope(organisation=org),
        data=FeedbackInput(
            service_id=service.id,
            channel=Channel.PAPER,
            received_on=received,
            rating=Rating.GOOD,
            comments=[("What could be better?", text) for text in texts],
            person_id=person.id if person else None,
            consent_to_quote=consent,
            may_attribute=consent and person is not None,
            wants_reply=bool(contact),
            reply_method=ReplyMethod.PHONE if contact else "",
            reply_contact=contact,
        ),
    )


def suggested(feedback) -> dict[int, str]:
    return {c.pk: redact(c.text).text for c in feedback.comments.all()}


@pytest.fixture
def quality_lead(org):
    return scope_as(org, Role.QUALITY_LEAD)


@pytest.fixture
def jean(org, services):
    return person_with_role(org, Role.PARTNER, services=[services[0]], login=False, full_name="Jean Okafor")


# ----- the rule for edited text ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("edited", "added"),
    [
        ("[name] on nights was so kind to my mum [name], ring me on [phone number] any time", None),
        ("[name] was so kind to my mum.", None),  # words left out, punctuation changed
        ("[removed]", None),
        ("SARAH ON NIGHTS WAS SO KIND", None),  # the same words in capitals
        ("[name] on nights was so kind to my mum [name] [removed]", None),
        ("Sarah on nights was very kind", "very"),  # a word put in
        ("kind was so", "was"),  # the same words in another order
        ("[name] on days was so kind", "days"),
        ("[Name] was kind", "Name"),  # not a marker Heard knows: a word
    ],
)
def test_edited_text_may_only_take_words_out_or_mark_them(edited, added):
    assert word_added(original=WORDS, edited=edited) == added


@pytest.mark.parametrize(
    "text",
    [
        WORDS,
        "Dr Patel's nurse called 0113 496 0000 and Mrs O'Neill at Flat 3, 45 High Street, LS1 4AP",
        "Email me at sam.jones@example.org about Ann-Marie's NHS number 943 476 5919",
        "nothing personal here at all",
    ],
)
def test_the_text_heard_suggests_always_keeps_the_rule(text):
    assert word_added(original=text, edited=redact(text).text) is None


# ----- withdrawing consent to quote --------------------------------------------------------------


def test_a_quote_shown_before_is_gone_after_consent_is_withdrawn(org, services, quality_lead, jean):
    feedback = given(org, services[0], person=jean)
    manager = scope_as(org, Role.SERVICE_MANAGER, services=[services[0]])
    window = dict(first=dt.date(2026, 10, 1), last=dt.date(2026, 12, 1), service=None, period="the quarter")
    before = quotes_section(scope=quality_lead, **window)
    assert [q.comment_id for q in quote_list(scope=quality_lead, attribute=True)] == [feedback.comments.get().pk]
    assert "Jean Okafor" in json.dumps(before.tables[0].rows, default=str)

    done = feedback_withdraw_consent(scope=manager, feedback_id=feedback.pk, reason="Rang to ask us not to quote her")

    assert quote_list(scope=quality_lead, attribute=True) == []
    after = quotes_section(scope=quality_lead, **window)
    assert after.tables[0].rows == [] and "Jean Okafor" not in json.dumps(after.paragraphs)
    feedback.refresh_from_db()
    assert (feedback.consent_to_quote, feedback.may_attribute) == (False, False)
    assert feedback.consent_withdrawn_at is not None and done.pdfs_removed == []
    # Still read by staff, and still linked to the person: withdrawing consent erases nothing.
    assert feedback.person == jean and feedback.comments.get().text == WORDS
    event = AuditEvent.objects.for_org(org).get(verb="feedback.feedback.withdraw_consent")
    assert event.changes["reason"] == "Rang to ask us not to quote her"
    assert event.changes["consent_to_quote"] == {"from": True, "to": False}
    assert "Sarah" not in json.dumps(event.changes) and "kind" not in json.dumps(event.changes)


def test_the_reason_is_kept_without_personal_details(org, services, quality_lead):
    feedback = given(org, services[0])
    feedback_withdraw_consent(scope=quality_lead, feedback_id=feedback.pk, reason="Mrs Whitworth rang on 07700 900123")
    event = AuditEvent.objects.for_org(org).get(verb="feedback.feedback.withdraw_consent")
    assert "Whitworth" not in event.changes["reason"] and "07700" not in event.changes["reason"]


def _pdf(org, services, *, kind="quarterly", quarter="2026-Q4", service="", title="Quarterly summary"):
    requester = person_with_role(org, Role.QUALITY_LEAD, all_services=True)
    made = ReportFile(
        organisation=org,
        requested_by=requester,
        kind=kind,
        query={"quarter": quarter, "service": service},
        title=title,
        status=ReportFile.Status.READY,
        requested_at=clock.now(),
    )
    made.file.save("report.pdf", ContentFile(b"%PDF- quotes"), save=False)
    made.save()
    return made


def test_kept_pdfs_that_could_quote_it_are_removed_after_the_withdrawal_commits(
    org, services, quality_lead, django_capture_on_commit_callbacks
):
    feedback = given(org, services[0])
    could = [
        _pdf(org, services, service="", title="Quarterly summary: all services, 2026-Q4"),
        _pdf(org, services, service=str(services[0].id), title="Quarterly summary: Rowan House, 2026-Q4"),
    ]
    could_not = [
        _pdf(org, services, service=str(services[1].id)),  # another service
        _pdf(org, services, quarter="2026-Q3"),  # another quarter
        _pdf(org, services, kind="commissioner"),  # never quotes anyone
    ]
    paths = {made.pk: made.file.path for made in could + could_not}

    with django_capture_on_commit_callbacks(execute=True):
        done = feedback_withdraw_consent(scope=quality_lead, feedback_id=feedback.pk, reason="Asked by phone")

    assert done.pdfs_removed == [c.title for c in could]
    for made in could:
        made.refresh_from_db()
        assert (made.status, made.stage, made.file.name) == (ReportFile.Status.REMOVED, REMOVED_FOR_CONSENT, "")
        assert not _exists(paths[made.pk])
    for made in could_not:
        made.refresh_from_db()
        assert made.status == ReportFile.Status.READY and _exists(paths[made.pk])
    assert AuditEvent.objects.for_org(org).get(verb="feedback.feedback.withdraw_consent").changes["pdfs_removed"] == 2


def _exists(path) -> bool:
    import os

    return os.path.exists(path)


def test_withdrawing_needs_a_reason_and_a_consent_to_withdraw(org, services, quality_lead):
    feedback = given(org, services[0])
    with pytest.raises(ValidationError) as refused:
        feedback_withdraw_consent(scope=quality_lead, feedback_id=feedback.pk, reason="  ")
    assert "reason" in refused.value.message_dict
    never = given(org, services[0], consent=False)
    with pytest.raises(ValidationError) as refused:
        feedback_withdraw_consent(scope=quality_lead, feedback_id=never.pk, reason="Asked")
    assert "consent_to_quote" in refused.value.message_dict
    assert not AuditEvent.objects.for_org(org).filter(verb="feedback.feedback.withdraw_consent").exists()


@pytest.mark.parametrize("role", [Role.STAFF, Role.PARTNER, Role.COMMISSIONER, Role.LEADER])
def test_only_those_who_see_who_gave_feedback_withdraw_consent(org, services, role):
    feedback = given(org, services[0])
    with pytest.raises(PermissionDenied):
        feedback_withdraw_consent(
            scope=scope_as(org, role, services=[services[0]]), feedback_id=feedback.pk, reason="Asked"
        )
    assert Feedback.objects.for_org(org).get(pk=feedback.pk).consent_to_quote


def test_consent_is_withdrawn_only_within_ones_own_services_and_organisation(org, other_org, services):
    feedback = given(org, services[0])
    with pytest.raises(Feedback.DoesNotExist):
        feedback_withdraw_consent(
            scope=scope_as(org, Role.SERVICE_MANAGER, services=[services[1]]), feedback_id=feedback.pk, reason="x"
        )
    with pytest.raises(Feedback.DoesNotExist):
        feedback_withdraw_consent(scope=scope_as(other_org, Role.ADMINISTRATOR), feedback_id=feedback.pk, reason="x")
    assert Feedback.objects.for_org(org).get(pk=feedback.pk).consent_to_quote


# ----- making feedback anonymous -----------------------------------------------------------------


@pytest.fixture
def full(org, services, jean, quality_lead):
    """Feedback from Jean with two comments, one flagged as urgent, a reply noted and a PDF kept."""
    feedback = given(org, services[0], texts=(WORDS, WORRY), person=jean)
    manager = scope_as(org, Role.SERVICE_MANAGER, services=[services[0]])
    reply_record(
        scope=manager,
        feedback_id=feedback.pk,
        data=ReplyInput(method=ReplyMethod.PHONE, replied_on=RECEIVED, note="Rang Jean Okafor on 07700 900123"),
    )
    return feedback


def test_anonymising_removes_what_identifies_and_keeps_the_evidence(org, services, full, quality_lead):
    flagged = full.comments.get(position=1)
    flag = UrgentFlag.objects.for_org(org).get(comment=flagged)
    assert any("slapped" in r for r in flag.reasons)
    first = full.comments.get(position=0)
    first.sentiment = 2
    first.save()
    texts = suggested(full)
    texts[flagged.pk] = "The night carer [name] [removed] my dad and shouted at him"

    done = feedback_anonymise(scope=quality_lead, feedback_id=full.pk, reason="Jean asked us by letter", texts=texts)

    feedback = Feedback.objects.for_org(org).get(pk=full.pk)
    assert done.feedback.pk == feedback.pk
    assert feedback.person is None and feedback.reply_contact == ""
    assert (feedback.consent_to_quote, feedback.may_attribute) == (False, False)
    assert feedback.anonymised_at is not None and feedback.anonymised_by == quality_lead.person
    assert feedback.is_anonymous and feedback.consent_withdrawn_at == feedback.anonymised_at
    comments = list(feedback.comments.order_by("position"))
    assert comments[0].text == "[name] on nights was so kind to my mum [name], ring me on [phone number] any time"
    assert comments[1].text == texts[flagged.pk]
    # The evidence stays: rating, sentiment, the urgent flag, when and how it was given.
    assert feedback.rating == Rating.GOOD and comments[0].sentiment == 2 and feedback.wants_reply
    flag.refresh_from_db()
    assert flag.comment_id == flagged.pk and flag.status == "open"
    assert not any("slapped" in r for r in flag.reasons) and any(f"'{REMOVED}'" in r for r in flag.reasons)
    reply = Reply.objects.for_org(org).get(feedback=feedback)
    assert reply.note == "Rang [name] on [phone number]"
    event = AuditEvent.objects.for_org(org).get(verb="feedback.feedback.anonymise")
    assert event.changes["person"] == {"from": REMOVED, "to": None}
    assert event.changes["reply_contact"] == {"from": REMOVED, "to": ""}
    assert event.changes["comments"] == {"from": REMOVED, "to": REMOVED}
    assert event.changes["reason"] == "[name] asked us by letter"
    assert event.changes["comments_changed"] == 2 and event.changes["reply_notes_redacted"] == 1
    assert event.actor_label == quality_lead.person.full_name


def test_the_words_taken_out_survive_nowhere(org, services, full, quality_lead):
    # An event that held the words (none of Heard's own services writes them; this stands for any).
    legacy = audit_record(
        scope=system_scope(organisation=org),
        verb="feedback.feedback.record",
        obj=full,
        changes={"text": {"from": None, "to": WORDS}, "contact": "07700 900123"},
    )
    texts = suggested(full)
    texts[full.comments.get(position=1).pk] = "The night carer [name] [removed] my dad"
    feedback_anonymise(scope=quality_lead, feedback_id=full.pk, reason="Asked", texts=texts)

    legacy.refresh_from_db()
    assert legacy.changes == {"text": {"from": None, "to": REMOVED}, "contact": REMOVED}
    for secret in ("Whitworth", "07700", "Jean Okafor", "slapped", "Bartek"):
        for event in AuditEvent.objects.for_org(org):
            assert secret not in json.dumps(event.changes) + event.object_label, (secret, event.verb)
    # Not in what the pages, the downloads, the API, FHIR and the search read.
    admin = scope_as(org, Role.ADMINISTRATOR)
    table = export.feedback_export_rows(scope=admin, filters=selectors.FeedbackFilters())
    assert "Whitworth" not in json.dumps(table.rows, default=str) and "07700" not in json.dumps(table.rows, default=str)
    feedback = Feedback.objects.for_org(org).get(pk=full.pk)
    response = questionnaire_response_from_feedback(
        feedback, comment_text=lambda c: selectors.comment_text_for(scope=admin, comment=c)
    )
    fhir = response.model_dump_json()
    assert "Whitworth" not in fhir and "slapped" not in fhir
    for word in ("Whitworth", "slapped"):
        found = selectors.feedback_list(scope=admin, filters=selectors.FeedbackFilters(search=word))
        assert not found.exists()
    stored = list(Comment.objects.for_org(org).values_list("text", flat=True)) + list(
        Reply.objects.for_org(org).values_list("note", flat=True)
    )
    assert not any("Whitworth" in s or "07700" in s or "slapped" in s for s in stored)
    if connection.vendor == "postgresql":  # the words are nowhere in the flag's reasons either
        assert not UrgentFlag.objects.for_org(org).filter(reasons__icontains="slapped").exists()


def test_anonymous_feedback_no_longer_waits_for_a_reply(org, services, quality_lead):
    waiting = given(org, services[0])
    manager = scope_as(org, Role.SERVICE_MANAGER, services=[services[0]])
    assert list(selectors.replies_waiting(scope=manager)) == [waiting]
    draft = erasure.anonymous_draft(scope=quality_lead, feedback_id=waiting.pk)
    assert draft.waiting_for_reply
    feedback_anonymise(scope=quality_lead, feedback_id=waiting.pk, reason="Asked", texts=suggested(waiting))
    assert list(selectors.replies_waiting(scope=manager)) == []
    # A meeting held before it was made anonymous still counted the person as waiting.
    assert selectors.replies_owed(scope=manager, on=RECEIVED).waiting == 1
    assert selectors.replies_owed(scope=manager, on=clock.today()).waiting == 0


def test_an_edited_text_that_adds_words_is_refused_on_its_field(org, services, full, quality_lead):
    texts = suggested(full)
    first, second = full.comments.order_by("position")
    texts[first.pk] = "[name] on nights was so very kind"
    texts[second.pk] = "   "
    with pytest.raises(ValidationError) as refused:
        feedback_anonymise(scope=quality_lead, feedback_id=full.pk, reason="", texts=texts)
    errors = refused.value.message_dict
    assert "“very” is not in the comment" in errors[f"comment_{first.pk}"][0]
    assert "[removed]" in errors[f"comment_{second.pk}"][0]
    assert errors["reason"] == ["Enter why the personal details are being removed"]
    feedback = Feedback.objects.for_org(org).get(pk=full.pk)
    assert not feedback.is_anonymous and feedback.comments.get(position=0).text == WORDS


def test_feedback_is_made_anonymous_once(org, services, full, quality_lead):
    feedback_anonymise(scope=quality_lead, feedback_id=full.pk, reason="Asked", texts=suggested(full))
    with pytest.raises(ValidationError) as refused:
        feedback_anonymise(scope=quality_lead, feedback_id=full.pk, reason="Again", texts=suggested(full))
    assert "already removed" in refused.value.message_dict["__all__"][0]
    assert AuditEvent.objects.for_org(org).filter(verb="feedback.feedback.anonymise").count() == 1


@pytest.mark.parametrize("role", [Role.SERVICE_MANAGER, Role.STAFF, Role.PARTNER, Role.COMMISSIONER, Role.LEADER])
def test_only_quality_leads_and_administrators_make_feedback_anonymous(org, services, full, role):
    scope = scope_as(org, role, services=[services[0]])
    with pytest.raises(PermissionDenied):
        feedback_anonymise(scope=scope, feedback_id=full.pk, reason="Asked", texts=suggested(full))
    with pytest.raises(PermissionDenied):
        erasure.anonymous_draft(scope=scope, feedback_id=full.pk)
    assert not Feedback.objects.for_org(org).get(pk=full.pk).is_anonymous


def test_feedback_is_made_anonymous_only_within_ones_own_services_and_organisation(org, other_org, services, full):
    elsewhere = scope_as(org, Role.QUALITY_LEAD, services=[services[1]])
    with pytest.raises(Feedback.DoesNotExist):
        feedback_anonymise(scope=elsewhere, feedback_id=full.pk, reason="Asked", texts=suggested(full))
    with pytest.raises(Feedback.DoesNotExist):
        feedback_anonymise(
            scope=scope_as(other_org, Role.ADMINISTRATOR), feedback_id=full.pk, reason="Asked", texts=suggested(full)
        )
    assert not Feedback.objects.for_org(org).get(pk=full.pk).is_anonymous


def test_a_failure_half_way_leaves_the_feedback_as_it_was(org, services, full, quality_lead, monkeypatch):
    def fails(**kwargs):
        raise RuntimeError("the audit log could not be written")

    monkeypatch.setattr(erasure, "audit_record", fails)  # the last step, after every other write
    with pytest.raises(RuntimeError):
        feedback_anonymise(scope=quality_lead, feedback_id=full.pk, reason="Asked", texts=suggested(full))

    feedback = Feedback.objects.for_org(org).get(pk=full.pk)
    assert not feedback.is_anonymous and feedback.person is not None and feedback.reply_contact == "07700 900123"
    assert feedback.consent_to_quote and feedback.comments.get(position=0).text == WORDS
    assert Reply.objects.for_org(org).get(feedback=feedback).note == "Rang Jean Okafor on 07700 900123"
    assert any("slapped" in r for r in UrgentFlag.objects.for_org(org).get().reasons)
