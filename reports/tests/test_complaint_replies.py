"""Replies to complaints in the monthly quality and safety pack and the commissioner report: complaints
received, how many asked for a reply, how many had one within the organisation's target and the share,
counts only. The list of feedback, the agenda pack, "Yours to do" and the reports read one rule for
"late", so on the same data they agree."""

import datetime as dt
import html
import re

import pytest
from django.utils import timezone

from core import clock
from feedback import selectors as feedback_selectors
from feedback.erasure import feedback_anonymise
from feedback.models import Kind, ReplyMethod
from feedback.redaction import redact
from feedback.reply_targets import reply_due_on
from feedback.services import ReplyInput, reply_record
from feedback.tests.asked import asked_for_reply
from governance import services as gov
from governance.packs import agenda_pack
from governance.selectors import meeting_get
from organisations.models import Organisation
from organisations.roles import Role
from organisations.scope import scope_for
from organisations.services import organisation_settings_update
from organisations.tests.factories import person_with_role
from reports.commissioner import commissioner_report
from reports.monthly import monthly_pack
from reports.quarters import quarter_start

CONTACT = "07700 900321"
GIVER = "Beryl Oduya"
SAID = "The night staff laughed at my brother when he asked for help"


def _complaint(org, service, *, received_on, wants_reply=True, kind=Kind.COMPLAINT):
    return asked_for_reply(
        org,
        service,
        received_on=received_on,
        text=SAID,
        contact=f"{GIVER}, {CONTACT}",
        kind=kind,
        wants_reply=wants_reply,
    )


def _reply(team, feedback, *, on):
    reply_record(
        scope=team.scope("manager"),
        feedback_id=feedback.id,
        data=ReplyInput(method=ReplyMethod.PHONE, replied_on=on, note=""),
    )


# The first working day of last month: its complaints are well past their target today, and their
# target day is within the month.
def _month_before(today: dt.date) -> dt.date:
    return (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


@pytest.fixture
def month(org, services, team):
    """Last month at Rowan House: five complaints, four asking for a reply (one answered on its target
    day, one answered the day after it, two never), one not asking; a compliment asking for a reply;
    and at Beech Court one complaint never answered."""
    rowan, beech = services[0], services[1]
    first = _month_before(clock.today())
    day = first + dt.timedelta(days=1)
    due = reply_due_on(day, days=3)
    in_time = _complaint(org, rowan, received_on=day)
    _reply(team, in_time, on=due)
    late_reply = _complaint(org, rowan, received_on=day)
    _reply(team, late_reply, on=due + dt.timedelta(days=1))
    waiting = [_complaint(org, rowan, received_on=day), _complaint(org, rowan, received_on=first)]
    _complaint(org, rowan, received_on=day, wants_reply=False)
    _complaint(org, rowan, received_on=day, kind=Kind.COMPLIMENT)
    _complaint(org, beech, received_on=day)
    return {"first": first, "waiting": waiting}


def _counts(section) -> dict:
    return {row[0]: row[1] for row in section.tables[0].rows}


def test_the_monthly_pack_counts_replies_to_complaints_within_the_target(services, team, month):
    now = timezone.now()
    pack = monthly_pack(scope=team.scope("quality"), month=month["first"], service=services[0], now=now)
    section = pack.section("complaint-replies")
    counts = _counts(section)
    assert counts["Complaints received"] == 5
    assert counts["Asked for a reply"] == 4
    assert counts["Replied to within 3 working days of the complaint"] == 1
    assert counts["Late: no reply recorded by the target day"] == 3
    assert counts["Not yet due"] == 0
    assert counts["Replied to in time, % of those due"] == 25.0
    assert "1 replied to within it, 3 late. 25.0% of those due by then were replied to in time." in " ".join(
        section.paragraphs
    )


def test_the_commissioner_report_counts_the_same_and_names_nobody(client, org, services, team, month):
    now = timezone.now()
    report = commissioner_report(scope=team.scope("commissioner"), quarter=quarter_start(month["first"]), now=now)
    counts = _counts(report.section("complaint-replies"))
    # The commissioner commissions Rowan House only: Beech Court's complaint is not theirs. The quarter
    # holds last month, and this month's days so far when it is the same quarter, which have no complaint.
    assert (counts["Complaints received"], counts["Asked for a reply"]) == (5, 4)
    assert counts["Replied to within 3 working days of the complaint"] == 1
    assert counts["Late: no reply recorded by the target day"] == 3
    client.force_login(team.commissioner.user)
    key = f"{month['first'].year}-Q{(month['first'].month - 1) // 3 + 1}"
    page = html.unescape(client.get(f"/reports/commissioner/?quarter={key}").content.decode())
    main = re.search(r"<main.*</main>", page, re.S).group(0)
    assert "Replies to complaints" in main
    for personal in (CONTACT, GIVER, SAID):
        assert personal not in main


def test_the_list_the_agenda_pack_yours_to_do_and_the_report_agree(client, org, services, team, month):
    """Today, with nobody replying any more: the two complaints still waiting are late on the list of
    feedback, in the agenda pack of a meeting held today and on the manager's home page; and the
    report counts them among its late, beside the one answered after its target day."""
    today = clock.today()
    rowan = services[0]
    manager = team.scope("manager")
    on_list = set(feedback_selectors.replies_late(scope=manager, on=today))
    assert on_list == set(month["waiting"])
    listed = feedback_selectors.feedback_list(
        scope=manager, filters=feedback_selectors.FeedbackFilters(reply="late", today=today, service_id=rowan.id)
    )
    assert set(listed) == on_list

    meeting = gov.meeting_create(
        scope=team.scope("quality"), meeting_type="quality_safety", service_id=rowan.id, held_on=today
    )
    pack = agenda_pack(scope=manager, meeting=meeting_get(scope=manager, meeting_id=meeting.id), today=today)
    assert pack.replies.late == len(on_list) == 2

    report = monthly_pack(scope=team.scope("quality"), month=month["first"], service=rowan, now=timezone.now())
    counts = _counts(report.section("complaint-replies"))
    assert counts["Late: no reply recorded by the target day"] == len(on_list) + 1  # and the one answered late

    client.force_login(team.manager.user)
    home = html.unescape(client.get("/").content.decode())
    assert "2 of them are past the reply target." in re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", home))


# --- a pack made again says what it said -------------------------------------------------------------


def _targets_changed(org, *, complaint_days, on: dt.date | None = None):
    """An administrator changes the complaint target, today or on the day ``on``."""
    admin = person_with_role(org, Role.ADMINISTRATOR, all_services=True)
    when = {} if on is None else {"now": timezone.make_aware(dt.datetime.combine(on, dt.time(9, 0)))}
    organisation_settings_update(
        scope=scope_for(user=admin.user, organisation=org),
        reply_contact_keep_days=90,
        reply_complaint_days=complaint_days,
        reply_other_days=None,
        **when,
    )


def test_a_target_changed_since_leaves_last_months_pack_as_it_was(org, services, team, month):
    """Made a working day stricter today, the target does not reach back: last month's complaints are
    still held to 3 working days, the one answered on its target day still in time."""
    _targets_changed(org, complaint_days=1)
    # As a page made now reads it: the organisation as it stands, not as the team's fixture first read it.
    quality = scope_for(user=team.quality.user, organisation=Organisation.objects.get(pk=org.pk))
    pack = monthly_pack(scope=quality, month=month["first"], service=services[0], now=timezone.now())
    section = pack.section("complaint-replies")
    counts = _counts(section)
    assert counts["Replied to within 3 working days of the complaint"] == 1
    assert counts["Late: no reply recorded by the target day"] == 3
    assert "The target is a reply within 3 working days of the complaint" in " ".join(section.paragraphs)


def test_a_target_changed_during_the_month_holds_each_complaint_to_the_target_of_its_day(org, services, team, month):
    """Last month's target went from 3 working days to 10 on its 15th: a complaint given on the 20th and
    answered after 5 working days was answered in time, and the pack says the target changed."""
    first = month["first"]
    changed = first.replace(day=15)
    _targets_changed(org, complaint_days=10, on=changed)
    later = first.replace(day=20)
    answered = _complaint(org, services[0], received_on=later)
    _reply(team, answered, on=reply_due_on(later, days=5))

    pack = monthly_pack(scope=team.scope("quality"), month=first, service=services[0], now=timezone.now())
    section = pack.section("complaint-replies")
    counts = _counts(section)
    assert (counts["Complaints received"], counts["Asked for a reply"]) == (6, 5)
    assert counts["Replied to within the target"] == 2
    assert counts["Late: no reply recorded by the target day"] == 3
    said = " ".join(section.paragraphs)
    assert (
        "The target was changed during the period. It is a reply within 3 working days for complaints received "
        f"up to {changed - dt.timedelta(days=1):%-d %B %Y} and within 10 working days for complaints received "
        f"from {changed:%-d %B %Y} (weekends and bank holidays not counted)."
    ) in said


def test_a_complaint_made_anonymous_after_its_target_day_stays_late_in_the_pack(org, services, team, month):
    """Nobody replied to it by its target day; made anonymous today, it was still kept waiting too long.
    The pack made today counts it late, as the pack made before did, and the pack made again as at
    yesterday, before it was made anonymous, counts it as it did then."""
    rowan = services[0]

    def pack_counts(now):
        return _counts(
            monthly_pack(scope=team.scope("quality"), month=month["first"], service=rowan, now=now).section(
                "complaint-replies"
            )
        )

    before = pack_counts(timezone.now())
    feedback = month["waiting"][0]
    feedback_anonymise(
        scope=team.scope("quality"),
        feedback_id=feedback.pk,
        reason="They asked us to",
        texts={c.pk: redact(c.text).text for c in feedback.comments.all()},
    )
    after = pack_counts(timezone.now())
    assert after == before
    assert pack_counts(timezone.now() - dt.timedelta(days=1)) == before
    assert (after["Asked for a reply"], after["Late: no reply recorded by the target day"]) == (4, 3)
