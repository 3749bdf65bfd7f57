"""The demo's call-bell response audit, the one its actions speak of: residents of Rowan House wrote
its five questions (the governance demo's co-production ledger holds that session), the call-bell
decision started it there a little over a year ago, and the board extended it to Beech Court. At
each home a first audit gives the baseline before the change and a re-audit the picture after it:
at Rowan House before and after the second night carer, whose action was checked with evidence; at
Beech Court before and after the home's weekly audits began, whose action waits for its check.

The answers follow the story, not a random draw: at each audit a question is answered "yes" by as
many residents as its share says."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from audits import services as audit
from audits.models import AuditQuestion, AuditRun
from core.working_days import at_work, working_day
from governance.models import Action, CoproductionActivity
from organisations.models import Organisation, Person, Service
from organisations.scope import scope_of_person

THEME = "call-bells-and-responsiveness"
DESIGNED = "Residents write the call-bell audit questions"  # the session in the governance ledger
TITLE = "When you ring the call bell"
# The residents' five questions; whether each is answered by watching (can the bell be reached).
QUESTIONS = [
    ("Could you reach your call bell from your bed or chair?", True),
    ("When you last rang at night, did someone come within five minutes?", False),
    ("When you last rang in the day, did someone come within five minutes?", False),
    ("Did the person who came stay until you had what you needed?", False),
    ("Do you feel sure someone will come quickly if you ring at night?", False),
]
CASES = 12


class Audit(NamedTuple):
    service: str
    action: str  # the title of the action the audit belongs to
    auditor: str  # the resident or family carer who audits with the manager
    planned: int  # days ago it was put in the programme
    done: int  # days ago it was carried out
    shares: tuple[float, ...]  # of residents answering "yes" to each question
    reason: str


# Rowan House: nights were slow before the second night carer (in post some 290 days ago; the action
# checked with evidence 240 days ago), and quick after. Beech Court: the board extended the audit
# there some 200 days ago; its weekly audits have run for three months, waiting for the check.
BASELINES = [
    Audit(
        "Rowan House",
        "Weekly call-bell audit and a second night carer",
        "Margaret Wilson",
        380,
        370,
        (0.8, 0.25, 0.6, 0.65, 0.3),
        "Residents said they wait twenty minutes at night: the first of the weekly audits the meeting decided on.",
    ),
    Audit(
        "Beech Court",
        "Call-bell audit in every care home",
        "Jean Taylor",
        172,
        160,
        (0.85, 0.3, 0.6, 0.75, 0.4),
        "The board extended the Rowan House call-bell audit to every care home: Beech Court's first.",
    ),
]
AFTER = {
    "Rowan House": (
        262,
        250,
        (0.95, 0.85, 0.85, 0.9, 0.85),
        "Done again since the second night carer started, to see whether nights are quicker.",
    ),
    "Beech Court": (
        45,
        35,
        (0.9, 0.8, 0.8, 0.85, 0.75),
        "Done again after three months of weekly audits at the home, before the board checks the action.",
    ),
}


def call_bell_audits_build(*, organisation: Organisation, today: dt.date, now: dt.datetime) -> int:
    """The call-bell audit at the homes its actions belong to, a baseline and a re-audit at each.
    Needs the governance demo (its ledger and actions); returns how many audits it planned."""
    people = {p.full_name: p for p in Person.objects.for_org(organisation)}
    services = {s.name: s for s in Service.objects.for_org(organisation)}
    actions = {a.title: a for a in Action.objects.for_org(organisation).select_related("decision")}
    designed = CoproductionActivity.objects.for_org(organisation).filter(title=DESIGNED).first()
    if designed is None or any(a.action not in actions for a in BASELINES):
        return 0

    def who(name):
        return scope_of_person(people[name], user=people[name].user)

    def at(days_ago: int, hour: int = 14, minute: int = 0) -> dt.datetime:
        return at_work(today - dt.timedelta(days=days_ago), hour, minute, now=now)

    grace, tom = who("Grace Okafor"), who("Tom Hargreaves")
    written = (today - designed.held_on).days
    template = audit.template_create(
        scope=grace,
        title=TITLE,
        purpose="How long residents wait for the call bell, day and night, asked in residents' own words.",
        now=at(written, 17),
    )
    version = template.versions.get()
    for text, watched in QUESTIONS:
        audit.question_add(scope=grace, version_id=version.id, text=text, is_observation=watched, now=at(written, 17))
    audit.version_publish(scope=grace, version_id=version.id, design_session_id=designed.id, now=at(written - 5))
    questions = list(AuditQuestion.objects.for_org(organisation).filter(version=version).order_by("position"))

    def carried_out(base: Audit, *, planned, done, shares, reason, baseline: AuditRun | None = None) -> AuditRun:
        action = actions[base.action]
        run = audit.run_plan(
            scope=grace,
            service_id=services[base.service].id,
            version_id=version.id,
            planned_for=working_day(today - dt.timedelta(days=done), earlier=True),
            lead_id=people["Tom Hargreaves"].id,
            auditor_ids=[people[base.auditor].id],
            theme_code=THEME if baseline is None else "",
            decision_id=action.decision_id if baseline is None else None,
            baseline_id=baseline.id if baseline else None,
            reason=reason,
            now=at(planned),
        )
        for n in range(CASES):
            observed = n % 4 != 3  # one resident in four did not want to be watched
            answers = {
                q.id: "na" if q.is_observation and not observed else answer_by_share(n, i, shares[i])
                for i, q in enumerate(questions)
            }
            audit.case_record(
                scope=who(base.auditor) if n % 2 else tom,
                run_id=run.id,
                consent="agreed" if observed else "not_observed",
                answers=answers,
                now=at(done, 10 + n // 3, n % 3 * 20),
            )
        return audit.run_complete(scope=tom, run_id=run.id, now=at(done, 17, 30))

    made = 0
    for base in BASELINES:
        first = carried_out(
            base, planned=base.planned, done=base.done, shares=base.shares, reason=base.reason, baseline=None
        )
        planned, done, shares, reason = AFTER[base.service]
        carried_out(base, planned=planned, done=done, shares=shares, reason=reason, baseline=first)
        made += 2
    return made


def answer_by_share(case: int, question: int, share: float) -> str:
    """As many "yes" answers to a question across the audit's cases as its share says, spread over
    the cases differently for each question."""
    return "yes" if (case * 5 + question * 7) % CASES < round(share * CASES) else "no"
