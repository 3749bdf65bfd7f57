"""A reply someone asked for is late once the organisation's target day has passed with no reply
recorded: 3 working days for a complaint unless an administrator changes it, and none for other
feedback unless one is set. Weekends and bank holidays are not counted. The list of feedback tags it
and filters by it, and the feedback's page says so, only to those who may reply."""

import datetime as dt
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from core import clock
from core.working_days import working_days_after
from feedback import selectors
from feedback.erasure import feedback_anonymise
from feedback.models import Feedback, Kind, ReplyMethod
from feedback.redaction import redact
from feedback.reply_targets import (
    ReplyTargets,
    TargetHistory,
    past_target,
    reply_due_on,
    reply_targets,
    reply_timeliness,
    target_day,
)
from feedback.services import ReplyInput, reply_record
from feedback.tests.asked import asked_for_reply
from organisations.roles import Role
from organisations.scope import scope_for
from organisations.tests.factories import person_with_role

MONDAY = dt.date(2026, 11, 30)
COMPLAINT = "Nobody answered the bell for an hour and my father was left on the floor"


def given(org, service, *, received_on, kind=Kind.COMPLAINT, wants_reply=True):
    return asked_for_reply(
        org,
        service,
        received_on=received_on,
        text=COMPLAINT,
        contact="Ruth Bellamy, 07700 900456",
        kind=kind,
        wants_reply=wants_reply,
    )


def scope_as(org, role, **roles):
    return scope_for(user=person_with_role(org, role, **roles).user, organisation=org)


def replied(org, feedback, *, on):
    reply_record(
        scope=scope_as(org, Role.QUALITY_LEAD, all_services=True),
        feedback_id=feedback.id,
        data=ReplyInput(method=ReplyMethod.PHONE, replied_on=on, note=""),
    )


# --- the target day --------------------------------------------------------------------------------


def test_the_target_day_counts_working_days_from_the_day_after():
    assert reply_due_on(MONDAY, days=3) == dt.date(2026, 12, 3)  # Thursday
    assert reply_due_on(dt.date(2026, 12, 4), days=3) == dt.date(2026, 12, 9)  # Friday to Wednesday
    assert reply_due_on(dt.date(2026, 12, 5), days=3) == dt.date(2026, 12, 9)  # Saturday to Wednesday too
    # Christmas Day, and Boxing Day's day in lieu (it falls on a Saturday in 2026), are not counted.
    assert reply_due_on(dt.date(2026, 12, 23), days=3) == dt.date(2026, 12, 30)
    assert reply_due_on(MONDAY, days=10) == dt.date(2026, 12, 14)


def test_past_its_target_exactly_when_the_target_day_is_before_the_day_read(org, services):
    """The condition the list, packs and reports filter by says the same as the target day, every day
    of a stretch with weekends and Christmas in it."""
    org.reply_complaint_days, org.reply_other_days = 3, 10
    targets = reply_targets(org)
    first = dt.date(2025, 12, 1)  # Christmas 2025 falls on a Thursday
    days = [first + dt.timedelta(days=n) for n in range(45)]
    made = {
        (kind, day): given(org, services[0], received_on=day, kind=kind)
        for kind in (Kind.COMPLAINT, Kind.FEEDBACK)
        for day in days
    }

    for on in days[::3]:
        found = set(Feedback.objects.for_org(org).filter(past_target(targets, on=on)).values_list("pk", flat=True))
        expected = {
            feedback.pk
            for (kind, day), feedback in made.items()
            if target_day(targets, kind=kind, received_on=day) < on
        }
        assert found == expected, on
    # And the target day is the day the number of working days has passed.
    for day in days:
        due = reply_due_on(day, days=3)
        assert (
            working_days_after(day, until=due) == 3 and working_days_after(day, until=due - dt.timedelta(days=1)) == 2
        )


def test_other_feedback_has_no_target_unless_one_is_set():
    none = TargetHistory.always(ReplyTargets(complaint_days=3, other_days=None))
    assert target_day(none, kind=Kind.FEEDBACK, received_on=MONDAY) is None
    assert target_day(none, kind=Kind.COMPLAINT, received_on=MONDAY) == dt.date(2026, 12, 3)
    ten = TargetHistory.always(ReplyTargets(complaint_days=3, other_days=10))
    assert target_day(ten, kind=Kind.COMPLIMENT, received_on=MONDAY) == dt.date(2026, 12, 14)


# --- who is late -----------------------------------------------------------------------------------


@pytest.fixture
def waiting(org, services):
    """At Rowan House: a complaint given 30 days ago (late), one given today (not yet due), other
    feedback given 30 days ago (no target), a complaint given 30 days ago and replied to the next day,
    and a complaint given 30 days ago by someone who did not ask for a reply."""
    rowan = services[0]
    today = clock.today()
    old = today - dt.timedelta(days=30)
    answered = given(org, rowan, received_on=old)
    replied(org, answered, on=old + dt.timedelta(days=1))
    return {
        "late": given(org, rowan, received_on=old),
        "today": given(org, rowan, received_on=today),
        "other": given(org, rowan, received_on=old, kind=Kind.FEEDBACK),
        "answered": answered,
        "not asked": given(org, rowan, received_on=old, wants_reply=False),
    }


def test_a_complaint_past_its_target_is_late_and_nothing_else_is(org, services, waiting):
    manager = scope_as(org, Role.SERVICE_MANAGER, services=[services[0]])
    today = clock.today()
    assert list(selectors.replies_late(scope=manager, on=today)) == [waiting["late"]]
    assert selectors.replies_owed(scope=manager, on=today).late == 1

    org.reply_other_days = 10
    org.save(update_fields=["reply_other_days"])
    manager = scope_as(org, Role.SERVICE_MANAGER, services=[services[0]])
    assert set(selectors.replies_late(scope=manager, on=today)) == {waiting["late"], waiting["other"]}
    # The day the oldest were given, nothing was late yet.
    assert not selectors.replies_late(scope=manager, on=today - dt.timedelta(days=30)).exists()


def test_nobody_else_learns_who_is_late(org, services, waiting):
    today = clock.today()
    staff = scope_as(org, Role.STAFF, services=[services[0]])
    other_manager = scope_as(org, Role.SERVICE_MANAGER, services=[services[1]])
    assert not selectors.replies_late(scope=staff, on=today).exists()
    assert not selectors.replies_late(scope=other_manager, on=today).exists()
    late = selectors.FeedbackFilters(reply="late", today=today)
    assert not selectors.feedback_list(scope=staff, filters=late).exists()


def anonymised(org, feedback, *, on: dt.date):
    feedback_anonymise(
        scope=scope_as(org, Role.QUALITY_LEAD, all_services=True),
        feedback_id=feedback.pk,
        reason="They asked us to",
        texts={c.pk: redact(c.text).text for c in feedback.comments.all()},
        now=timezone.make_aware(dt.datetime.combine(on, dt.time(11, 30))),
    )


def test_feedback_made_anonymous_is_waiting_for_nobody_but_a_reply_already_late_stays_late(org, services, waiting):
    """Made anonymous today, the complaint given 30 days ago waits for nobody, so it is not on the list
    of those late; but its target day had passed with no reply, so the period still counts it late. The
    complaint given today, made anonymous before its target day, is not counted as asking for a reply."""
    quality_lead = scope_as(org, Role.QUALITY_LEAD, all_services=True)
    today = clock.today()
    anonymised(org, waiting["late"], on=today)
    anonymised(org, waiting["today"], on=today)
    assert not selectors.replies_late(scope=quality_lead, on=today).exists()
    assert selectors.replies_owed(scope=quality_lead, on=today).late == 0
    counted = _complaints_counted(org, on=today)
    assert (counted.received, counted.asked, counted.in_time, counted.late, counted.not_yet_due) == (4, 2, 1, 1, 0)
    # As it stood the day before, when it could still be replied to: late, as it was then.
    before = _complaints_counted(org, on=today - dt.timedelta(days=1))
    assert (before.in_time, before.late) == (1, 1)


def test_made_anonymous_on_or_before_its_target_day_leaves_the_count_after_not_before(org, services):
    """Given on a Monday with a target of 3 working days (due on the Thursday): one made anonymous on
    its target day is not counted from then on, as nobody could be replied to late; one made anonymous
    the day after it, with no reply by then, was late and stays late. A pack made as at a day before
    either was made anonymous counts both as it did then."""
    rowan = services[0]
    monday = dt.date(2026, 11, 2)
    due = reply_due_on(monday, days=3)
    assert due == dt.date(2026, 11, 5)
    on_its_day = given(org, rowan, received_on=monday)
    after_it = given(org, rowan, received_on=monday)
    anonymised(org, on_its_day, on=due)
    anonymised(org, after_it, on=due + dt.timedelta(days=1))

    def counted(on):
        c = reply_timeliness(
            Feedback.objects.for_org(org), organisation=org, kind=Kind.COMPLAINT, first=monday, last=monday, on=on
        )
        return c.asked, c.in_time, c.late, c.not_yet_due

    assert counted(dt.date(2026, 11, 30)) == (1, 0, 1, 0)
    assert counted(due + dt.timedelta(days=1)) == (1, 0, 1, 0)
    # On its target day both could be replied to still; the day after, one of them was late.
    assert counted(due - dt.timedelta(days=1)) == (2, 0, 0, 2)
    assert counted(due) == (1, 0, 0, 1)


# --- a change of target holds from the day it is made -----------------------------------------------


def test_a_changed_target_holds_for_feedback_given_from_that_day_and_not_before(client, org, services):
    """Complaints had 20 working days until an administrator made it 10 today. One given 60 days ago and
    answered after 15 working days was answered in time; one given 11 working days ago is not yet due;
    one given today is due in 10 working days. The list, the feedback's page, the agenda pack's count and
    the period's count all say so."""
    org.reply_complaint_days = 20
    org.save(update_fields=["reply_complaint_days"])
    rowan = services[0]
    today = clock.today()
    old = today - dt.timedelta(days=60)
    answered = given(org, rowan, received_on=old)
    replied(org, answered, on=reply_due_on(old, days=15))
    recent = today
    while reply_due_on(recent, days=10) >= today:
        recent -= dt.timedelta(days=1)
    waiting_still = given(org, rowan, received_on=recent)
    new = given(org, rowan, received_on=today)

    admin = person_with_role(org, Role.ADMINISTRATOR, all_services=True)
    client.force_login(admin.user)
    client.post(
        reverse("organisations:settings"),
        {"reply_contact_keep_days": "90", "reply_complaint_days": "10", "reply_other_days": ""},
    )
    org.refresh_from_db()
    assert org.reply_complaint_days == 10

    manager = scope_as(org, Role.SERVICE_MANAGER, services=[rowan])
    assert not selectors.replies_late(scope=manager, on=today).exists()
    assert selectors.replies_owed(scope=manager, on=today).late == 0
    counted = reply_timeliness(
        Feedback.objects.for_org(org), organisation=org, kind=Kind.COMPLAINT, first=old, last=today, on=today
    )
    assert (counted.asked, counted.in_time, counted.late, counted.not_yet_due) == (3, 1, 0, 2)

    client.force_login(manager.person.user)
    text = html.unescape(client.get(reverse("feedback:list")).content.decode())
    assert ">Late</strong>" not in text
    page = html.unescape(client.get(reverse("feedback:detail", args=[waiting_still.id])).content.decode())
    assert f"The reply is due by {reply_due_on(recent, days=20):%-d %B %Y}" in page
    page = html.unescape(client.get(reverse("feedback:detail", args=[new.id])).content.decode())
    assert f"The reply is due by {reply_due_on(today, days=10):%-d %B %Y}" in page


def test_a_reply_after_the_target_day_counts_as_late_in_the_period(org, services, waiting):
    today = clock.today()
    replied(org, waiting["late"], on=today)
    counted = _complaints_counted(org, on=today)
    assert (counted.received, counted.asked, counted.in_time, counted.late, counted.not_yet_due) == (4, 3, 1, 1, 1)
    assert counted.share_in_time == 50.0
    # As it stood the day before that reply, the same complaint was late and still waiting.
    before = _complaints_counted(org, on=today - dt.timedelta(days=1))
    assert (before.in_time, before.late) == (1, 1)


# --- the pages -------------------------------------------------------------------------------------


def test_the_list_tags_a_late_reply_and_filters_by_it(client, org, services, waiting):
    manager = person_with_role(org, Role.SERVICE_MANAGER, services=[services[0]])
    client.force_login(manager.user)
    url = reverse("feedback:list")
    text = html.unescape(client.get(url).content.decode())
    assert text.count(">Late</strong>") == 1
    assert "1 of them is late: the reply target has passed with no reply recorded." in text
    due = reply_due_on(waiting["late"].received_on, days=3)
    assert f"due {due:%-d %B %Y}" in text

    text = html.unescape(client.get(url, {"reply": "late"}).content.decode())
    assert "1 piece of feedback" in text and "Late: waiting past the reply target" in text
    assert f'href="{reverse("feedback:detail", args=[waiting["late"].id])}' in text
    assert "See who is late for a reply" not in text  # this is that list

    page = html.unescape(client.get(reverse("feedback:detail", args=[waiting["late"].id])).content.decode())
    assert ">Late</strong>" in page and f"The reply was due by {due:%-d %B %Y}" in page and "it is late" in page
    page = html.unescape(client.get(reverse("feedback:detail", args=[waiting["today"].id])).content.decode())
    assert ">Late</strong>" not in page
    assert f"The reply is due by {reply_due_on(clock.today(), days=3):%-d %B %Y}" in page


def test_staff_who_may_not_reply_see_no_late_tag_nor_filter(client, org, services, waiting):
    staff = person_with_role(org, Role.STAFF, services=[services[0]])
    client.force_login(staff.user)
    text = html.unescape(client.get(reverse("feedback:list")).content.decode())
    assert ">Late</strong>" not in text and "Late: waiting past the reply target" not in text
    response = client.get(reverse("feedback:list"), {"reply": "late"})
    assert "No feedback matches" in response.content.decode()
    page = client.get(reverse("feedback:detail", args=[waiting["late"].id])).content.decode()
    assert ">Late</strong>" not in page and "The reply was due" not in page


def _complaints_counted(org, *, on):
    """Replies to complaints received in the forty days to today, as counted on the day ``on``."""
    today = clock.today()
    return reply_timeliness(
        Feedback.objects.for_org(org),
        organisation=org,
        kind=Kind.COMPLAINT,
        first=today - dt.timedelta(days=40),
        last=today,
        on=on,
    )
