"""Urgent flags: raised as comments arrive, routed to the safeguarding lead, closed only by a person saying what was done."""

import csv
import datetime as dt
import io
import smtplib

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.html import escape

from core import clock
from core.models import AuditEvent
from feedback.demo import feedback_demo_build
from feedback.imports.mapping import ColumnMapping
from feedback.imports.services import feedback_import
from feedback.models import QUESTION_BETTER, Channel, Comment, Rating
from feedback.services import FeedbackInput, feedback_record
from organisations.demo import demo_build
from organisations.models import Organisation, RoleAssignment
from organisations.roles import Role
from organisations.scope import scope_for, system_scope
from organisations.tests.factories import ServiceFactory, api_token_for, person_with_role
from themes import selectors
from themes.models import DetectedBy, FlagStatus, UrgentFlag, UrgentFlagAction
from themes.reminders import urgent_waiting
from themes.rules import Perm, has_perm
from themes.services import organisation_set_safeguarding_lead, urgent_flag_raise, urgent_flag_record_action

URGENT = "My dad has bruises on his arms and nobody could explain them."
SELF_HARM = "He keeps saying he wants to end it all and nobody is listening to him."
ORDINARY_COMPLAINT = "The food was cold again and the carers were late three times this week."
SEE_FLAGS = {Role.ADMINISTRATOR, Role.QUALITY_LEAD, Role.SERVICE_MANAGER}


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


def flags(org):
    return UrgentFlag.objects.for_org(org)


def entry(service, text, **overrides):
    values = dict(
        service_id=service.id,
        channel=Channel.IN_PERSON,
        received_on=dt.date(2026, 11, 20),
        comments=[(QUESTION_BETTER, text)],
        rating=Rating.POOR,
    )
    values.update(overrides)
    return FeedbackInput(**values)


def flag_on(org, services, text=URGENT, service=None):
    scope = system_scope(organisation=org)
    item = feedback_record.__wrapped__(scope=scope, data=entry(service or services[0], text))
    return flags(org).get(comment__feedback=item)


# --- flagged as it arrives ------------------------------------------------------------------


def test_feedback_recorded_by_staff_is_flagged_and_the_lead_emailed_without_the_comment(
    org, services, lead, make_scope, mailoutbox, django_capture_on_commit_callbacks
):
    scope = make_scope(Role.STAFF, services=[services[0]])
    with django_capture_on_commit_callbacks(execute=True):
        item = feedback_record(scope=scope, data=entry(services[0], URGENT))
    flag = flags(org).get()
    assert flag.comment.feedback == item and flag.status == FlagStatus.OPEN
    assert "possible physical abuse" in flag.reasons[0] and "physical_abuse" in flag.categories
    assert flag.detected_by == DetectedBy.RULES
    [email] = mailoutbox
    assert email.to == [lead.user.email]
    assert "Rowan House" in email.body and "20 November 2026" in email.body
    assert reverse("themes:flag", args=[flag.id]) in email.body
    for private in ("bruises", "dad", "nobody could explain", URGENT):
        assert private not in email.body and private not in email.subject
    assert AuditEvent.objects.for_org(org).filter(verb="themes.urgent_flag.raise", object_id=str(flag.id)).exists()


def test_feedback_raising_several_flags_at_once_links_each_in_one_email_without_the_comments(
    org, services, lead, make_scope, mailoutbox, django_capture_on_commit_callbacks
):
    scope = make_scope(Role.STAFF, services=[services[0]])
    data = entry(services[0], URGENT, comments=[(QUESTION_BETTER, URGENT), (QUESTION_BETTER, SELF_HARM)])
    with django_capture_on_commit_callbacks(execute=True):
        feedback_record(scope=scope, data=data)
    raised = list(flags(org).order_by("id"))
    assert len(raised) == 2
    [email] = mailoutbox
    for flag in raised:
        assert reverse("themes:flag", args=[flag.id]) in email.body
    assert "2 comments" in email.subject
    for private in ("bruises", "end it all", URGENT, SELF_HARM):
        assert private not in email.body and private not in email.subject
    # Each flag's trail says who was told, not only the first flag's.
    told = AuditEvent.objects.for_org(org).filter(verb="themes.urgent_flag.notify")
    assert sorted(int(e.object_id) for e in told) == [flag.id for flag in raised]
    assert {e.changes["in_one_email_about"] for e in told} == {2}


def test_feedback_from_the_api_is_flagged(client, org, services, lead):
    token = api_token_for(org, Role.ADMINISTRATOR, services)
    response = client.post(
        "/api/feedback",
        data={"service_id": services[1].id, "received_on": "2026-11-20", "comments": [{"text": SELF_HARM}]},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code in (200, 201), response.content
    flag = flags(org).get()
    assert flag.comment.text == SELF_HARM and "self_harm" in flag.categories


def test_feedback_from_the_public_form_reaches_the_lead_in_the_same_request(
    client, org, services, lead, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("public:form", args=[services[0].feedback_link_id]), {"rating": "5", "better": URGENT}
        )
    assert response.status_code == 302
    flag = flags(org).get()
    assert flag.comment.feedback.channel == Channel.ONLINE_FORM
    [email] = mailoutbox
    assert email.to == [lead.user.email] and URGENT not in email.body
    [event] = AuditEvent.objects.for_org(org).filter(verb="themes.urgent_flag.raise")
    assert event.actor_label == "Public feedback form"


def test_a_mail_server_that_is_down_does_not_turn_the_thank_you_page_into_an_error(
    client, org, services, lead, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    # The person who wrote it needs the page that says whom to call now, and their feedback is
    # saved: an error page would tell them it was lost. The flag waits in the queue (and in the
    # daily reminder); the failure is in the log.
    def mail_server_down(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("Connection unexpectedly closed")

    monkeypatch.setattr("themes.services.urgent_notify.send_mail", mail_server_down)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("public:form", args=[services[0].feedback_link_id]), {"rating": "5", "better": URGENT}
        )
    assert response.status_code == 302 and response.url.endswith("/thank-you/")
    assert flags(org).get().status == FlagStatus.OPEN
    assert any(r.levelname == "ERROR" and r.exc_info for r in caplog.records)


def test_an_import_flags_in_bulk_and_sends_one_summary(
    org, services, lead, admin_scope, tmp_path, mailoutbox, django_capture_on_commit_callbacks
):
    path = tmp_path / "feedback.csv"
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["ID", "Date", "Service", "Rating", "Comment"])
    writer.writerows(
        [
            ["1", "01/11/2026", "Rowan House", "5", URGENT],
            ["2", "02/11/2026", "Beech Court", "5", SELF_HARM],
            ["3", "03/11/2026", "Beech Court", "4", ORDINARY_COMPLAINT],
            ["4", "04/11/2026", "Rowan House", "1", "Lovely staff, thank you."],
        ]
    )
    path.write_text(buffer.getvalue(), encoding="utf-8")
    mapping = ColumnMapping(
        columns={"source_id": "ID", "date": "Date", "service": "Service", "rating": "Rating", "text": "Comment"}
    )
    with django_capture_on_commit_callbacks(execute=True):
        report = feedback_import(scope=admin_scope, file=path, mapping=mapping, mode="keep_good")
    assert report.comments_created == 4
    assert sorted(f.comment.text for f in flags(org)) == sorted([URGENT, SELF_HARM])
    [email] = mailoutbox
    assert email.to == [lead.user.email]
    assert "has 2 comments that may need urgent attention" in email.body
    assert "bruises" not in email.body and "end it all" not in email.body


RULES_MISS = "they put mittens on my mum's hands so she can't pull at her clothes"


def import_with_a_comment_only_the_model_flags(admin_scope, tmp_path):
    from themes.urgent import assess

    assert not assess(RULES_MISS, use_model=False).urgent and assess(RULES_MISS).urgent
    path = tmp_path / "feedback.csv"
    path.write_text(
        "ID,Date,Service,Rating,Comment\n"
        f"1,01/11/2026,Rowan House,5,{URGENT}\n"
        f'2,02/11/2026,Beech Court,4,"{RULES_MISS}"\n'
        f"3,03/11/2026,Beech Court,2,{ORDINARY_COMPLAINT}\n",
        encoding="utf-8",
    )
    mapping = ColumnMapping(
        columns={"source_id": "ID", "date": "Date", "service": "Service", "rating": "Rating", "text": "Comment"}
    )
    feedback_import(scope=admin_scope, file=path, mapping=mapping, mode="keep_good")


def test_an_import_of_ordinary_size_is_checked_by_rules_and_model_while_it_is_saved(
    org, services, lead, admin_scope, tmp_path, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as after_commit:
        import_with_a_comment_only_the_model_flags(admin_scope, tmp_path)
        # Flagged in the import's own transaction: withheld before anyone can read it.
        by_text = {f.comment.text: f for f in flags(org)}
        assert set(by_text) == {URGENT, RULES_MISS}
        assert by_text[RULES_MISS].detected_by == DetectedBy.MODEL
    for callback in after_commit:
        callback()
    [email] = mailoutbox
    assert "has 2 comments that may need urgent attention" in email.body and "mittens" not in email.body
    assert not AuditEvent.objects.for_org(org).filter(verb="themes.urgent_flag.raise_from_recheck").exists()
    assert flags(org).count() == 2


def test_after_a_large_import_the_model_looks_again_and_flags_what_the_rules_missed(
    org, services, lead, admin_scope, tmp_path, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.HEARD_IMPORT_MODEL_LIMIT = 2  # this file's three comments count as a large import
    with django_capture_on_commit_callbacks(execute=True):
        import_with_a_comment_only_the_model_flags(admin_scope, tmp_path)
    by_text = {f.comment.text: f for f in flags(org)}
    assert set(by_text) == {URGENT, RULES_MISS}
    assert by_text[RULES_MISS].detected_by == DetectedBy.MODEL
    assert by_text[URGENT].detected_by == DetectedBy.RULES  # flagged once, while the file was saved
    first, second = mailoutbox
    assert "has 1 comment that may need urgent attention" in first.body
    assert "found 1 more comment" in second.body and "mittens" not in second.body
    assert AuditEvent.objects.for_org(org).filter(verb="themes.urgent_flag.raise_from_recheck").count() == 1


def test_the_second_check_ends_the_wait_only_for_feedback_it_has_read(
    org, services, lead, admin_scope, tmp_path, django_capture_on_commit_callbacks, settings, monkeypatch
):
    from feedback.models import Feedback
    from themes import tasks

    settings.HEARD_IMPORT_MODEL_LIMIT = 2
    with django_capture_on_commit_callbacks(execute=False):
        import_with_a_comment_only_the_model_flags(admin_scope, tmp_path)
    imported = set(Feedback.objects.for_org(org).values_list("pk", flat=True))
    read = tasks.comments_without_flags
    late = {}

    def another_import_lands_meanwhile(**kwargs):
        # Another large file's feedback is saved, inside this check's id range, after the check has
        # read its comments (two imports at once get interleaved ids on PostgreSQL)
        found = read(**{**kwargs, "last_feedback_id": max(imported)})
        copy = Feedback.objects.for_org(org).get(pk=min(imported))
        copy.pk, copy.source_key, copy.urgent_check_pending = None, "late-1", True
        copy.save()
        late["pk"] = copy.pk
        return found

    monkeypatch.setattr(tasks, "comments_without_flags", another_import_lands_meanwhile)
    tasks.urgent_recheck_import.call(org.pk, min(imported), max(imported) + 1, "feedback.csv")
    assert late["pk"] == max(imported) + 1  # inside the range the check was given
    assert not Feedback.objects.for_org(org).filter(pk__in=imported, urgent_check_pending=True).exists()
    assert Feedback.objects.for_org(org).get(pk=late["pk"]).urgent_check_pending  # not read: still waits


def test_an_ordinary_complaint_is_not_flagged(
    org, services, lead, make_scope, mailoutbox, django_capture_on_commit_callbacks
):
    scope = make_scope(Role.STAFF, services=[services[0]])
    with django_capture_on_commit_callbacks(execute=True):
        feedback_record(scope=scope, data=entry(services[0], ORDINARY_COMPLAINT))
    assert not flags(org).exists()
    assert mailoutbox == []


def test_without_a_lead_administrators_and_quality_leads_are_emailed_and_that_is_recorded(
    org, services, make_scope, mailoutbox, django_capture_on_commit_callbacks
):
    admin = person_with_role(org, Role.ADMINISTRATOR, all_services=True)
    quality = person_with_role(org, Role.QUALITY_LEAD, all_services=True)
    person_with_role(org, Role.STAFF, all_services=True)
    person_with_role(org, Role.LEADER, all_services=True)
    scope = make_scope(Role.STAFF, services=[services[0]])
    with django_capture_on_commit_callbacks(execute=True):
        feedback_record(scope=scope, data=entry(services[0], URGENT))
    [email] = mailoutbox
    assert sorted(email.to) == sorted([admin.user.email, quality.user.email])
    [event] = AuditEvent.objects.for_org(org).filter(verb="themes.urgent_flag.notify")
    assert "no safeguarding lead" in event.changes["told"]


def test_no_email_until_the_transaction_commits(org, services, lead, make_scope, mailoutbox):
    scope = make_scope(Role.STAFF, services=[services[0]])
    with pytest.raises(RuntimeError), transaction.atomic():
        feedback_record(scope=scope, data=entry(services[0], URGENT))
        raise RuntimeError("rolled back")
    assert mailoutbox == [] and not flags(org).exists()


# --- acting on a flag -----------------------------------------------------------------------


def test_closing_needs_words_and_a_person(org, services, lead):
    flag = flag_on(org, services)
    lead_scope = scope_for(user=lead.user, organisation=org)
    with pytest.raises(ValidationError):
        urgent_flag_record_action(scope=lead_scope, flag_id=flag.id, action="   ", closes=True)
    with pytest.raises(ValidationError):
        urgent_flag_record_action(scope=system_scope(organisation=org), flag_id=flag.id, action="Done", closes=True)
    flag.refresh_from_db()
    assert flag.status == FlagStatus.OPEN

    urgent_flag_record_action(scope=lead_scope, flag_id=flag.id, action="Rang his daughter; GP visiting.", closes=False)
    urgent_flag_record_action(
        scope=lead_scope, flag_id=flag.id, action="Safeguarding referral made to the council.", closes=True
    )
    flag.refresh_from_db()
    assert flag.status == FlagStatus.CLOSED
    history = list(flag.actions.order_by("at", "id").values_list("action", "who", "closes"))
    assert history == [
        ("Rang his daughter; GP visiting.", lead.id, False),
        ("Safeguarding referral made to the council.", lead.id, True),
    ]
    with pytest.raises(ValidationError):
        urgent_flag_record_action(scope=lead_scope, flag_id=flag.id, action="Again", closes=True)
    assert AuditEvent.objects.for_org(org).filter(verb="themes.urgent_flag.close", object_id=str(flag.id)).exists()


def test_history_is_append_only(org, services, lead):
    flag = flag_on(org, services)
    lead_scope = scope_for(user=lead.user, organisation=org)
    action = urgent_flag_record_action(scope=lead_scope, flag_id=flag.id, action="Called the family.", closes=False)
    action.action = "Something else"
    with pytest.raises(ValueError, match="cannot be changed"):
        action.save()
    with pytest.raises(ValueError, match="cannot be deleted"):
        action.delete()
    with pytest.raises(IntegrityError), transaction.atomic():
        UrgentFlagAction.objects.create(flag=flag, organisation=org, action="", who=lead, at=flag.detected_at)
    assert list(UrgentFlagAction.objects.for_org(org).values_list("action", flat=True)) == ["Called the family."]


def test_the_audit_log_says_when_the_outcome_was_recorded_not_when_it_was_entered(org, services, lead):
    """The demo (and any back-dated record) passes when it was done; the audit event says the same."""
    flag = flag_on(org, services)
    lead_scope = scope_for(user=lead.user, organisation=org)
    done_at = clock.now() - dt.timedelta(hours=30)
    urgent_flag_record_action(scope=lead_scope, flag_id=flag.id, action="Referral made.", closes=True, now=done_at)
    event = AuditEvent.objects.for_org(org).get(verb="themes.urgent_flag.close", object_id=str(flag.id))
    assert event.at == done_at


def test_the_flag_page_records_what_was_done_and_closes(client, org, services, lead):
    flag = flag_on(org, services)
    client.force_login(lead.user)
    url = reverse("themes:flag", args=[flag.id])
    page = client.get(url)
    assert page.status_code == 200 and URGENT in page.content.decode()
    refused = client.post(url, {"action": "", "outcome": "close"})
    assert refused.status_code == 400 and "Enter what was done" in refused.content.decode()
    done = client.post(url, {"action": "Referred to the local authority.", "outcome": "close"})
    assert done.status_code == 302
    flag.refresh_from_db()
    assert flag.status == FlagStatus.CLOSED
    after = client.get(url).content.decode()
    assert "Referred to the local authority." in after and "(closed the flag)" in after
    # Closed, the page offers to add what came of it or to open it again, not to close it twice.
    assert "Add to the record" in after and 'value="keep_closed"' in after and 'value="reopen"' in after
    assert 'value="close"' not in after and 'value="keep_open"' not in after

    later = client.post(url, {"action": "The council found no further risk.", "outcome": "keep_closed"})
    assert later.status_code == 302
    flag.refresh_from_db()
    assert flag.status == FlagStatus.CLOSED

    again = client.post(url, {"action": "His daughter rang: it has happened again.", "outcome": "reopen"})
    assert again.status_code == 302
    flag.refresh_from_db()
    assert flag.status == FlagStatus.OPEN
    page = client.get(url).content.decode()
    assert "(opened the flag again)" in page and 'value="close"' in page and 'value="reopen"' not in page


def test_closing_as_no_safeguarding_concern_is_one_choice_and_says_so(client, org, services, lead):
    flag = flag_on(org, services)
    lead_scope = scope_for(user=lead.user, organisation=org)
    # The service keeps its own check, whatever page calls it.
    with pytest.raises(ValidationError, match="Only a flag being closed"):
        urgent_flag_record_action(scope=lead_scope, flag_id=flag.id, action="x", closes=False, not_a_concern=True)
    client.force_login(lead.user)
    url = reverse("themes:flag", args=[flag.id])
    page = client.get(url).content.decode()
    assert "What happens to the flag?" in page and "Close it: it was not a safeguarding concern" in page
    assert 'name="closes"' not in page and 'name="not_a_concern"' not in page  # no boxes that can disagree
    done = client.post(
        url, {"action": "Spoke to his daughter: an old bruise, seen by the GP.", "outcome": "close_not_a_concern"}
    )
    assert done.status_code == 302
    flag.refresh_from_db()
    assert flag.status == FlagStatus.NOT_A_CONCERN and not flag.is_open
    assert "Closed: not a safeguarding concern" in client.get(reverse("themes:queue")).content.decode()
    [event] = AuditEvent.objects.for_org(org).filter(verb="themes.urgent_flag.close", object_id=str(flag.id))
    assert event.changes["status"]["to"] == FlagStatus.NOT_A_CONCERN


def test_a_closed_flag_takes_later_outcomes_and_opens_again_with_why(org, services, lead):
    flag = flag_on(org, services)
    lead_scope = scope_for(user=lead.user, organisation=org)
    record = urgent_flag_record_action
    record(scope=lead_scope, flag_id=flag.id, action="Referral made to the council.", closes=True)
    record(scope=lead_scope, flag_id=flag.id, action="The council closed its enquiry.", closes=False)
    flag.refresh_from_db()
    assert flag.status == FlagStatus.CLOSED
    with pytest.raises(ValidationError, match="already closed"):
        record(scope=lead_scope, flag_id=flag.id, action="Again", closes=True)
    with pytest.raises(ValidationError, match="not both"):
        record(scope=lead_scope, flag_id=flag.id, action="Both", closes=True, reopens=True)
    with pytest.raises(ValidationError):
        record(scope=lead_scope, flag_id=flag.id, action="  ", closes=False, reopens=True)

    record(
        scope=lead_scope, flag_id=flag.id, action="New bruises reported by his daughter.", closes=False, reopens=True
    )
    flag.refresh_from_db()
    assert flag.status == FlagStatus.OPEN
    with pytest.raises(ValidationError, match="already open"):
        record(scope=lead_scope, flag_id=flag.id, action="Again", closes=False, reopens=True)
    history = list(flag.actions.order_by("at", "id").values_list("closes", "reopens"))
    assert history == [(True, False), (False, False), (False, True)]
    [event] = AuditEvent.objects.for_org(org).filter(verb="themes.urgent_flag.reopen", object_id=str(flag.id))
    assert event.changes == {"status": {"from": FlagStatus.CLOSED, "to": FlagStatus.OPEN}}
    assert selectors.urgent_open_count(scope=lead_scope) == 1
    with pytest.raises(IntegrityError), transaction.atomic():
        UrgentFlagAction.objects.create(
            flag=flag, organisation=org, action="x", who=lead, at=flag.detected_at, closes=True, reopens=True
        )


# --- who sees flags -------------------------------------------------------------------------


@pytest.mark.parametrize("role", list(Role))
def test_who_may_see_and_act_on_flags(client, org, services, role):
    flag = flag_on(org, services)
    covers = [services[0]] if role in (Role.SERVICE_MANAGER, Role.STAFF, Role.PARTNER, Role.COMMISSIONER) else []
    person = person_with_role(org, role, services=covers, all_services=not covers)
    client.force_login(person.user)
    queue = client.get(reverse("themes:queue"))
    page = client.get(reverse("themes:flag", args=[flag.id]))
    if role in SEE_FLAGS:
        assert queue.status_code == 200 and URGENT in queue.content.decode()
        assert page.status_code == 200
        assert "Urgent (1 open)" in queue.content.decode()
    else:
        assert queue.status_code == 403 and page.status_code == 403
        home = client.get(reverse("organisations:home")).content.decode()
        assert "Urgent (" not in home
    scope = scope_for(user=person.user, organisation=org)
    assert has_perm(scope, Perm.RAISE_URGENT) == (role in SEE_FLAGS | {Role.STAFF})


def test_a_service_manager_sees_only_their_services_flags(client, org, services):
    mine = flag_on(org, services, service=services[0])
    theirs = flag_on(org, services, text=SELF_HARM, service=services[1])
    manager = person_with_role(org, Role.SERVICE_MANAGER, services=[services[0]])
    client.force_login(manager.user)
    assert client.get(reverse("themes:flag", args=[mine.id])).status_code == 200
    assert client.get(reverse("themes:flag", args=[theirs.id])).status_code == 404
    assert SELF_HARM not in client.get(reverse("themes:queue")).content.decode()


def test_the_safeguarding_lead_sees_every_flag_beyond_their_own_services(client, org, services):
    flag = flag_on(org, services, service=services[2])
    lead = person_with_role(org, Role.SERVICE_MANAGER, services=[services[0]])
    Organisation.objects.filter(pk=org.pk).update(safeguarding_lead=lead)
    client.force_login(lead.user)
    assert URGENT in client.get(reverse("themes:queue")).content.decode()
    assert (
        client.post(reverse("themes:flag", args=[flag.id]), {"action": "Visited.", "outcome": "close"}).status_code
        == 302
    )


def test_another_organisation_never_sees_the_flags(client, org, services, other_org):
    flag = flag_on(org, services)
    outsider = person_with_role(other_org, Role.ADMINISTRATOR, all_services=True)
    client.force_login(outsider.user)
    assert URGENT not in client.get(reverse("themes:queue")).content.decode()
    assert client.get(reverse("themes:flag", args=[flag.id])).status_code == 404
    with pytest.raises(UrgentFlag.DoesNotExist):
        urgent_flag_record_action(
            scope=scope_for(user=outsider.user, organisation=other_org), flag_id=flag.id, action="x", closes=True
        )


def test_the_queue_puts_open_flags_first_oldest_first_in_a_fixed_number_of_queries(
    client, org, services, lead, django_assert_num_queries
):
    first = flag_on(org, services)
    second = flag_on(org, services, text=SELF_HARM, service=services[1])
    urgent_flag_record_action(
        scope=scope_for(user=lead.user, organisation=org), flag_id=first.id, action="Dealt with.", closes=True
    )
    third = flag_on(org, services, service=services[2])
    scope = scope_for(user=lead.user, organisation=org)
    assert [f.id for f in selectors.urgent_queue(scope=scope)] == [second.id, third.id, first.id]

    client.force_login(lead.user)
    client.get(reverse("themes:queue"))  # warm the session
    # One more than before referrals were shown: the notes that record one, for the whole page at once;
    # and one counting the reviews overdue, beside the filter that shows only those.
    with django_assert_num_queries(15) as few:
        client.get(reverse("themes:queue"))
    for _ in range(5):
        flag_on(org, services, service=services[1])
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(reverse("themes:queue"))
    assert "Urgent (7 open)" in response.content.decode()


def test_the_queue_marks_open_flags_nobody_has_recorded_anything_on(client, org, services, lead):
    waiting = flag_on(org, services)
    noted = flag_on(org, services, text=SELF_HARM, service=services[1])
    scope = scope_for(user=lead.user, organisation=org)
    urgent_flag_record_action(scope=scope, flag_id=noted.id, action="Rang his GP.", closes=False)
    closed = flag_on(org, services, service=services[2])
    urgent_flag_record_action(scope=scope, flag_id=closed.id, action="Dealt with.", closes=True)
    assert {f.id: f.acted_on for f in selectors.urgent_queue(scope=scope)} == {
        waiting.id: False,
        noted.id: True,
        closed.id: True,
    }
    client.force_login(lead.user)
    assert client.get(reverse("themes:queue")).content.decode().count("Nothing recorded yet") == 1


# --- raising by hand, and naming the lead ---------------------------------------------------


def test_staff_flag_a_comment_by_hand_with_a_reason(client, org, services, lead, mailoutbox):
    staff = person_with_role(org, Role.STAFF, services=[services[0]])
    item = feedback_record.__wrapped__(
        scope=scope_for(user=staff.user, organisation=org), data=entry(services[0], ORDINARY_COMPLAINT)
    )
    client.force_login(staff.user)
    detail = client.get(reverse("feedback:detail", args=[item.id])).content.decode()
    assert "Flag as urgent" in detail
    comment = Comment.objects.for_org(org).get(feedback=item)
    url = reverse("themes:raise", args=[item.id])
    assert client.post(url, {"comment": comment.id, "reason": " "}).status_code == 400
    assert client.post(url, {"comment": comment.id, "reason": "She looked frightened of a carer."}).status_code == 302
    flag = flags(org).get()
    assert flag.detected_by == DetectedBy.PERSON and flag.raised_by == staff
    assert "She looked frightened of a carer." in flag.reasons[0]


@pytest.mark.parametrize("role", [Role.LEADER, Role.PARTNER])
def test_roles_that_cannot_raise_a_flag_see_no_button_and_are_refused(client, org, services, role):
    item = feedback_record.__wrapped__(scope=system_scope(organisation=org), data=entry(services[0], "Fine."))
    person = person_with_role(org, role, all_services=True)
    client.force_login(person.user)
    assert "Flag as urgent" not in client.get(reverse("feedback:detail", args=[item.id])).content.decode()
    comment = Comment.objects.for_org(org).get(feedback=item)
    assert (
        client.post(reverse("themes:raise", args=[item.id]), {"comment": comment.id, "reason": "x"}).status_code == 403
    )
    with pytest.raises(PermissionDenied):
        urgent_flag_raise(scope=scope_for(user=person.user, organisation=org), comment_id=comment.id, reason="x")


def test_the_button_shows_only_where_the_person_may_flag_that_feedback(client, org, services):
    """A co-production partner at one home who is staff at another may flag only the other's."""
    here = feedback_record.__wrapped__(scope=system_scope(organisation=org), data=entry(services[0], "Fine."))
    there = feedback_record.__wrapped__(scope=system_scope(organisation=org), data=entry(services[1], "Fine."))
    person = person_with_role(org, Role.PARTNER, services=[services[0]])
    RoleAssignment.objects.for_org(org).create(organisation=org, person=person, role=Role.STAFF).services.set(
        [services[1]]
    )
    client.force_login(person.user)
    assert "Flag as urgent" not in client.get(reverse("feedback:detail", args=[here.id])).content.decode()
    assert "Flag as urgent" in client.get(reverse("feedback:detail", args=[there.id])).content.decode()
    comment = Comment.objects.for_org(org).get(feedback=here)
    assert client.post(reverse("themes:raise", args=[here.id]), {"comment": comment.id, "reason": "x"}).status_code in (
        403,
        404,
    )


def test_an_administrator_names_the_safeguarding_lead(client, org, services, admin_scope):
    grace = person_with_role(org, Role.QUALITY_LEAD, all_services=True, full_name="Grace Okafor")
    no_login = person_with_role(org, Role.STAFF, all_services=True, login=False)
    elsewhere = person_with_role(ServiceFactory().organisation, Role.STAFF, all_services=True)
    client.force_login(admin_scope.user)
    url = reverse("themes:safeguarding-lead")
    assert url in client.get(reverse("themes:queue")).content.decode()
    page = client.get(url).content.decode()
    assert "Grace Okafor" in page and escape(no_login.full_name) not in page
    for refused in (no_login, elsewhere):
        with pytest.raises(ValidationError):
            organisation_set_safeguarding_lead(scope=admin_scope, person_id=refused.id)
    assert client.post(url, {"lead": grace.id}).status_code == 302
    org.refresh_from_db()
    assert org.safeguarding_lead == grace
    [event] = AuditEvent.objects.for_org(org).filter(verb="organisations.organisation.set_safeguarding_lead")
    assert event.changes["safeguarding_lead"]["to"] == "Grace Okafor"


@pytest.mark.parametrize("role", [Role.COMMISSIONER, Role.PARTNER, Role.LEADER, Role.STAFF])
def test_only_roles_that_see_flags_can_be_the_lead(client, org, services, admin_scope, role):
    """The lead reads every flag in the organisation: never a commissioner, a partner who uses the
    service, a board member or a member of staff who may be the person a flag is about."""
    person = person_with_role(org, role, all_services=True, full_name="Helen Brooks")
    manager = person_with_role(org, Role.SERVICE_MANAGER, services=[services[0]], full_name="Tom Hargreaves")
    client.force_login(admin_scope.user)
    page = client.get(reverse("themes:safeguarding-lead")).content.decode()
    assert "Tom Hargreaves" in page and "Helen Brooks" not in page
    with pytest.raises(ValidationError) as refused:
        organisation_set_safeguarding_lead(scope=admin_scope, person_id=person.id)
    assert "administrator, quality lead or service manager" in str(refused.value)
    org.refresh_from_db()
    assert org.safeguarding_lead is None
    assert organisation_set_safeguarding_lead(scope=admin_scope, person_id=manager.id).safeguarding_lead == manager


def test_a_lead_left_without_a_role_that_sees_flags_keeps_no_lead_rights(client, org, services):
    """Named when they could be, then only a commissioner: the name no longer opens the flags."""
    flag = flag_on(org, services, service=services[2])
    helen = person_with_role(org, Role.COMMISSIONER, services=[services[0]])
    Organisation.objects.filter(pk=org.pk).update(safeguarding_lead=helen)
    client.force_login(helen.user)
    assert URGENT not in client.get(reverse("themes:queue")).content.decode()
    assert client.get(reverse("themes:flag", args=[flag.id])).status_code in (403, 404)
    with pytest.raises((PermissionDenied, UrgentFlag.DoesNotExist)):
        urgent_flag_record_action(
            scope=scope_for(user=helen.user, organisation=org), flag_id=flag.id, action="x", closes=True
        )


@pytest.mark.parametrize("lost", ["role", "login"])
def test_a_lead_who_can_no_longer_open_flags_is_not_the_one_told(
    org, services, make_scope, mailoutbox, django_capture_on_commit_callbacks, lost
):
    """Named when they could be, then only a commissioner, or with their login switched off: the
    email and the daily reminder go where someone can open the flag, not to them alone."""
    admin = person_with_role(org, Role.ADMINISTRATOR, all_services=True)
    if lost == "role":
        helen = person_with_role(org, Role.COMMISSIONER, services=[services[0]])
    else:
        helen = person_with_role(org, Role.SERVICE_MANAGER, services=[services[0]])
        helen.user.is_active = False
        helen.user.save(update_fields=["is_active"])
    Organisation.objects.filter(pk=org.pk).update(safeguarding_lead=helen)
    org.refresh_from_db()
    scope = make_scope(Role.STAFF, services=[services[0]])
    with django_capture_on_commit_callbacks(execute=True):
        feedback_record(scope=scope, data=entry(services[0], URGENT))
    [email] = mailoutbox
    assert email.to == [admin.user.email]
    [(person, waiting)] = urgent_waiting(organisation=org, now=clock.now())
    assert person == admin and waiting.told and waiting.open == 1


def test_the_pages_say_who_is_told_when_the_named_lead_cannot_open_flags(client, org, services, lead):
    admin = person_with_role(org, Role.ADMINISTRATOR, all_services=True)
    client.force_login(admin.user)
    queue = client.get(reverse("themes:queue")).content.decode()
    assert "The safeguarding lead is <strong>Grace Okafor</strong>." in queue

    lead.user.is_active = False
    lead.user.save(update_fields=["is_active"])
    queue = client.get(reverse("themes:queue")).content.decode()
    assert "The safeguarding lead is" not in queue
    assert "<strong>Grace Okafor</strong> is named as the safeguarding lead but cannot open flags now" in queue
    item = feedback_record.__wrapped__(
        scope=system_scope(organisation=org), data=entry(services[0], ORDINARY_COMPLAINT)
    )
    sent = client.post(
        reverse("themes:raise", args=[item.id]), {"comment": item.comments.get().id, "reason": "He looked scared."}
    )
    assert sent.status_code == 302
    told = client.get(sent["Location"]).content.decode()
    assert "Administrators and quality leads have been told." in told and "The safeguarding lead has" not in told


def test_without_a_lead_only_administrators_and_quality_leads_who_can_sign_in_are_told(
    org, services, make_scope, mailoutbox, django_capture_on_commit_callbacks
):
    admin = person_with_role(org, Role.ADMINISTRATOR, all_services=True)
    switched_off = person_with_role(org, Role.QUALITY_LEAD, all_services=True)
    switched_off.user.is_active = False
    switched_off.user.save(update_fields=["is_active"])
    person_with_role(org, Role.QUALITY_LEAD, all_services=True, login=False, email="no.login@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        feedback_record(scope=make_scope(Role.STAFF, services=[services[0]]), data=entry(services[0], URGENT))
    [email] = mailoutbox
    assert email.to == [admin.user.email]


def test_only_administrators_name_the_lead(client, org, services):
    quality = person_with_role(org, Role.QUALITY_LEAD, all_services=True)
    client.force_login(quality.user)
    assert client.get(reverse("themes:safeguarding-lead")).status_code == 403


def test_the_demo_has_a_lead_and_a_handful_of_urgent_flags(db):
    northgate = demo_build(seed=2026)[0].organisation
    feedback_demo_build(organisation=northgate, seed=2026, until=dt.date(2026, 11, 26))
    northgate.refresh_from_db()
    assert northgate.safeguarding_lead.full_name == "Grace Okafor"
    assert 2 <= flags(northgate).count() <= 15
