"""Reply targets (ADR 0004's addendum of 5 December 2026): within how many working days a reply someone
asked for is due, and when it is late. This is the one rule: the list of feedback, the feedback's page,
"Yours to do", the daily reminder, the agenda pack, the monthly pack and the commissioner report all
read it from here.

- The **target day** is the day on which the organisation's number of working days (weekends and
  bank holidays in England not counted, `core.working_days`) have passed since the feedback was given:
  a complaint given on a Monday with a target of 3 is due on the Thursday; one given on a Saturday, on
  the Wednesday.
- A reply is **late** once its target day has passed with no reply recorded by then: on the Friday,
  for Monday's complaint. Feedback with no target (not a complaint, when the organisation sets none for
  other feedback) is never late.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Case, Count, DateField, Exists, OuterRef, Q, QuerySet, Value, When

from core.working_days import working_day
from feedback.models import Kind
from organisations.models import Organisation

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class ReplyTargets:
    """The organisation's targets, in working days: for a complaint, and for other feedback (None: none)."""

    complaint_days: int
    other_days: int | None

    def days_for(self, kind: str) -> int | None:
        return self.complaint_days if kind == Kind.COMPLAINT else self.other_days


def reply_targets(organisation: Organisation) -> ReplyTargets:
    return ReplyTargets(complaint_days=organisation.reply_complaint_days, other_days=organisation.reply_other_days)


def reply_due_on(received_on: dt.date, *, days: int) -> dt.date:
    """The target day: the day on which ``days`` working days have passed since ``received_on``."""
    day = received_on
    for _ in range(days):
        day = working_day(day + ONE_DAY)
    return day


def target_day(targets: ReplyTargets, *, kind: str, received_on: dt.date) -> dt.date | None:
    """The target day of one piece of feedback, or None when its kind has no target."""
    days = targets.days_for(kind)
    return None if days is None else reply_due_on(received_on, days=days)


def _latest_given_past_target(on: dt.date, *, days: int) -> dt.date:
    """The latest day feedback could be given and have its target day before ``on``. The target day only
    moves later as the day given does, so feedback is past its target on ``on`` exactly when it was given
    on or before this day."""
    given = on - ONE_DAY
    while reply_due_on(given, days=days) >= on:
        given -= ONE_DAY
    return given


def past_target(targets: ReplyTargets, *, on: dt.date, prefix: str = "") -> Q:
    """Feedback whose target day had passed by ``on`` (the day after the target day or later), as a
    condition on feedback (or on the feedback at ``prefix``, like ``"feedback__"``). With a reply still
    waiting, that is late."""
    complaint = Q(**{f"{prefix}kind": Kind.COMPLAINT})
    late = complaint & Q(**{f"{prefix}received_on__lte": _latest_given_past_target(on, days=targets.complaint_days)})
    if targets.other_days is not None:
        other = Q(**{f"{prefix}received_on__lte": _latest_given_past_target(on, days=targets.other_days)})
        late |= ~complaint & other
    return late


def unreachable(*, on: dt.date | None = None) -> Q:
    """Feedback whose giver can no longer be reached for a reply (by ``on``, if given): it was made
    anonymous (ADR 0025), or its contact details were removed with the person's own details (ADR
    0026). Nobody can reply to it, so nobody is waiting for one. Contact details removed because they
    were kept long enough are removed only after a reply, so they never make a reply owed unreachable."""
    if on is None:
        return Q(anonymised_at__isnull=False) | Q(reply_contact_removed_at__isnull=False)
    return Q(anonymised_at__date__lte=on) | Q(reply_contact_removed_at__date__lte=on)


def target_day_of(targets: ReplyTargets, *, kind: str, first: dt.date, last: dt.date) -> Case:
    """The target day of feedback of one ``kind`` given from ``first`` to ``last``, as an expression to
    compare a reply's day with (null for feedback given outside those days, or with no target)."""
    days = targets.days_for(kind)
    whens = []
    if days is not None:
        day = first
        while day <= last:
            whens.append(When(received_on=day, then=Value(reply_due_on(day, days=days))))
            day += ONE_DAY
    return Case(*whens, default=Value(None), output_field=DateField())


@dataclass(frozen=True)
class ReplyTimeliness:
    """Feedback of one kind given in a period, counted by whether a reply asked for came within the
    target: counts only, for the packs and reports (nobody named, nothing they said)."""

    received: int  # all of it
    asked: int  # those who asked for a reply (less any made anonymous with none recorded: nobody to reply to)
    in_time: int  # a reply recorded on or before the target day
    late: int  # the target day has passed with no reply recorded by then (replied later, or still waiting)
    not_yet_due: int  # no reply yet, and the target day has not passed

    @property
    def share_in_time(self) -> float | None:
        """Of those whose reply was due by now (in time or late), the percentage replied to in time."""
        due = self.in_time + self.late
        return None if not due else round(100 * self.in_time / due, 1)


def reply_timeliness(
    feedback: QuerySet, *, organisation: Organisation, kind: str, first: dt.date, last: dt.date, on: dt.date
) -> ReplyTimeliness:
    """Count the feedback of ``kind`` in ``feedback`` (already narrowed to whose it is) given from
    ``first`` to ``last``, as it stood on ``on``. "Late" is ``past_target``, as on the list of feedback."""
    from feedback.models import Reply

    targets = reply_targets(organisation)
    given = feedback.filter(kind=kind, received_on__gte=first, received_on__lte=last)
    replies = Reply.objects.for_org(organisation).filter(feedback=OuterRef("pk"), replied_on__lte=on)
    asked = (
        given.filter(wants_reply=True)
        .exclude(unreachable() & ~Exists(replies))
        .annotate(_due=target_day_of(targets, kind=kind, first=first, last=last))
        .annotate(_in_time=Exists(replies.filter(replied_on__lte=OuterRef("_due"))))
    )
    counted = asked.aggregate(
        asked=Count("pk"),
        in_time=Count("pk", filter=Q(_in_time=True)),
        late=Count("pk", filter=Q(_in_time=False) & past_target(targets, on=on)),
    )
    return ReplyTimeliness(
        received=given.count(),
        asked=counted["asked"],
        in_time=counted["in_time"],
        late=counted["late"],
        not_yet_due=counted["asked"] - counted["in_time"] - counted["late"],
    )
