"""Staff in the demo act as people at work would: on working days, in office hours, never later than
now, and each record's steps in the order its story tells them. The public's feedback may arrive on
any day. The whole demo is built once for this module, as `heard demo` builds it."""

import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from audits.models import AuditRun
from core import clock
from core.models import AuditEvent
from core.working_days import in_office_hours, is_working_day
from evidence.models import EvidenceItem
from feedback.models import Feedback, Reply
from governance.models import Action, Challenge, CoproductionActivity, Handover, Meeting
from organisations.models import Organisation
from priorities.models import QualityPriority
from themes.models import ThemeAssignment, ThemeModelVersion, UrgentFlag

# Done by the demo's set-up when the demo is built. The quality lead training the suggestions model
# and trying it on a few comments is not among them: that is stamped at work too.
AT_BUILD = ("organisations.", "themes.framework.", "feedback.demo.", "themes.urgent_flag.raise_from_demo")


@pytest.fixture(scope="module")
def built(module_records):
    with module_records.unblock():
        mail.outbox = []
        call_command("demo", feedback=600, stdout=io.StringIO())
        return Organisation.objects.get(slug="northgate-care").pk, len(mail.outbox)


@pytest.fixture
def northgate(db, built):
    return Organisation.objects.get(pk=built[0])


def test_building_the_demo_emails_nobody(built):
    """The demo replays months of history (due dates changed, say); none of it is emailed."""
    assert built[1] == 0


def staff_made(org) -> dict[str, list]:
    """Every timestamp a member of staff made in the demo, by what it is."""
    actions = Action.objects.for_org(org)
    audits = AuditRun.objects.for_org(org)
    priorities = QualityPriority.objects.for_org(org)
    return {
        "challenge raised": list(Challenge.objects.for_org(org).values_list("raised_at", flat=True)),
        "challenge answered or concluded": [e.at for c in Challenge.objects.for_org(org) for e in c.entries.all()],
        "action opened": list(actions.values_list("created_at", flat=True)),
        "action status change": [c.at for a in actions for c in a.status_changes.all()],
        "action update": [u.at for a in actions for u in a.updates.all()],
        "action checked": list(actions.exclude(checked_at=None).values_list("checked_at", flat=True)),
        "due date changed": [c.at for a in actions for c in a.due_date_changes.all()],
        "action handed over": list(Handover.objects.for_org(org).values_list("at", flat=True)),
        "meeting recorded": list(Meeting.objects.for_org(org).values_list("created_at", flat=True)),
        "decision": [d.recorded_at for m in Meeting.objects.for_org(org) for d in m.decisions.all()],
        "minutes": [i.recorded_at for m in Meeting.objects.for_org(org) for i in m.items.all()],
        "co-production recorded": list(CoproductionActivity.objects.for_org(org).values_list("recorded_at", flat=True)),
        "priority chosen": list(priorities.values_list("recorded_at", flat=True)),
        "priority withdrawn": [p.withdrawal.withdrawn_at for p in priorities.exclude(withdrawal=None)],
        "priority reviewed": [r.recorded_at for p in priorities for r in p.reviews.all()],
        "urgent flag acted on": [a.at for f in UrgentFlag.objects.for_org(org) for a in f.actions.all()],
        "audit planned": list(audits.values_list("created_at", flat=True)),
        "audit case": [c.recorded_at for r in audits for c in r.cases.all()],
        "audit completed": list(audits.exclude(completed_at=None).values_list("completed_at", flat=True)),
        "audit withdrawn": [r.withdrawal.withdrawn_at for r in audits.exclude(withdrawal=None)],
        "reply to feedback": list(Reply.objects.for_org(org).values_list("recorded_at", flat=True)),
        "evidence recorded": list(EvidenceItem.objects.for_org(org).values_list("recorded_at", flat=True)),
        "comment coded by hand": list(
            ThemeAssignment.objects.for_org(org).filter(source="person").values_list("made_at", flat=True)
        ),
        "suggestions model trained": [
            at
            for v in ThemeModelVersion.objects.for_org(org)
            for at in (v.requested_at, v.started_at, v.finished_at)
            if at is not None
        ],
    }


def when(moment) -> str:
    return f"{timezone.localtime(moment):%A %d %B %Y %H:%M}"


def test_staff_act_on_working_days_in_office_hours_and_never_later_than_now(northgate):
    now = clock.now()
    wrong = []
    for what, moments in staff_made(northgate).items():
        assert moments or what == "due date changed", what  # sent back twice: not at every build's size
        wrong += [f"{what} on {when(m)}" for m in moments if not in_office_hours(m) or m > now]
    # Everything the audit log says a person did after the demo's set-up, too.
    for event in AuditEvent.objects.for_org(northgate).exclude(actor=None):
        if not event.verb.startswith(AT_BUILD) and (not in_office_hours(event.at) or event.at > now):
            wrong.append(f"{event.verb} on {when(event.at)}")
    assert not wrong, "\n".join(wrong)
    # Meetings are held, co-production sessions met, audits planned and actions fall due on working days.
    days = [
        *Meeting.objects.for_org(northgate).values_list("held_on", flat=True),
        *CoproductionActivity.objects.for_org(northgate).values_list("held_on", flat=True),
        *AuditRun.objects.for_org(northgate).values_list("planned_for", flat=True),
        *Action.objects.for_org(northgate).values_list("due_on", flat=True),
    ]
    assert all(is_working_day(day) for day in days)
    # The public's feedback still arrives at weekends.
    received = Feedback.objects.for_org(northgate).values_list("received_on", flat=True)
    assert any(not is_working_day(day) for day in received)


def in_order(moments) -> bool:
    return all(a <= b for a, b in zip(moments, moments[1:], strict=False))


def test_each_record_tells_its_steps_in_order(northgate):
    org, wrong = northgate, []
    for challenge in Challenge.objects.for_org(org):
        entries = [e.at for e in challenge.entries.order_by("id")]
        if not (all(challenge.raised_at < at for at in entries) and in_order(entries)):
            wrong.append(f"challenge {challenge.question[:40]}")
    for action in Action.objects.for_org(org):
        steps = [c.at for c in action.status_changes.order_by("id")]
        if not in_order([action.created_at, *steps]) or (action.checked_at and action.checked_at != steps[-1]):
            wrong.append(f"status changes of {action.title}")
        if not all(action.created_at <= u.at for u in action.updates.all()):
            wrong.append(f"updates of {action.title}")
    for meeting in Meeting.objects.for_org(org):
        later = [*meeting.items.all(), *meeting.decisions.all()]
        if clock.day_of(meeting.created_at) != meeting.held_on or any(
            meeting.created_at >= x.recorded_at for x in later
        ):
            wrong.append(f"meeting {meeting}")
    for priority in QualityPriority.objects.for_org(org).exclude(withdrawal=None):
        if priority.recorded_at >= priority.withdrawal.withdrawn_at:
            wrong.append(f"priority {priority.title}")
    for flag in UrgentFlag.objects.for_org(org):
        if not in_order([flag.detected_at, *(a.at for a in flag.actions.order_by("id"))]):
            wrong.append(f"urgent flag {flag.pk}")
    for run in AuditRun.objects.for_org(org):
        cases = [c.recorded_at for c in run.cases.order_by("id")]
        done = [run.completed_at] if run.completed_at else []
        if not in_order([run.created_at, *cases, *done]) or any(
            run.completed_at >= f.recorded_at for f in run.findings.all()
        ):
            wrong.append(f"audit {run}")
    assert not wrong, "\n".join(wrong)
