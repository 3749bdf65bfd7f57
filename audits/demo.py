"""The demo's audits, telling the brief's first story at Rowan House: residents said personal care
felt different depending on who helped them; a quality lead and residents co-designed an audit in
plain words and tried it with two residents; the home's quality meeting commissioned it; the audit
found the gaps, a finding opened an action
(shadow shifts) that was checked with evidence, and the re-audit shows which changes were more
than noise. A second audit is planned at Beech Court. The call-bell audit its actions speak of is
built after it (`audits.call_bell_demo`). A third, planned at Rowan House by mistake
days after the re-audit that already covered it, was withdrawn with why (so the programme's
"Withdrawn" list has something in it). Written through the services with `now` set to when each
thing happened, after the governance demo."""

from __future__ import annotations

import datetime as dt

from audits import selectors as audit_selectors
from audits import services as audit
from audits.call_bell_demo import answer_by_share, call_bell_audits_build
from audits.models import AuditQuestion
from core import clock
from core.working_days import at_work, at_work_after, working_day
from governance import selectors as governance_selectors
from governance import services as gov
from governance.demo._common import feedback_link
from governance.models import Meeting, MeetingType
from organisations.models import Organisation, Person, Service
from organisations.scope import scope_of_person

# Whether a question is answered by watching care: when nobody was observed (a record or a room),
# those do not apply. Whether the person helping gave their name is seen while they help.
QUESTIONS = [
    ("Did the person helping you tell you their name?", True),
    ("Were you asked how you like things done?", False),
    ("Did staff knock and wait before coming in?", True),
    ("Was the door or curtain closed while you were helped to wash or dress?", True),
    ("Does your care feel the same, whoever helps you?", False),
]
# Share of residents answering "yes" to each question, before and after the changes the audit led to:
# the answers follow these, not a random draw, so the re-audit shows what the story says.
BEFORE = [0.7, 0.4, 0.5, 0.8, 0.2]
AFTER = [0.9, 0.85, 0.95, 0.9, 0.75]
CASES = 12


def audits_demo_build(*, organisation: Organisation, seed: int = 2026, today: dt.date | None = None) -> dict:
    """The demo's audits. Their answers follow the story's shares, so `seed` changes nothing here; it is
    taken as every demo step takes it."""
    today = today or clock.today()
    people = {p.full_name: p for p in Person.objects.for_org(organisation)}
    services = {s.name: s for s in Service.objects.for_org(organisation)}
    if "Grace Okafor" not in people or "Rowan House" not in services:
        return {"audits": 0, "sessions": 0}

    def who(name):
        person = people[name]
        return scope_of_person(person, user=person.user)

    now = clock.now() if today == clock.today() else clock.end_of_day(today)

    def at(days_ago: int, hour: int = 14, minute: int = 0) -> dt.datetime:
        """When a person at work did it: on the working day on or before, never later than now."""
        return at_work(today - dt.timedelta(days=days_ago), hour, minute, now=now)

    grace, tom = who("Grace Okafor"), who("Tom Hargreaves")
    rowan = services["Rowan House"]

    def session(days_ago, kind, title, rung, summary):
        return gov.coproduction_record(
            scope=grace,
            kind=kind,
            service_id=rowan.id,
            held_on=clock.day_of(at(days_ago)),  # people meet on working days
            title=title,
            rung=rung,
            participant_ids=[people["Margaret Wilson"].id, people["Tom Hargreaves"].id],
            others_count=3,
            others_description="residents of Rowan House",
            recognition="payment",
            recognition_note="£15 an hour",
            summary=summary,
            now=at(days_ago),
        )

    designed = session(
        300,
        "audit_design",
        "Residents co-design the personal care audit",
        "co_design",
        "Residents chose what good personal care looks like to them and wrote the questions in their words.",
    )
    template = audit.template_create(
        scope=grace,
        title="Does care feel the same, whoever helps you?",
        purpose="Personal care, as residents judge it: being asked, privacy, and the same care from everyone.",
        now=at(300, 15),
    )
    version = template.versions.get()
    for text, watched in QUESTIONS:
        audit.question_add(scope=grace, version_id=version.id, text=text, is_observation=watched, now=at(300, 16))
    tried = session(
        292,
        "review",
        "Trying the personal care audit with two residents",
        "co_design",
        "Two residents answered the questions and said which ones were hard to follow.",
    )
    audit.trial_record(
        scope=grace,
        version_id=version.id,
        session_id=tried.id,
        learned="“Personal care staff” meant nothing to residents; the questions now say “the person helping you”.",
        now=at(292, 16),
    )
    audit.version_publish(scope=grace, version_id=version.id, design_session_id=designed.id, now=at(290, 17))

    def carried_out(run, days_ago, chances, entered_twice=False):
        questions = list(AuditQuestion.objects.for_org(organisation).filter(version=run.version))
        for n in range(CASES):
            observed = n % 4 != 3  # one case in four: nobody agreed to be watched, so those questions do not apply
            answers = {
                q.id: "na" if q.is_observation and not observed else answer_by_share(n, i, chances[i])
                for i, q in enumerate(questions)
            }
            case = audit.case_record(
                scope=who("Margaret Wilson") if n % 2 else tom,
                run_id=run.id,
                consent="agreed" if observed else "not_observed",
                answers=answers,
                now=at(days_ago, 10 + n // 3, n % 3 * 20),  # one after another through the day
            )
        if entered_twice:  # the last case saved twice, and the second entry withdrawn before completing
            again = audit.case_record(
                scope=tom, run_id=run.id, consent=case.consent, answers=answers, now=at(days_ago, 16)
            )
            audit.case_withdraw(
                scope=tom,
                case_id=again.id,
                reason=f"Entered twice: this is case {case.number} again.",
                now=at(days_ago, 17),
            )
        return audit.run_complete(scope=tom, run_id=run.id, now=at(days_ago, 17, 30))

    # Rowan House's monthly quality meeting after the audit was published commissions it.
    monthly = (
        Meeting.objects.for_org(organisation)
        .filter(
            meeting_type=MeetingType.QUALITY_SAFETY,
            service=rowan,
            held_on__range=(today - dt.timedelta(days=289), today - dt.timedelta(days=281)),
        )
        .order_by("held_on")
        .first()
    )
    commissioned = None
    if monthly is not None:
        commissioned = gov.decision_record(
            scope=grace,
            meeting_id=monthly.id,
            text="Run the personal care audit residents designed, with a resident as lay auditor, and bring "
            "its findings to this meeting.",
            evidence=gov.Evidence(
                theme_ids=[governance_selectors.theme_by_code(scope=grace, code="staff-continuity").id]
            ),
            now=at((today - monthly.held_on).days, 12, 30),
        )
    baseline = audit.run_plan(
        scope=grace,
        service_id=rowan.id,
        version_id=version.id,
        planned_for=working_day(today - dt.timedelta(days=270), earlier=True),
        lead_id=people["Tom Hargreaves"].id,
        auditor_ids=[people["Margaret Wilson"].id],
        theme_code="staff-continuity",
        decision_id=commissioned.id if commissioned else None,
        reason="Residents said care felt different depending on who helped them, and new staff did not know their routines.",
        now=at(280),
    )
    done = carried_out(baseline, 270, BEFORE)
    same = AuditQuestion.objects.for_org(organisation).get(version=version, position=5)
    # The finding says what the results on the same page say.
    said = next(r for r in audit_selectors.results(scope=grace, run=baseline) if r.question.id == same.id)
    finding = audit.finding_open(
        scope=tom,
        run_id=baseline.id,
        question_id=same.id,
        text=f"Only {said.yes} of {said.yes + said.no} residents said their care felt the same whoever helped them; "
        "new staff had not been shown routines.",
        action=gov.ActionInput(
            title="Shadow shifts: new staff learn each resident's routine before helping alone",
            lead_id=people["Tom Hargreaves"].id,
            verifier_id=people["Grace Okafor"].id,
            due_on=working_day(today - dt.timedelta(days=180), earlier=True),
        ),
        now=at_work_after(done.completed_at, days=2, hour=14),
    )
    gov.action_update_add(
        scope=tom, action_id=finding.action_id, text="Every new starter now does three shadow shifts.", now=at(220)
    )
    gov.action_request_check(
        scope=tom, action_id=finding.action_id, note="All five new starters since March shadowed first.", now=at(212)
    )
    gov.action_check(
        scope=grace,
        action_id=finding.action_id,
        impact_shown=True,
        note="Shadow-shift records for every new starter; residents at the forum said new staff now know how they like things done.",
        link=feedback_link(service=rowan, theme="staff-continuity", since=clock.day_of(at(212)).isoformat()),
        variation_reason="The shadow-shift records show the change for every new starter; the re-audit will test it.",
        now=at(180),
    )
    reaudit = audit.run_plan(
        scope=grace,
        service_id=rowan.id,
        version_id=version.id,
        planned_for=working_day(today - dt.timedelta(days=60), earlier=True),
        lead_id=people["Tom Hargreaves"].id,
        auditor_ids=[people["Margaret Wilson"].id],
        baseline_id=baseline.id,
        reason="Done again six months after shadow shifts began, as the residents asked.",
        now=at(75),
    )
    carried_out(reaudit, 60, AFTER, entered_twice=True)
    audit.run_plan(
        scope=grace,
        service_id=services["Beech Court"].id,
        version_id=version.id,
        planned_for=working_day(today + dt.timedelta(days=21)),
        lead_id=people["Grace Okafor"].id,
        auditor_ids=[people["Jean Taylor"].id],
        theme_code="personal-care-and-appearance",
        reason="Families raised personal care at the Beech Court forum; the same audit, led by the quality lead.",
        now=at(2),
    )
    # The home's manager planned the re-audit again, not seeing the quality lead had; the quality lead
    # withdrew the second one two days later, saying why.
    twice = audit.run_plan(
        scope=tom,
        service_id=rowan.id,
        version_id=version.id,
        planned_for=working_day(today - dt.timedelta(days=55), earlier=True),
        lead_id=people["Tom Hargreaves"].id,
        auditor_ids=[people["Margaret Wilson"].id],
        reason="Residents asked for personal care to be checked again now that shadow shifts have begun.",
        now=at(73, 16),  # later than the re-audit's planning, should a holiday bring the days together
    )
    audit.run_withdraw(
        scope=grace,
        run_id=twice.id,
        reason="Planned twice: the re-audit planned two days earlier asks the same questions at Rowan House.",
        now=at_work_after(twice.created_at, days=2, hour=14),
    )
    call_bells = call_bell_audits_build(organisation=organisation, today=today, now=now)
    return {"audits": 4 + call_bells, "withdrawn": 1, "sessions": 2}
