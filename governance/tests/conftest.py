"""A small organisation with the people the governance loop needs, and helpers to hear themes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from core import clock
from feedback.models import QUESTION_BETTER, Channel, Comment
from feedback.services import FeedbackInput, feedback_record
from governance import services as gov
from organisations.models import Person
from organisations.roles import Role
from organisations.scope import Scope, scope_for, system_scope
from organisations.tests.factories import person_with_role
from themes.coding.selectors import primary_framework, primary_version
from themes.models import Source, Theme, ThemeAssignment
from themes.services import framework_install

TODAY = dt.date(2026, 6, 15)
NOW = dt.datetime(2026, 6, 15, 10, 0, tzinfo=dt.UTC)


def days_back(days: int) -> dt.datetime:
    """Midday on the UK day `days` before today. `clock.now() - timedelta(days=n)` is n UK days back
    only most of the time: run late in a winter evening, it lands after midnight in British Summer
    Time, one UK day later."""
    day = clock.today() - dt.timedelta(days=days)
    return dt.datetime(day.year, day.month, day.day, 12, tzinfo=dt.UTC)


def scope_of(person: Person) -> Scope:
    return scope_for(user=person.user, organisation=person.organisation)


@dataclass
class Team:
    quality: Person  # quality lead, every service
    leader: Person  # leader and board member, every service
    manager: Person  # service manager of Rowan House
    staff: Person  # staff at Rowan House
    beech_manager: Person  # service manager of Beech Court only
    partner: Person  # co-production partner at Rowan House
    commissioner: Person  # commissioner of Rowan House

    def scope(self, name: str) -> Scope:
        return scope_of(getattr(self, name))


@pytest.fixture
def framework(org):
    return framework_install(scope=system_scope(organisation=org), key="social-care")


@pytest.fixture
def team(org, services) -> Team:
    rowan, beech = services[0], services[1]
    return Team(
        quality=person_with_role(org, Role.QUALITY_LEAD, all_services=True, full_name="Grace Okafor"),
        leader=person_with_role(org, Role.LEADER, all_services=True, full_name="David Mensah"),
        manager=person_with_role(org, Role.SERVICE_MANAGER, services=[rowan], full_name="Tom Hargreaves"),
        staff=person_with_role(org, Role.STAFF, services=[rowan], full_name="Aisha Rahman"),
        beech_manager=person_with_role(org, Role.SERVICE_MANAGER, services=[beech], full_name="Sian Rowlands"),
        partner=person_with_role(org, Role.PARTNER, services=[rowan], full_name="Margaret Wilson"),
        commissioner=person_with_role(org, Role.COMMISSIONER, services=[rowan], full_name="Helen Brooks"),
    )


def theme(org, code: str) -> Theme:
    scope = system_scope(organisation=org)
    return Theme.objects.for_org(org).get(
        version=primary_version(scope=scope, framework=primary_framework(scope=scope)), code=code
    )


def hear(
    recorder: Person,
    service,
    code: str,
    *,
    days_ago: list[int],
    coder: Person | None = None,
    text="The call bell took ages.",
    shared: bool = False,
):
    """Feedback recorded by `recorder` at the service, one piece per day given, coded with the theme;
    ``shared``: given with consent to be quoted, so a co-production partner may read it too."""
    scope = scope_of(recorder)
    org = recorder.organisation
    made = []
    for ago in days_ago:
        item = feedback_record(
            scope=scope,
            data=FeedbackInput(
                service_id=service.id,
                channel=Channel.IN_PERSON,
                received_on=clock.today() - dt.timedelta(days=ago),
                comments=[(QUESTION_BETTER, text)],
                consent_to_quote=shared,
            ),
        )
        comment = Comment.objects.for_org(org).get(feedback=item)
        ThemeAssignment.objects.create(
            organisation=org,
            comment=comment,
            theme=theme(org, code),
            source=Source.PERSON,
            made_by=coder or recorder,
            made_at=clock.now(),
        )
        made.append(item)
    return made


def action_input(team: Team, **overrides) -> gov.ActionInput:
    fields = {
        "title": "Answer call bells within five minutes",
        "lead_id": team.manager.id,
        "verifier_id": team.quality.id,
        "due_on": clock.today() + dt.timedelta(days=30),
    }
    return gov.ActionInput(**{**fields, **overrides})


@pytest.fixture
def loop(org, services, team, framework):
    """Call bells heard at Rowan House, decided on at its monthly meeting, with an action led by Tom."""
    rowan = services[0]
    heard = hear(team.staff, rowan, "call-bells-and-responsiveness", days_ago=[20, 12, 5])
    qs = team.scope("quality")
    meeting = gov.meeting_create(
        scope=qs, meeting_type="quality_safety", service_id=rowan.id, held_on=clock.today(), chair_id=team.quality.id
    )
    decision = gov.decision_record(
        scope=qs,
        meeting_id=meeting.id,
        text="Audit call bell response times every week and add a night carer.",
        evidence=gov.Evidence(theme_ids=[theme(org, "call-bells-and-responsiveness").id], feedback_ids=[heard[0].id]),
        actions=[action_input(team)],
    )
    return {"meeting": meeting, "decision": decision, "action": decision.actions.get(), "feedback": heard}
