"""What every part of the governance demo shares: the organisation's people, services and themes,
the days counted back from today, and the steps that write meetings and decisions through the
services people use."""

from __future__ import annotations

import datetime as dt
import random
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse

from core import clock
from core.working_days import at_work, working_day
from feedback.models import Feedback
from governance import services as gov
from governance.loops import POSITIVE
from organisations.models import Organisation, Person, Service
from organisations.scope import Scope, scope_of_person, system_scope
from themes.coding.selectors import primary_version as _primary_version
from themes.coding.selectors import themes_applied, themes_by_code


def feedback_link(*, service: Service | None, **query: str) -> str:
    """Evidence of impact in the feedback list, as a path in Heard: it leads to the feedback on
    whatever address the demo is served at (ADR 0009). Without a service, every service's."""
    where = {"service": service.id} if service else {}
    return f"{reverse('feedback:list')}?{urlencode({**where, **query})}"


def _as(person: Person) -> Scope:
    """The scope of a demo person, login or not, from their roles (the demo acts as each of them)."""
    return scope_of_person(person, user=person.user)


class _Demo:
    def __init__(self, organisation: Organisation, today: dt.date, rng: random.Random):
        self.org, self.today, self.rng = organisation, today, rng
        # Nothing is dated later than now: a demo built for another day treats its end as now.
        self.now = clock.now() if today == clock.today() else clock.end_of_day(today)
        self.people = {p.full_name: p for p in Person.objects.for_org(organisation)}
        self.services = {s.name: s for s in Service.objects.for_org(organisation)}
        version = _primary_version(scope=system_scope(organisation=organisation))
        self.themes = themes_by_code(version=version)
        self._scopes: dict[str, Scope] = {}

    def who(self, name: str) -> Scope:
        """The person's scope, read once: nobody's roles change while the demo is built."""
        if name not in self._scopes:
            self._scopes[name] = _as(self.people[name])
        return self._scopes[name]

    def working(self, days_ago: int) -> int:
        """How many days ago the last working day was, on or before the day `days_ago` days ago:
        meetings are held, and actions fall due, on days people are at work."""
        return (self.today - working_day(self.today - dt.timedelta(days=days_ago), earlier=True)).days

    def day(self, days_ago: int) -> str:
        """The day of ``d.at(days_ago)`` as a feedback filter's date: evidence of impact starts on the
        day the action was marked done (ADR 0009's addendum on the check's wait)."""
        return clock.day_of(self.at(days_ago)).isoformat()

    def days_between(self, since_days_ago: int, until_days_ago: int) -> int:
        """Days from what was done ``since_days_ago`` to what was done ``until_days_ago``, by the days
        ``d.at`` gives them: the words a story says about time follow the days it happened on."""
        return (clock.day_of(self.at(until_days_ago)) - clock.day_of(self.at(since_days_ago))).days

    def at(self, days_ago: int, hour: int = 10) -> dt.datetime:
        """When a person at work did what the story says they did ``days_ago`` days ago: at ``hour`` in
        the UK, on that day or the working day before it, never later than now."""
        return at_work(self.today - dt.timedelta(days=days_ago), hour, now=self.now)

    def meeting(self, kind, service: str | None, days_ago: int, chair: str, attendees=(), title=""):
        scope = self.who(chair)
        service_id = self.services[service].id if service else None
        made = gov.meeting_create(
            scope=scope,
            meeting_type=kind,
            service_id=service_id,
            held_on=self.today - dt.timedelta(days=days_ago),
            title=title,
            chair_id=self.people[chair].id,
            now=self.at(days_ago, 9),
        )
        gov.meeting_attendance_record(
            scope=scope, meeting_id=made.id, person_id=self.people[chair].id, role="chair", now=self.at(days_ago)
        )
        for name, role, support in attendees:
            gov.meeting_attendance_record(
                scope=scope,
                meeting_id=made.id,
                person_id=self.people[name].id,
                role=role,
                present=support != "apologies",
                supported=bool(support) and support != "apologies",
                support=support if support != "apologies" else "",
                now=self.at(days_ago),
            )
        return made

    def item(self, meeting, chair: str, heading: str, notes: str, days_ago: int):
        gov.meeting_item_add(
            scope=self.who(chair), meeting_id=meeting.id, heading=heading, notes=notes, now=self.at(days_ago, 11)
        )

    def feedback_on(self, service: str, words: str, days_ago: int, span: int = 60) -> list[int]:
        """A few pieces of feedback at the service that say these words, from the weeks before."""
        since = self.today - dt.timedelta(days=days_ago + span)
        until = self.today - dt.timedelta(days=days_ago)
        return list(
            Feedback.objects.for_org(self.org)
            .filter(service=self.services[service], received_on__range=(since, until), comments__text__icontains=words)
            .order_by("-received_on")
            .values_list("id", flat=True)[:2]
        )

    def concerns(self, service: str, since_days_ago: int, days_ago: int) -> list[tuple[str, int]]:
        """The themes raised as concerns at the service between two days, most raised first, with how
        many pieces of feedback raised each."""
        since = self.today - dt.timedelta(days=since_days_ago)
        until = self.today - dt.timedelta(days=days_ago)
        rows = (
            themes_applied(scope=system_scope(organisation=self.org))
            .filter(
                comment__feedback__service=self.services[service],
                comment__feedback__received_on__range=(since, until),
            )
            .exclude(comment__sentiment__in=POSITIVE)
            .values("theme__code")
            .annotate(n=Count("comment__feedback", distinct=True))
            .order_by("-n", "theme__code")
        )
        return [(r["theme__code"], r["n"]) for r in rows if r["theme__code"] in self.themes]

    def decide(self, meeting, chair, days_ago, text, *, themes=(), feedback=(), decisions=(), action=None):
        actions = []
        if action:
            actions.append(
                gov.ActionInput(
                    title=action["title"],
                    description=action.get("description", ""),
                    lead_id=self.people[action["lead"]].id,
                    verifier_id=self.people[action["verifier"]].id,
                    due_on=self.today - dt.timedelta(days=self.working(action["due_days_ago"])),
                )
            )
        return gov.decision_record(
            scope=self.who(chair),
            meeting_id=meeting.id,
            text=text,
            evidence=gov.Evidence(
                theme_ids=[self.themes[c].id for c in themes],
                feedback_ids=list(feedback),
                decision_ids=[d.id for d in decisions],
            ),
            actions=actions,
            now=self.at(days_ago, 12),
        )
