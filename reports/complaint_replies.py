"""The section of the monthly pack and the commissioner report on replies to complaints: how many were
received in the period, how many asked for a reply, and how many had one within the organisation's
target (ADR 0004's addendum on reply targets). Counts only: nobody named, nothing they said."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from core.words import listed, words
from organisations.models import Service
from organisations.scope import Scope
from reports.document import Section, Table
from reports.oversight.replies import complaint_replies, complaint_targets


def complaint_replies_section(
    *, scope: Scope, first: dt.date, last_day: dt.date, service: Service | None, now: dt.datetime, period: str
) -> Section:
    """Complaints received from ``first`` to ``last_day``, as their replies stood on the day of ``now``."""
    today = timezone.localtime(now).date()
    last = min(last_day, today)
    counts = complaint_replies(scope=scope, first=first, last=last, on=today, service=service)
    runs = complaint_targets(scope=scope, first=first, last=max(first, last))
    if len(runs) == 1:
        target = f"within {words(runs[0][2], 'working day')} of the complaint"
        target_said = f"The target is a reply {target}"
    else:
        # The target was changed during the period: each complaint is held to the one of its day.
        target = "within the target"
        target_said = "The target was changed during the period. It is a reply " + listed(
            [
                f"within {words(days, 'working day')} for complaints received {_days(start, end, first, last)}"
                for start, end, days in runs
            ]
        )
    share = counts.share_in_time
    paragraphs = [
        f"{words(counts.received, 'complaint')} received in {period}; {counts.asked} of them asked for a reply."
    ]
    if counts.asked:
        paragraphs.append(
            f"{target_said} (weekends and bank holidays not counted). As recorded on "
            f"{today:%-d %B %Y}: {counts.in_time} replied to within it, {counts.late} late"
            + (f" and {counts.not_yet_due} not yet due" if counts.not_yet_due else "")
            + "."
            + (f" {share:.1f}% of those due by then were replied to in time." if share is not None else "")
        )
    rows = [
        ["Complaints received", counts.received],
        ["Asked for a reply", counts.asked],
        [f"Replied to {target}", counts.in_time],
        ["Late: no reply recorded by the target day", counts.late],
        ["Not yet due", counts.not_yet_due],
        ["Replied to in time, % of those due", share if share is not None else "None due"],
    ]
    table = Table(
        caption=f"Replies to complaints received in {period}",
        header=["Complaints", "Number"],
        rows=rows,
        sheet="Complaint replies",
        note="Counted from the day each complaint was received, against the target on that day. A complaint "
        "made anonymous by its target day, before anyone replied, is not counted among those who asked for a "
        "reply: there was nobody to reply to. One made anonymous later, with no reply by its target day, "
        "is counted as late.",
    )
    return Section(
        key="complaint-replies", heading="Replies to complaints", paragraphs=tuple(paragraphs), tables=(table,)
    )


def _days(start: dt.date, end: dt.date, first: dt.date, last: dt.date) -> str:
    if start == first:
        return f"up to {end:%-d %B %Y}"
    if end == last:
        return f"from {start:%-d %B %Y}"
    return f"from {start:%-d %B %Y} to {end:%-d %B %Y}"
