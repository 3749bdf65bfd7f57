"""Daily reminders: each lead, verifier and manager gets one email saying what is due, overdue or
waiting for them, urgent flags still open included (`themes.reminders`). Run by the
`governance.tasks.send_reminders` task (daily, by the worker) or by `heard reminders`.

Those who may reply to people (`feedback.rules.Perm.VIEW_PERSONAL`) are told how many replies people
asked for are late at their services (`feedback.selectors.replies_late`): a count and a link, never who.

Quality leads and administrators are told too how much open work is held by people who cannot sign
in, over the services where they may hand it over (`governance.selectors.handovers`): a count and a
link, never who or what.

"The lead's manager" is worked out from roles, as `governance.selectors.managers_of` says: the
service managers of the action's service, else the quality leads.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from core import clock
from core.audit import audit_record
from feedback.rules import RULES as FEEDBACK_RULES
from feedback.rules import Perm as FeedbackPerm
from feedback.selectors import replies_late
from governance.models import ACTIVE_STATUSES, UNRESOLVED_CHALLENGE, Action, ActionStatus, Challenge, ChallengeStatus
from governance.rules import RULES, Perm
from governance.selectors import held_count, managers_of
from governance.selectors.handovers import ANSWER_WAITING, CHECK_WAITING, LEAD_WAITING
from organisations.models import Organisation, Person
from organisations.scope import scope_of_person, system_scope
from organisations.signin import SIGNS_IN, can_sign_in
from themes.reminders import UrgentWaiting, urgent_waiting


@dataclass
class Digest:
    person: Person
    due_soon: list[Action] = field(default_factory=list)
    overdue: list[Action] = field(default_factory=list)
    to_check: list[Action] = field(default_factory=list)
    to_answer: list[Challenge] = field(default_factory=list)
    team_overdue: list[Action] = field(default_factory=list)
    urgent: UrgentWaiting | None = None
    to_hand_over: int = 0  # open work held by people who cannot sign in, for those who hand it over
    late_replies: int = 0  # replies people asked for that are past the reply target, for those who may reply

    @property
    def is_empty(self) -> bool:
        return not (
            self.due_soon
            or self.overdue
            or self.to_check
            or self.to_answer
            or self.team_overdue
            or self.urgent
            or self.to_hand_over
            or self.late_replies
        )


def _counted_for_each(*, organisation: Organisation, roles, count) -> list[tuple[Person, int]]:
    """Each person who can sign in and holds one of ``roles``, with ``count(scope)`` over their own
    scope (those with none left out): one reminder line each, counted where they may act."""
    people = (
        Person.objects.for_org(organisation)
        .filter(SIGNS_IN, role_assignments__role__in=roles)
        .distinct()
        .select_related("user")
        .order_by("id")
    )
    found = []
    for person in people:
        scope = scope_of_person(person, user=person.user, organisation=organisation)
        n = count(scope) if scope is not None else 0
        if n:
            found.append((person, n))
    return found


def handovers_waiting(*, organisation: Organisation) -> list[tuple[Person, int]]:
    """Each quality lead and administrator who can sign in, with how much open work held by people
    who cannot is waiting at the services where they may hand it over (those with none left out)."""
    held = Action.objects.for_org(organisation).filter(LEAD_WAITING | CHECK_WAITING).exists()
    if not held and not Challenge.objects.for_org(organisation).filter(ANSWER_WAITING).exists():
        return []
    return _counted_for_each(
        organisation=organisation, roles=RULES[Perm.HAND_OVER], count=lambda scope: held_count(scope=scope)
    )


def late_replies_waiting(*, organisation: Organisation, today: dt.date) -> list[tuple[Person, int]]:
    """Each person who may reply to people and can sign in, with how many replies are late at the
    services where they may reply (those with none left out)."""
    system = system_scope(organisation=organisation, label="Daily reminders")
    if not replies_late(scope=system, on=today).exists():
        return []
    return _counted_for_each(
        organisation=organisation,
        roles=FEEDBACK_RULES[FeedbackPerm.VIEW_PERSONAL],
        count=lambda scope: replies_late(scope=scope, on=today).count(),
    )


def reminder_digests(*, organisation: Organisation, today: dt.date, now: dt.datetime | None = None) -> list[Digest]:
    """What each person in the organisation should be reminded of today, people with nothing left out."""
    soon = today + dt.timedelta(days=int(settings.HEARD_REMINDER_DUE_SOON_DAYS))
    digests: dict[int, Digest] = {}

    def digest(person: Person) -> Digest:
        if person.id not in digests:
            digests[person.id] = Digest(person=person)
        return digests[person.id]

    actions = list(
        Action.objects.for_org(organisation)
        .filter(status__in=ACTIVE_STATUSES)
        .select_related("lead__user", "verifier__user", "service")
        .order_by("due_on", "id")
    )
    managers_cache: dict[int | None, list[Person]] = {}
    for action in actions:
        if action.status == ActionStatus.AWAITING_CHECK:
            digest(action.verifier).to_check.append(action)
        elif action.is_overdue(on=today):
            digest(action.lead).overdue.append(action)
            if action.service_id not in managers_cache:
                managers_cache[action.service_id] = managers_of(organisation=organisation, action=action)
            for manager in managers_cache[action.service_id]:
                if manager.id != action.lead_id:
                    digest(manager).team_overdue.append(action)
        elif action.due_on <= soon:
            digest(action.lead).due_soon.append(action)
    waiting = (
        Challenge.objects.for_org(organisation)
        .filter(status__in=[s for s in UNRESOLVED_CHALLENGE if s != ChallengeStatus.ANSWERED])
        .select_related("addressed_to__user")
        .order_by("raised_at", "id")
    )
    for challenge in waiting:
        digest(challenge.addressed_to).to_answer.append(challenge)
    for person, urgent in urgent_waiting(organisation=organisation, now=now or clock.now()):
        digest(person).urgent = urgent
    for person, count in handovers_waiting(organisation=organisation):
        digest(person).to_hand_over = count
    for person, count in late_replies_waiting(organisation=organisation, today=today):
        digest(person).late_replies = count
    return [d for d in sorted(digests.values(), key=lambda d: d.person.full_name) if not d.is_empty]


def _email(person: Person) -> str:
    if person.user_id and person.user.email:
        return person.user.email
    return person.email


def _link(name: str, *args) -> str:
    return settings.HEARD_SITE_URL + reverse(name, args=args)


def reminder_text(digest: Digest, *, organisation: Organisation, today: dt.date) -> str:
    """The email: what, when, and a link to each; no feedback text or personal details of others."""
    lines = [
        f"Hello {digest.person.full_name},",
        "",
        f"This is what is waiting for you in Heard ({organisation.name}).",
        "",
    ]
    urgent = digest.urgent
    if urgent is not None:
        since = f"the oldest flagged on {timezone.localtime(urgent.oldest):%-d %B %Y}"
        if urgent.told:
            lines.append(f"Urgent flags still open: {urgent.open} ({since}).")
            if urgent.unacted:
                lines.append(f"Nothing has been recorded on {urgent.unacted} of them for more than a day.")
            if urgent.review_overdue:
                n = urgent.review_overdue
                services = "; ".join(f"{name}: {count}" for name, count in urgent.review_overdue_by_service)
                lines.append(
                    f"{n} of them {'is' if n == 1 else 'are'} past {'its' if n == 1 else 'their'} review-by date "
                    f"({services}):"
                )
                lines.append(f"  {_link('themes:queue')}?show=review-overdue")
        else:
            lines.append(
                f"Urgent flags nobody has recorded anything on for more than a day: {urgent.unacted} ({since}). "
                "The safeguarding lead is reminded too; if they are away, please look."
            )
        lines.append(f"  {_link('themes:queue')}")
        lines.append("")

    def section(title: str, actions: list[Action], say) -> None:
        if actions:
            lines.append(title)
            for a in actions:
                lines.append(f"- {a.title} ({a.service.name if a.service_id else 'whole organisation'}): {say(a)}")
                lines.append(f"  {_link('governance:action', a.id)}")
            lines.append("")

    section("Overdue actions you lead:", digest.overdue, lambda a: f"was due {a.due_on:%-d %B %Y}")
    section("Actions you lead that are due soon:", digest.due_soon, lambda a: f"due {a.due_on:%-d %B %Y}")
    section("Actions waiting for your check of their impact:", digest.to_check, lambda a: f"lead {a.lead.full_name}")
    section(
        "Overdue actions in your team:",
        digest.team_overdue,
        lambda a: f"led by {a.lead.full_name}, due {a.due_on:%-d %B %Y}",
    )
    if digest.to_answer:
        lines.append("Leadership challenges waiting for your answer:")
        for c in digest.to_answer:
            lines.append(f"- {c.question[:150]}")
            lines.append(f"  {_link('governance:challenge', c.id)}")
        lines.append("")
    if digest.to_hand_over:
        n = digest.to_hand_over
        lines.append(
            f"Open work held by people who cannot sign in to Heard, waiting to be handed to someone who can: {n} "
            f"{'piece' if n == 1 else 'pieces'}."
        )
        lines.append(f"  {_link('governance:handovers')}")
        lines.append("")
    if digest.late_replies:
        n = digest.late_replies
        lines.append(f"Replies people asked for that are late, past the reply target with no reply recorded: {n}.")
        lines.append(f"  {_link('feedback:list')}?reply=late")
        lines.append("")
    lines.append("You get this email once a day while something is waiting for you.")
    return "\n".join(lines)


def reminders_send(*, organisation: Organisation, today: dt.date) -> int:
    """Send today's reminders for one organisation. Returns how many emails were sent."""
    scope = system_scope(organisation=organisation, label="Daily reminders")
    sent = 0
    with transaction.atomic():
        for digest in reminder_digests(organisation=organisation, today=today):
            address = _email(digest.person)
            # Someone who left, or cannot sign in, could not open a page the email links to: their work
            # is counted in the reminder of those who can hand it over (handovers_waiting).
            if not address or not can_sign_in(digest.person):
                continue
            send_mail(
                f"Heard: what is waiting for you on {today:%-d %B %Y}",
                reminder_text(digest, organisation=organisation, today=today),
                None,
                [address],
                fail_silently=False,
            )
            sent += 1
        audit_record(
            scope=scope,
            verb="governance.reminders.send",
            obj=organisation,
            changes={"emails_sent": {"from": None, "to": sent}, "on": {"from": None, "to": today.isoformat()}},
        )
    return sent


def reminders_send_all(*, today: dt.date) -> dict[str, int]:
    """Every organisation's reminders (the daily job)."""
    return {org.name: reminders_send(organisation=org, today=today) for org in Organisation.objects.order_by("id")}
