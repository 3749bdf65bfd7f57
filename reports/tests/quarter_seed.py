"""A quarter (July to September 2026) of feedback, coding and governance at two services, made
through the governance services with the times given, and what was made, for tests to recompute.

Personal details are planted where they could leak: people's names and emails, comment text,
action titles and impact notes, challenge questions and answers, and how people were supported.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest

from feedback.models import Comment, Feedback
from governance import services as gov
from organisations.models import Person
from reports.spc import add_months, months
from themes.models import Source, ThemeAssignment

Q3 = dt.date(2026, 7, 1)
FIRST = dt.date(2025, 7, 1)  # fifteen months of feedback, July 2025 to September 2026
LAST = dt.date(2026, 9, 1)
NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
BELLS, FOOD = "call-bells-and-responsiveness", "food-and-drink"
QUOTED = "My name is Margaret Wilson, ring me on 07700 900123 or margaret.wilson@example.com, the call bells are slow."
UNQUOTED = "Unconsented words: the night staff laughed at me."


def at(day: dt.date, hour: int = 12) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=dt.UTC)


@dataclass
class Seeded:
    feedback: list[tuple[str, dt.date, set[str]]] = field(default_factory=list)  # service, day, theme codes
    texts: list[str] = field(default_factory=list)
    actions: dict[str, object] = field(default_factory=dict)
    challenge: object = None
    meetings: list = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    secrets: list[str] = field(default_factory=list)


def _theme(org, code):
    from governance.tests.conftest import theme

    return theme(org, code)


def seed_quarter(org, services, team) -> Seeded:
    from governance.tests.conftest import action_input, scope_of

    rowan, beech = services[0], services[1]
    made = Seeded(people=[getattr(team, n) for n in team.__dataclass_fields__])
    bells, food = _theme(org, BELLS), _theme(org, FOOD)
    k = 0
    for m, month in enumerate(months(FIRST, LAST)):
        for service in (rowan, beech):
            for i in range(4 + (m + service.id) % 3):
                k += 1
                codes = set()
                # Call bells fall away at Rowan House after August 2026's action closed.
                if k % 3 == 0 and not (service == rowan and month >= dt.date(2026, 8, 1) and k % 2):
                    codes.add(BELLS)
                if k % 4 == 1:
                    codes.add(FOOD)
                text = f"Comment number {k} from {service.name}"
                item = Feedback.objects.create(
                    organisation=org, service=service, received_on=month.replace(day=1 + i * 3), channel="paper"
                )
                comment = Comment.objects.create(organisation=org, feedback=item, text=text)
                for code in codes:
                    ThemeAssignment.objects.create(
                        organisation=org,
                        comment=comment,
                        theme=bells if code == BELLS else food,
                        source=Source.PERSON,
                        made_by=team.staff,
                        made_at=at(month),
                    )
                made.feedback.append((service.name, item.received_on, codes))
                made.texts.append(text)
    # A piece of feedback with no comment: not part of any theme rate.
    Feedback.objects.create(organisation=org, service=rowan, received_on=dt.date(2026, 8, 20), rating=1)
    # Quotes: one consented, full of personal details and given by a known person who did not agree to
    # be named; one not consented.
    for text, consent in ((QUOTED, True), (UNQUOTED, False)):
        item = Feedback.objects.create(
            organisation=org, service=rowan, received_on=dt.date(2026, 8, 21), channel="paper",
            consent_to_quote=consent, may_attribute=False, person=team.partner,
        )  # fmt: skip
        Comment.objects.create(organisation=org, feedback=item, text=text)
        made.feedback.append((rowan.name, item.received_on, set()))
        made.texts.append(text)

    quality, manager, leader = scope_of(team.quality), scope_of(team.manager), scope_of(team.leader)
    meeting = gov.meeting_create(
        scope=quality, meeting_type="quality_safety", service_id=rowan.id, held_on=dt.date(2026, 7, 10),
        chair_id=team.quality.id, now=at(dt.date(2026, 7, 10)),
    )  # fmt: skip
    gov.meeting_attendance_record(
        scope=quality, meeting_id=meeting.id, person_id=team.partner.id, role="uses_services", supported=True,
        support="Large print papers; Margaret's daughter Susan came with her", now=at(dt.date(2026, 7, 10)),
    )  # fmt: skip
    gov.meeting_attendance_record(
        scope=quality, meeting_id=meeting.id, person_id=team.staff.id, role="member", now=at(dt.date(2026, 7, 10))
    )
    gov.meeting_attendance_record(
        scope=quality, meeting_id=meeting.id, person_id=team.leader.id, role="member", present=False,
        now=at(dt.date(2026, 7, 10)),
    )  # fmt: skip
    decision = gov.decision_record(
        scope=quality,
        meeting_id=meeting.id,
        text="Decision wording: Tom Hargreaves to fix call bells for Margaret Wilson.",
        evidence=gov.Evidence(theme_ids=[bells.id]),
        actions=[
            action_input(
                team, title="Answer call bells fast (title naming Margaret Wilson)", due_on=dt.date(2026, 8, 1)
            ),
            action_input(team, title="Night carer rota (title naming Aisha Rahman)", due_on=dt.date(2026, 8, 15)),
        ],
        now=at(dt.date(2026, 7, 10)),
    )
    bells_action, rota = decision.actions.order_by("id")
    gov.action_request_check(
        scope=manager, action_id=bells_action.id, note="Done: new bells fitted", now=at(dt.date(2026, 7, 25))
    )
    gov.action_check(
        scope=quality, action_id=bells_action.id, impact_shown=True,
        early_reason="Checked at once in this test.", note="Impact note: Margaret Wilson says bells are answered in two minutes.",
        link="https://audit.example.org/bells", now=at(dt.date(2026, 8, 5)),
    )  # fmt: skip
    challenge = gov.challenge_raise(
        scope=leader, subject="action", action_id=rota.id, question="Question: why is Tom's rota late?",
        now=at(dt.date(2026, 9, 1)),
    )  # fmt: skip
    gov.challenge_respond(
        scope=manager, challenge_id=challenge.id, text="Answer: Aisha is off sick.", now=at(dt.date(2026, 9, 3))
    )
    # Beech Court's own meeting and action: outside a Rowan House scope.
    beech_meeting = gov.meeting_create(
        scope=quality, meeting_type="coproduction_forum", service_id=beech.id, held_on=dt.date(2026, 8, 12),
        chair_id=team.quality.id, now=at(dt.date(2026, 8, 12)),
    )  # fmt: skip
    beech_decision = gov.decision_record(
        scope=quality, meeting_id=beech_meeting.id, text="Decision wording: Sian Rowlands to run a menu panel.",
        evidence=gov.Evidence(theme_ids=[food.id]),
        actions=[action_input(team, title="Menu panel (title naming Sian Rowlands)", lead_id=team.beech_manager.id,
                              due_on=dt.date(2026, 12, 20))],
        now=at(dt.date(2026, 8, 12)),
    )  # fmt: skip
    made.actions = {"bells": bells_action, "rota": rota, "menu": beech_decision.actions.get()}
    made.challenge = challenge
    made.meetings = [meeting, beech_meeting]
    made.secrets = [
        *(p.full_name for p in made.people),
        *(p.full_name.split()[-1] for p in made.people),
        *(p.email for p in made.people if p.email),
        *(p.user.email for p in made.people if p.user_id),
        "Comment number",
        "Unconsented",
        "07700 900123",
        "margaret.wilson@example.com",
        "Decision wording",
        "title naming",
        "Impact note",
        "Question:",
        "Answer:",
        "Susan",
        "Large print papers",
        "audit.example.org",
    ]
    return made


def theme_rate(seeded: Seeded, code: str, month_list: list[dt.date], service: str | None = None) -> float | None:
    """Recomputed here: feedback with comments carrying the theme, over feedback with comments, in %."""
    rows = [r for r in seeded.feedback if r[1].replace(day=1) in month_list and (service is None or r[0] == service)]
    return None if not rows else 100 * sum(1 for r in rows if code in r[2]) / len(rows)


@pytest.fixture
def seeded(org, services, team, framework):
    return seed_quarter(org, services, team)


__all__ = ["Q3", "NOW", "add_months", "seeded", "theme_rate"]
