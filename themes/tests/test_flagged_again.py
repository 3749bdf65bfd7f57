"""A comment has at most one open urgent flag: flagging it by hand while its flag is open adds the
reason to that flag, and tells nobody twice; once its flags are closed, it may be flagged again (ADR
0007)."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from core.models import AuditEvent
from feedback.models import Comment, Feedback
from feedback.services import feedback_record
from organisations.roles import Role
from organisations.scope import scope_for, system_scope
from organisations.tests.factories import person_with_role
from themes import selectors
from themes.models import DetectedBy, FlagStatus, UrgentFlag
from themes.reminders import urgent_waiting
from themes.services import urgent_flag_raise, urgent_flag_record_action
from themes.services.urgent_imports import urgent_recheck_record
from themes.tests.test_urgent_flags import ORDINARY_COMPLAINT, URGENT, entry, flag_on
from themes.urgent import UrgentAssessment

WORRY = "I saw him flinch when the night carer came in."


def test_flagging_by_hand_a_comment_whose_flag_is_open_adds_the_reason_to_it_and_emails_nobody(
    org, services, lead, mailoutbox, django_capture_on_commit_callbacks
):
    flag = flag_on(org, services)
    staff = person_with_role(org, Role.STAFF, services=[services[0]], full_name="Aisha Rahman")
    with django_capture_on_commit_callbacks(execute=True):
        raised = urgent_flag_raise(
            scope=scope_for(user=staff.user, organisation=org), comment_id=flag.comment_id, reason=f"  {WORRY} "
        )
    assert raised.added_to_open_flag and raised.flag.pk == flag.pk
    assert UrgentFlag.objects.for_org(org).count() == 1
    [concern] = flag.actions.all()
    assert (concern.action, concern.who, concern.adds_concern, concern.closes) == (WORRY, staff, True, False)
    assert mailoutbox == []  # the lead was told when the flag was raised; the reason is on it
    assert (
        AuditEvent.objects.for_org(org).filter(verb="themes.urgent_flag.add_concern", object_id=str(flag.id)).exists()
    )
    flag.refresh_from_db()
    assert flag.status == FlagStatus.OPEN


def test_a_concern_added_is_not_something_done_so_the_flag_still_escalates(org, services, lead):
    flag = flag_on(org, services)
    manager = person_with_role(org, Role.SERVICE_MANAGER, services=[services[0]], full_name="Tom Hargreaves")
    urgent_flag_raise(scope=scope_for(user=manager.user, organisation=org), comment_id=flag.comment_id, reason=WORRY)
    scope = scope_for(user=lead.user, organisation=org)
    [queued] = selectors.urgent_queue(scope=scope)
    assert not queued.acted_on and queued.last_note_at is None
    two_days_on = flag.detected_at + dt.timedelta(days=2)
    waiting = {person.full_name: w for person, w in urgent_waiting(organisation=org, now=two_days_on)}
    assert waiting["Tom Hargreaves"].unacted == 1

    urgent_flag_record_action(scope=scope, flag_id=flag.id, action="Rang the night manager.", closes=False)
    waiting = {person.full_name: w for person, w in urgent_waiting(organisation=org, now=two_days_on)}
    assert "Tom Hargreaves" not in waiting


def test_a_comment_whose_flag_is_closed_may_be_flagged_again_as_a_new_concern(
    org, services, lead, mailoutbox, django_capture_on_commit_callbacks
):
    flag = flag_on(org, services)
    scope = scope_for(user=lead.user, organisation=org)
    urgent_flag_record_action(scope=scope, flag_id=flag.id, action="Referral made; he is safe.", closes=True)
    with django_capture_on_commit_callbacks(execute=True):
        raised = urgent_flag_raise(scope=scope, comment_id=flag.comment_id, reason="His daughter rang: new bruises.")
    assert not raised.added_to_open_flag and raised.flag.pk != flag.pk
    assert raised.flag.status == FlagStatus.OPEN and raised.flag.detected_by == DetectedBy.PERSON
    assert raised.flag.reasons == ["raised by hand by Grace Okafor: His daughter rang: new bruises."]
    assert UrgentFlag.objects.for_org(org).filter(comment=flag.comment).count() == 2
    [email] = mailoutbox
    assert reverse("themes:flag", args=[raised.flag.pk]) in email.body


# --- the feedback page ----------------------------------------------------------------------


def test_the_feedback_page_shows_the_open_flag_instead_of_offering_to_raise_another(client, org, services, lead):
    flag = flag_on(org, services)
    client.force_login(lead.user)
    url = reverse("feedback:detail", args=[flag.comment.feedback_id])
    page = client.get(url).content.decode()
    assert "Urgent flag open" in page and reverse("themes:flag", args=[flag.id]) in page
    assert "Flag as urgent" not in page and "This comment has an open urgent flag" in page

    # A page opened before the flag was raised still posts: the reason joins the open flag.
    sent = client.post(
        reverse("themes:raise", args=[flag.comment.feedback_id]), {"comment": flag.comment_id, "reason": WORRY}
    )
    assert sent.status_code == 302 and sent["Location"] == url
    after = client.get(url).content.decode()
    assert "This comment already has an open urgent flag; your reason was added to it." in after
    assert UrgentFlag.objects.for_org(org).count() == 1
    flag_page = client.get(reverse("themes:flag", args=[flag.id])).content.decode()
    assert WORRY in flag_page and "(flagged this comment too, saying why)" in flag_page

    urgent_flag_record_action(
        scope=scope_for(user=lead.user, organisation=org), flag_id=flag.id, action="Referral made.", closes=True
    )
    closed = client.get(url).content.decode()
    assert "Urgent flag closed" in closed and "Flag as urgent" in closed  # a new concern may be raised


def test_of_two_comments_only_the_one_without_an_open_flag_is_offered(client, org, services, lead):
    item = feedback_record.__wrapped__(
        scope=system_scope(organisation=org),
        data=entry(
            services[0], URGENT, comments=[("What was good?", ORDINARY_COMPLAINT), ("What could be better?", URGENT)]
        ),
    )
    flagged = UrgentFlag.objects.for_org(org).get(comment__feedback=item)
    other = item.comments.exclude(pk=flagged.comment_id).get()
    client.force_login(lead.user)
    page = client.get(reverse("feedback:detail", args=[item.id])).content.decode()
    assert f'name="comment" value="{other.id}"' in page
    assert f'name="comment" value="{flagged.comment_id}"' not in page
    assert f'id="urgent-comment-{flagged.comment_id}"' not in page


def test_a_false_alarm_shows_as_such_to_the_lead_and_as_nothing_to_staff_who_read_it(client, org, services, lead):
    flag = flag_on(org, services)
    urgent_flag_record_action(
        scope=scope_for(user=lead.user, organisation=org),
        flag_id=flag.id,
        action="A win at bingo, not a bruise.",
        closes=True,
        not_a_concern=True,
    )
    url = reverse("feedback:detail", args=[flag.comment.feedback_id])
    client.force_login(lead.user)
    seen = client.get(url).content.decode()
    assert "Urgent flag closed: not a safeguarding concern" in seen and reverse("themes:flag", args=[flag.id]) in seen

    staff = person_with_role(org, Role.STAFF, services=[services[0]])
    client.force_login(staff.user)
    page = client.get(url)
    assert page.status_code == 200  # no longer withheld (ADR 0007)...
    body = page.content.decode()
    assert "Urgent flag" not in body and reverse("themes:flag", args=[flag.id]) not in body  # ...nor its flag shown
    assert "Flag as urgent" in body


def test_an_old_flag_is_not_opened_again_beside_the_open_one(org, services, lead):
    flag = flag_on(org, services)
    scope = scope_for(user=lead.user, organisation=org)
    urgent_flag_record_action(scope=scope, flag_id=flag.id, action="Referral made; he is safe.", closes=True)
    newer = urgent_flag_raise(scope=scope, comment_id=flag.comment_id, reason="New bruises, his daughter says.").flag
    with pytest.raises(ValidationError, match=f"another open flag \\(Urgent flag {newer.id}\\)"):
        urgent_flag_record_action(scope=scope, flag_id=flag.id, action="Opening again.", closes=False, reopens=True)
    flag.refresh_from_db()
    assert flag.status == FlagStatus.CLOSED


def test_the_database_itself_refuses_a_second_open_flag_on_a_comment(org, services):
    flag = flag_on(org, services)
    second = UrgentFlag(
        organisation=org,
        comment=flag.comment,
        reasons=["a second flag written around the service"],
        detected_at=flag.detected_at,
        detected_by=DetectedBy.RULES,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        second.save()
    second.status = FlagStatus.CLOSED  # a closed flag beside the open one is history, and allowed
    second.save()
    assert UrgentFlag.objects.for_org(org).filter(comment=flag.comment).count() == 2


def test_the_models_second_look_leaves_alone_a_comment_flagged_by_hand_while_it_read(
    org, services, lead, mailoutbox, django_capture_on_commit_callbacks
):
    scope = system_scope(organisation=org)
    item = feedback_record.__wrapped__(scope=scope, data=entry(services[0], ORDINARY_COMPLAINT))
    other = feedback_record.__wrapped__(scope=scope, data=entry(services[1], "The garden is lovely in the summer."))
    comment, missed = item.comments.get(), other.comments.get()
    assert not UrgentFlag.objects.for_org(org).exists()
    Feedback.objects.for_org(org).filter(pk__in=[item.pk, other.pk]).update(urgent_check_pending=True)
    # The model read both; before it recorded what it found, Grace flagged the first by hand.
    by_hand = urgent_flag_raise(
        scope=scope_for(user=lead.user, organisation=org), comment_id=comment.id, reason=WORRY
    ).flag
    looked = UrgentAssessment(
        urgent=True, reasons=["possible safeguarding concern (model 90%)"], categories=["neglect"], score=0.9
    )
    with django_capture_on_commit_callbacks(execute=True):
        raised = urgent_recheck_record(
            scope=scope, found=[(comment, looked), (missed, looked)], checked_feedback_ids=[item.pk, other.pk]
        )
    assert raised == 1
    assert list(UrgentFlag.objects.for_org(org).filter(comment=comment)) == [by_hand]
    assert UrgentFlag.objects.for_org(org).get(comment=missed).detected_by == DetectedBy.MODEL
    assert not Feedback.objects.for_org(org).filter(pk__in=[item.pk, other.pk], urgent_check_pending=True).exists()


# --- a second person who had the comment open ------------------------------------------------
#
# Once flagged, the feedback is withheld from people who may not see flags (ADR 0007). A member of
# staff who had it open and flags it too must not lose their reason, nor learn that it was flagged.

ORDINARY = "She seemed quieter than usual after the weekend."


def _staff_with_feedback_open(client, org, services):
    """Aisha, staff at the first service, with a piece of ordinary feedback of it open."""
    staff = person_with_role(org, Role.STAFF, services=[services[0]], full_name="Aisha Rahman")
    item = feedback_record.__wrapped__(scope=system_scope(organisation=org), data=entry(services[0], ORDINARY))
    client.force_login(staff.user)
    assert client.get(reverse("feedback:detail", args=[item.id])).status_code == 200
    return staff, item


def _told(client, response) -> str:
    page = client.get(response["Location"]).content.decode()
    return page[page.index("The comment has been flagged") :].split("<", 1)[0].strip()


def test_staff_who_flag_a_comment_someone_flagged_meanwhile_add_their_reason_and_are_told_as_if_first(
    client, org, services, lead, mailoutbox, django_capture_on_commit_callbacks
):
    staff, item = _staff_with_feedback_open(client, org, services)
    comment = item.comments.get()
    # Meanwhile the lead flags it: the feedback is withheld from Aisha from now on.
    with django_capture_on_commit_callbacks(execute=True):
        flag = urgent_flag_raise(
            scope=scope_for(user=lead.user, organisation=org), comment_id=comment.id, reason="Her son rang."
        ).flag
    assert client.get(reverse("feedback:detail", args=[item.id])).status_code == 404
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        second = client.post(reverse("themes:raise", args=[item.id]), {"comment": comment.id, "reason": WORRY})
    assert second.status_code == 302 and second["Location"] == reverse("feedback:list")
    told_second = _told(client, second)
    assert UrgentFlag.objects.for_org(org).filter(comment=comment).count() == 1
    [concern] = flag.actions.all()
    assert (concern.action, concern.who, concern.adds_concern) == (WORRY, staff, True)
    assert AuditEvent.objects.for_org(org).filter(verb="themes.urgent_flag.add_concern").count() == 1
    assert mailoutbox == []  # the lead was told when it was flagged; the daily reminder chases it

    # A comment nobody had flagged gives her the very same answer.
    _, fresh = _staff_with_feedback_open(client, org, services)
    first = client.post(reverse("themes:raise", args=[fresh.id]), {"comment": fresh.comments.get().id, "reason": WORRY})
    assert first.status_code == 302 and first["Location"] == second["Location"]
    assert _told(client, first) == told_second
    assert told_second.startswith("The comment has been flagged as urgent. The safeguarding lead has been told.")


def test_a_reason_left_out_after_the_comment_was_flagged_is_asked_for_without_showing_the_comment(
    client, org, services, lead
):
    _, item = _staff_with_feedback_open(client, org, services)
    comment = item.comments.get()
    urgent_flag_raise(scope=scope_for(user=lead.user, organisation=org), comment_id=comment.id, reason="Her son rang.")
    refused = client.post(reverse("themes:raise", args=[item.id]), {"comment": comment.id, "reason": " "})
    assert refused.status_code == 400
    page = refused.content.decode()
    assert "Say why this comment needs urgent attention." in page
    assert ORDINARY not in page and f'name="comment" value="{comment.id}"' in page
    sent = client.post(reverse("themes:raise", args=[item.id]), {"comment": comment.id, "reason": WORRY})
    assert sent.status_code == 302
    assert UrgentFlag.objects.for_org(org).get(comment=comment).actions.get().action == WORRY


def test_a_withheld_comment_at_a_service_the_person_does_not_work_at_is_not_found(client, org, services, lead):
    flag = flag_on(org, services, service=services[1])
    elsewhere = person_with_role(org, Role.STAFF, services=[services[0]])
    client.force_login(elsewhere.user)
    url = reverse("themes:raise", args=[flag.comment.feedback_id])
    assert client.post(url, {"comment": flag.comment_id, "reason": WORRY}).status_code == 404
    with pytest.raises(Comment.DoesNotExist):
        urgent_flag_raise(
            scope=scope_for(user=elsewhere.user, organisation=org), comment_id=flag.comment_id, reason=WORRY
        )
    assert not flag.actions.exists()


def test_feedback_waiting_for_the_urgent_check_was_never_readable_so_is_not_found(client, org, services, lead):
    staff = person_with_role(org, Role.STAFF, services=[services[0]])
    item = feedback_record.__wrapped__(scope=system_scope(organisation=org), data=entry(services[0], ORDINARY))
    Feedback.objects.for_org(org).filter(pk=item.pk).update(urgent_check_pending=True)
    comment = item.comments.get()
    client.force_login(staff.user)
    url = reverse("themes:raise", args=[item.id])
    assert client.post(url, {"comment": comment.id, "reason": WORRY}).status_code == 404
    with pytest.raises(Comment.DoesNotExist):
        urgent_flag_raise(scope=scope_for(user=staff.user, organisation=org), comment_id=comment.id, reason=WORRY)
    assert not UrgentFlag.objects.for_org(org).exists()
    # The lead, who may read it, may flag it.
    assert urgent_flag_raise(scope=scope_for(user=lead.user, organisation=org), comment_id=comment.id, reason=WORRY)


def test_a_reason_added_to_an_open_flag_says_who_new_flags_go_to(org, services, lead):
    flag = flag_on(org, services)
    staff = person_with_role(org, Role.STAFF, services=[services[0]])
    raised = urgent_flag_raise(
        scope=scope_for(user=staff.user, organisation=org), comment_id=flag.comment_id, reason=WORRY
    )
    assert raised.added_to_open_flag and raised.lead_told
    org.safeguarding_lead = None
    org.save(update_fields=["safeguarding_lead"])
    again = urgent_flag_raise(
        scope=scope_for(user=staff.user, organisation=org), comment_id=flag.comment_id, reason="More."
    )
    assert again.added_to_open_flag and not again.lead_told


@pytest.mark.parametrize("already_flagged", [True, False])
def test_a_reason_longer_than_the_form_allows_is_refused_not_cut_short(org, services, lead, already_flagged):
    flag = flag_on(org, services)
    if not already_flagged:
        urgent_flag_record_action(
            scope=scope_for(user=lead.user, organisation=org), flag_id=flag.id, action="Safe now.", closes=True
        )
    staff = person_with_role(org, Role.STAFF, services=[services[0]], full_name="Aisha Rahman")
    with pytest.raises(ValidationError) as refused:
        urgent_flag_raise(
            scope=scope_for(user=staff.user, organisation=org), comment_id=flag.comment_id, reason="x" * 501
        )
    assert "reason" in refused.value.message_dict
    assert not flag.actions.filter(adds_concern=True).exists()
    assert UrgentFlag.objects.for_org(org).filter(comment_id=flag.comment_id).count() == 1
