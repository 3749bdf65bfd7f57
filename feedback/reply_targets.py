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
- Each piece of feedback keeps the **targets in force on the day it was given** (the addendum on the
  target of the feedback's day): a change of target holds for feedback given from the day it is made,
  so a past period's figures, made again, say what they said. The organisation's targets over time are
  a few periods (`organisations.models.ReplyTargetChange`); the conditions below are an OR over them.
- Feedback whose giver could no longer be reached (`unreachable`) waits for nobody from then on; in a
  period's counts it is left out only if that was so by its target day, as one made anonymous after its
  target day passed with no reply had already been kept waiting too long.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import BooleanField, Case, Count, DateField, Exists, F, OuterRef, Q, QuerySet, Value, When

from core.working_days import working_day
from feedback.models import Kind
from organisations.models import Organisation

ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class ReplyTargets:
    """Targets in working days: for a complaint, and for other feedback (None: none)."""

    complaint_days: int
    other_days: int | None

    def days_for(self, kind: str) -> int | None:
        return self.complaint_days if kind == Kind.COMPLAINT else self.other_days


@dataclass(frozen=True)
class TargetPeriod:
    """The targets in force for feedback given from ``first`` to ``last`` (None: from the beginning; None:
    still in force)."""

    first: dt.date | None
    last: dt.date | None
    targets: ReplyTargets

    def holds_on(self, day: dt.date) -> bool:
        return (self.first is None or self.first <= day) and (self.last is None or day <= self.last)


@dataclass(frozen=True)
class TargetHistory:
    """An organisation's targets over time, in order and without gaps, the first from the beginning: each
    piece of feedback keeps the targets in force on the day it was given."""

    periods: tuple[TargetPeriod, ...]

    @classmethod
    def always(cls, targets: ReplyTargets) -> TargetHistory:
        """The same targets for feedback given on any day."""
        return cls(periods=(TargetPeriod(first=None, last=None, targets=targets),))

    def on(self, day: dt.date) -> ReplyTargets:
        """The targets for feedback given on ``day``."""
        return next(period.targets for period in self.periods if period.holds_on(day))

    def during(self, first: dt.date, last: dt.date) -> tuple[TargetPeriod, ...]:
        """The periods feedback given from ``first`` to ``last`` falls in, cut to those days."""
        return tuple(
            TargetPeriod(
                first=max(first, period.first or first), last=min(last, period.last or last), targets=period.targets
            )
            for period in self.periods
            if (period.first is None or period.first <= last) and (period.last is None or first <= period.last)
        )


def reply_targets(organisation: Organisation) -> TargetHistory:
    """The organisation's targets over time (one query). An organisation whose targets were never changed
    has had the ones it has now from the beginning."""
    from organisations.models import ReplyTargetChange

    changes = (
        ReplyTargetChange.objects.for_org(organisation)
        .order_by(F("applies_from").asc(nulls_first=True), "id")
        .values_list("applies_from", "complaint_days", "other_days")
    )
    starts: dict[dt.date | None, ReplyTargets] = {}
    for applies_from, complaint_days, other_days in changes:
        # A later change the same day holds for that day's feedback in place of the earlier one.
        starts[applies_from] = ReplyTargets(complaint_days=complaint_days, other_days=other_days)
    if not starts:
        now = ReplyTargets(complaint_days=organisation.reply_complaint_days, other_days=organisation.reply_other_days)
        return TargetHistory.always(now)
    days = list(starts)
    periods = [
        TargetPeriod(
            # The history starts from the beginning, whatever day its first row names.
            first=None if n == 0 else day,
            last=days[n + 1] - ONE_DAY if n + 1 < len(days) else None,
            targets=starts[day],
        )
        for n, day in enumerate(days)
    ]
    return TargetHistory(periods=tuple(periods))


def reply_due_on(received_on: dt.date, *, days: int) -> dt.date:
    """The target day: the day on which ``days`` working days have passed since ``received_on``."""
    day = received_on
    for _ in range(days):
        day = working_day(day + ONE_DAY)
    return day


def target_day(targets: TargetHistory, *, kind: str, received_on: dt.date) -> dt.date | None:
    """The target day of one piece of feedback, by the targets in force on the day it was given, or None
    when its kind had no target then."""
    days = targets.on(received_on).days_for(kind)
    return None if days is None else reply_due_on(received_on, days=days)


def _latest_given_past_target(on: dt.date, *, days: int) -> dt.date:
    """The latest day feedback could be given and have its target day before ``on``. The target day only
    moves later as the day given does, so feedback is past its target on ``on`` exactly when it was given
    on or before this day."""
    given = on - ONE_DAY
    while reply_due_on(given, days=days) >= on:
        given -= ONE_DAY
    return given


def past_target(targets: TargetHistory, *, on: dt.date, prefix: str = "") -> Q:
    """Feedback whose target day had passed by ``on`` (the day after the target day or later), as a
    condition on feedback (or on the feedback at ``prefix``, like ``"feedback__"``). With a reply still
    waiting, that is late. Each period of the targets is a range of days given, held to its own targets:
    the periods are few, so the condition stays short."""
    received_on = f"{prefix}received_on"
    complaint = Q(**{f"{prefix}kind": Kind.COMPLAINT})
    late = Q()
    for period in targets.periods:
        for days, of_kind in ((period.targets.complaint_days, complaint), (period.targets.other_days, ~complaint)):
            if days is None:
                continue
            latest = _latest_given_past_target(on, days=days)
            if period.last is not None:
                latest = min(latest, period.last)
            if period.first is not None and latest < period.first:
                continue
            given = Q(**{f"{received_on}__lte": latest})
            if period.first is not None:
                given &= Q(**{f"{received_on}__gte": period.first})
            late = (late | (of_kind & given)) if late else of_kind & given
    # The first period starts at the beginning and complaints always have a target, so there is always
    # a complaint's condition: ``late`` is never left empty (which would match everything).
    return late


def unreachable(*, on: dt.date | None = None) -> Q:
    """Feedback whose giver can no longer be reached for a reply (by ``on``, if given): it was made
    anonymous (ADR 0025), or its contact details were removed with the person's own details (ADR
    0026). Nobody can reply to it, so nobody is waiting for one. Contact details removed because they
    were kept long enough are removed only after a reply, so they never make a reply owed unreachable."""
    if on is None:
        return Q(anonymised_at__isnull=False) | Q(reply_contact_removed_at__isnull=False)
    return Q(anonymised_at__date__lte=on) | Q(reply_contact_removed_at__date__lte=on)


def unreachable_by_target_day(*, on: dt.date, due: str = "_due") -> Q:
    """Feedback whose giver could no longer be reached by ``on``, and already on or before its target day
    (``due``, an annotation; no target counts as never due): nobody could have been replied to late, so
    nobody was kept waiting. Feedback that became unreachable only after its target day passed was
    already late by then, and stays late."""
    by_target = Q(**{f"{due}__isnull": True})
    anonymised = Q(anonymised_at__date__lte=on) & (by_target | Q(anonymised_at__date__lte=F(due)))
    removed = Q(reply_contact_removed_at__date__lte=on) & (by_target | Q(reply_contact_removed_at__date__lte=F(due)))
    return anonymised | removed


def target_day_of(targets: TargetHistory, *, kind: str, first: dt.date, last: dt.date) -> Case:
    """The target day of feedback of one ``kind`` given from ``first`` to ``last``, by the targets in force
    on the day it was given, as an expression to compare a reply's day with (null for feedback given
    outside those days, or with no target)."""
    whens = []
    day = first
    while day <= last:
        days = targets.on(day).days_for(kind)
        if days is not None:
            whens.append(When(received_on=day, then=Value(reply_due_on(day, days=days))))
        day += ONE_DAY
    return Case(*whens, default=Value(None), output_field=DateField())


@dataclass(frozen=True)
class ReplyTimeliness:
    """Feedback of one kind given in a period, counted by whether a reply asked for came within the
    target: counts only, for the packs and reports (nobody named, nothing they said)."""

    received: int  # all of it
    asked: int  # those who asked for a reply (less any out of reach by their target day with none recorded)
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
        .annotate(_due=target_day_of(targets, kind=kind, first=first, last=last))
        # Out of reach by its target day with no reply: nobody was waiting (a Case, not an exclude, as
        # a comparison with a null day must leave the feedback in).
        .annotate(
            _nobody_waiting=Case(
                When(unreachable_by_target_day(on=on) & ~Exists(replies), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .filter(_nobody_waiting=False)
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
