"""When an action may be closed with evidence of impact, and what its link must show (ADR 0009's
addendum on the check's wait). Impact takes time to show: the verifier closes an action only once
the organisation's wait (``Organisation.impact_wait_days``) has passed since its lead marked it done,
or sooner with a reason on record; and a link to Heard's feedback list or to a report must be
narrowed to the action's service and start on or after that day. Sending an action back is never
held up."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from django.urls import reverse

from core import clock
from governance.models import Action, ActionStatus, ActionStatusChange


def day_words(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


@dataclass(frozen=True)
class ImpactWait:
    """The day the lead last marked the action done, the organisation's wait, and the first day the
    action may be closed with evidence of impact without a reason."""

    done_on: dt.date
    days: int
    from_day: dt.date

    def early_on(self, today: dt.date) -> bool:
        return today < self.from_day

    def rule(self) -> str:
        """The rule as the check form says it, before anything is typed."""
        return (
            f"Marked done on {day_words(self.done_on)}. Impact takes time to show, so it can be closed with "
            f"evidence of impact from {day_words(self.from_day)} ({self.days} days later); before then only "
            "with a reason. You can send it back at any time."
        )

    def link_rule(self, action: Action) -> str:
        where = f"to {action.service.name}" if action.service_id else "to the services it covers"
        return (
            f"A link to Heard's feedback list or a report must be narrowed {where}, and start on or after "
            f"{day_words(self.done_on)}, so it shows what came after the change."
        )


def impact_wait(action: Action) -> ImpactWait | None:
    """The wait for ``action``, from its last "done" (a status row to Done, waiting for a check); None
    when its lead has not marked it done."""
    done_at = (
        ActionStatusChange.objects.for_org(action.organisation)
        .filter(action_id=action.id, to_status=ActionStatus.AWAITING_CHECK)
        .order_by("-at", "-id")
        .values_list("at", flat=True)
        .first()
    )
    if done_at is None:
        return None
    done_on = clock.day_of(done_at)
    days = action.organisation.impact_wait_days
    return ImpactWait(done_on=done_on, days=days, from_day=done_on + dt.timedelta(days=days))


def early_problem(wait: ImpactWait, *, today: dt.date, reason: str) -> str | None:
    """Why the action may not be closed yet, or None: it is early and no reason is given."""
    if not wait.early_on(today) or reason:
        return None
    so_far = (today - wait.done_on).days
    return (
        f"It is {so_far} {'day' if so_far == 1 else 'days'} since this action was marked done on "
        f"{day_words(wait.done_on)}: impact takes time to show, so it is closed with evidence of impact from "
        f"{day_words(wait.from_day)}. Send it back or wait, or say why the evidence is already enough."
    )


_MONTH = re.compile(r"(\d{4})-(\d{1,2})")
_QUARTER = re.compile(r"(\d{4})-Q([1-4])")


def _period_start(path: str, query: dict[str, list[str]]) -> tuple[dt.date | None, str]:
    """The first day the page's figures cover, as its address says, and what the date is called."""

    def first(name: str) -> str:
        return (query.get(name) or [""])[-1].strip()

    try:
        if path == reverse("feedback:list"):
            return (dt.date.fromisoformat(first("since")) if first("since") else None), "a ‘From’ date"
        if path == reverse("reports:monthly"):
            found = _MONTH.fullmatch(first("month"))
            return (dt.date(int(found[1]), int(found[2]), 1) if found else None), "a month"
        found = _QUARTER.fullmatch(first("quarter"))
        return (dt.date(int(found[1]), 3 * int(found[2]) - 2, 1) if found else None), "a quarter"
    except ValueError:
        return None, "a date"


def _narrowed_pages() -> tuple[str, ...]:
    """Heard's pages of counts over services and dates: a link to one is evidence only when narrowed."""
    return (
        reverse("feedback:list"),
        reverse("reports:monthly"),
        reverse("reports:quarterly"),
        reverse("reports:commissioner"),
    )


def link_problems(link: str, *, action: Action, wait: ImpactWait) -> list[str]:
    """What is wrong with a kept evidence link (``evidence_link_kept``) to Heard's feedback list or a
    report: it covers other services, or no dates, or dates before the change. Links to any other
    page (an audit, an evidence record) or to another site are not read here."""
    if not link.startswith("/"):
        return []
    parts = urlsplit(link)
    if parts.path not in _narrowed_pages():
        return []
    query = parse_qs(parts.query)
    problems = []
    service = (query.get("service") or [""])[-1].strip()
    if action.service_id and service != str(action.service_id):
        problems.append(
            f"The link shows feedback from {'other services' if service else 'every service'}: narrow it to "
            f"{action.service.name}, the action's service."
        )
    start, called = _period_start(parts.path, query)
    if start is None:
        problems.append(
            f"The link covers no dates: give it {called} on or after {day_words(wait.done_on)}, when the action "
            "was marked done, so it shows what came after the change."
        )
    elif start < wait.done_on:
        problems.append(
            f"The link starts on {day_words(start)}, before the action was marked done on "
            f"{day_words(wait.done_on)}: start it on or after that day, so it shows what came after the change."
        )
    return problems
