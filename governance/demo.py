"""Eighteen months of governance for the demo organisation, written through the same services people
use (with `now` set to when each thing happened), so the audit log and the loop tracker tell the
stories the demo feedback tells:

- call bells at Rowan House rose, were decided on, acted on, challenged when late, and checked with
  evidence: a closed loop;
- food at Beech Court: decided at the co-production forum, checked by a family carer: closed;
- timekeeping in home care is still rising; its action is overdue and nobody has challenged it: stalled;
- involvement at Millbrook: acting, with a board member's "show me the impact" waiting for an answer;
- activities at Willow: the action was withdrawn without evidence: stalled;
- a quarterly leadership decision extends the call-bell audit to every care home, waiting for its check;
- staff said concerns went unanswered: the board started speak-up sessions, checked with evidence;
- the co-production ledger: residents co-designed the call-bell audit and the Beech Court menu, a
  home care client sat on an interview panel, a planning session and a survey sit lower on the ladder.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction
from django.db.models import Count

from core import clock
from feedback.models import Feedback
from governance import services as gov
from governance.loops import POSITIVE
from governance.models import ChallengeSubject, MeetingType
from organisations.models import Organisation, Person, Service
from organisations.scope import Scope, scope_of_person, system_scope
from themes.coding.selectors import primary_version as _primary_version
from themes.coding.selectors import themes_applied, themes_by_code

EVIDENCE_LINK = "{site}/feedback/?service={service}&q={words}"


def _as(person: Person) -> Scope:
    """The scope of a demo person, login or not, from their roles (the demo acts as each of them)."""
    return scope_of_person(person, user=person.user)


class _Demo:
    def __init__(self, organisation: Organisation, today: dt.date, rng: random.Random):
        self.org, self.today, self.rng = organisation, today, rng
        self.people = {p.full_name: p for p in Person.objects.for_org(organisation)}
        self.services = {s.name: s for s in Service.objects.for_org(organisation)}
        version = _primary_version(scope=system_scope(organisation=organisation))
        self.themes = themes_by_code(version=version)

    def who(self, name: str) -> Scope:
        return _as(self.people[name])

    def at(self, days_ago: int, hour: int = 10) -> dt.datetime:
        day = self.today - dt.timedelta(days=days_ago)
        return dt.datetime(day.year, day.month, day.day, hour, 0, tzinfo=dt.UTC)

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

    def top_concerns(self, service: str, days_ago: int, n: int = 2) -> list[str]:
        """The themes most raised as concerns at the service in the month before."""
        until = self.today - dt.timedelta(days=days_ago)
        rows = (
            themes_applied(scope=system_scope(organisation=self.org))
            .filter(
                comment__feedback__service=self.services[service],
                comment__feedback__received_on__range=(until - dt.timedelta(days=30), until),
            )
            .exclude(comment__sentiment__in=POSITIVE)
            .values("theme__code")
            .annotate(n=Count("id"))
            .order_by("-n", "theme__code")[:n]
        )
        return [r["theme__code"] for r in rows if r["theme__code"] in self.themes]

    def decide(self, meeting, chair, days_ago, text, *, themes=(), feedback=(), decisions=(), action=None):
        actions = []
        if action:
            actions.append(
                gov.ActionInput(
                    title=action["title"],
                    description=action.get("description", ""),
                    lead_id=self.people[action["lead"]].id,
                    verifier_id=self.people[action["verifier"]].id,
                    due_on=self.today - dt.timedelta(days=action["due_days_ago"]),
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


def _routine_meetings(d: _Demo) -> int:
    """Monthly quality and safety meetings at the care homes and home care, with their minutes."""
    made = 0
    series = [
        (
            "Rowan House",
            "Tom Hargreaves",
            [
                ("Aisha Rahman", "member", ""),
                ("Margaret Wilson", "uses_services", "Large-print papers a week before; a quiet room"),
            ],
        ),
        (
            "Beech Court",
            "Tom Hargreaves",
            [("Jean Taylor", "family_or_advocate", "Joined by phone, papers by email"), ("Grace Okafor", "member", "")],
        ),
        (
            "Northgate Home Care",
            "Kwame Boateng",
            [("Bernard Hughes", "uses_services", "BSL interpreter"), ("Grace Okafor", "member", "")],
        ),
    ]
    for month in range(17, -1, -1):
        for service, chair, attendees in series:
            days_ago = month * 30 + 12 + d.rng.randrange(4)
            present = [a if d.rng.random() > 0.15 else (a[0], a[1], "apologies") for a in attendees]
            meeting = d.meeting(MeetingType.QUALITY_SAFETY, service, days_ago, chair, present)
            d.item(
                meeting, chair, "The agenda pack", "Themes, urgent flags and overdue actions were reviewed.", days_ago
            )
            d.item(
                meeting,
                chair,
                d.rng.choice(["Falls", "Staffing and agency use", "Medicines audit", "Infection control"]),
                "Reported as usual; no new risk.",
                days_ago,
            )
            if month % 3 == 0:
                top = d.top_concerns(service, days_ago)
                if top:
                    d.decide(
                        meeting,
                        chair,
                        days_ago,
                        "Share these themes with the team at handover and look at them again in three months.",
                        themes=top,
                    )
            made += 1
    return made


@transaction.atomic
def governance_demo_build(*, organisation: Organisation, seed: int = 2026, today: dt.date | None = None) -> dict:
    """The demo's meetings, decisions, actions and challenges. Needs its people, feedback and coding."""
    d = _Demo(organisation, today or clock.today(), random.Random(f"governance:{seed}"))
    if "call-bells-and-responsiveness" not in d.themes or "Grace Okafor" not in d.people:
        return {"meetings": 0}
    made = _routine_meetings(d)
    site = "https://heard.example.org"

    # 1. Call bells at Rowan House: decided 13 months ago, late, challenged, checked with evidence.
    rowan_meeting = d.meeting(
        MeetingType.QUALITY_SAFETY,
        "Rowan House",
        395,
        "Grace Okafor",
        [
            ("Tom Hargreaves", "member", ""),
            ("Margaret Wilson", "uses_services", "Large-print papers; her daughter came with her"),
        ],
        title="Call bells",
    )
    d.item(
        rowan_meeting,
        "Grace Okafor",
        "Call bells at night",
        "Margaret told the meeting that residents wait twenty minutes at night.",
        395,
    )
    bells = d.decide(
        rowan_meeting,
        "Grace Okafor",
        395,
        "Audit call-bell response times every week and add a second carer on nights.",
        themes=["call-bells-and-responsiveness"],
        feedback=d.feedback_on("Rowan House", "bell", 395),
        action={
            "title": "Weekly call-bell audit and a second night carer",
            "lead": "Tom Hargreaves",
            "verifier": "Grace Okafor",
            "due_days_ago": 330,
        },
    )
    bells_action = bells.actions.get()
    gov.action_update_add(
        scope=d.who("Tom Hargreaves"),
        action_id=bells_action.id,
        text="Weekly audit started; recruiting for nights.",
        now=d.at(370),
    )
    challenge = gov.challenge_raise(
        scope=d.who("David Mensah"),
        subject=ChallengeSubject.ACTION,
        action_id=bells_action.id,
        question="This was due last month. Why is it late, and what are residents waiting meanwhile?",
        now=d.at(320),
    )
    gov.challenge_respond(
        scope=d.who("Tom Hargreaves"),
        challenge_id=challenge.id,
        text="Two offers fell through. Agency cover every night until the post is filled; waits audited weekly, median 6 minutes.",
        now=d.at(316),
    )
    gov.challenge_conclude(
        scope=d.who("David Mensah"),
        challenge_id=challenge.id,
        satisfied=True,
        text="Satisfied with the interim cover. Report the audit at the next leadership meeting.",
        now=d.at(310),
    )
    gov.action_update_add(
        scope=d.who("Tom Hargreaves"), action_id=bells_action.id, text="Second night carer in post.", now=d.at(290)
    )
    gov.action_request_check(
        scope=d.who("Tom Hargreaves"), action_id=bells_action.id, note="Both in place for three months.", now=d.at(250)
    )
    gov.action_check(
        scope=d.who("Grace Okafor"),
        action_id=bells_action.id,
        impact_shown=True,
        note="Call-bell comments fell from about fourteen a month to four; the weekly audit median is under five minutes; residents at the forum agreed it is better at night.",
        link=EVIDENCE_LINK.format(site=site, service=d.services["Rowan House"].id, words="call+bell"),
        now=d.at(240),
    )

    # 2. Food at Beech Court: the co-production forum decides; a family carer checks.
    forum = d.meeting(
        MeetingType.COPRODUCTION_FORUM,
        "Beech Court",
        180,
        "Tom Hargreaves",
        [
            ("Jean Taylor", "family_or_advocate", "Papers by email, joined by phone"),
            ("Margaret Wilson", "uses_services", "Large print"),
        ],
    )
    food = d.decide(
        forum,
        "Tom Hargreaves",
        180,
        "Residents and families choose the menu each month with the cook.",
        themes=["food-and-drink"],
        feedback=d.feedback_on("Beech Court", "food", 180),
        action={
            "title": "Monthly menu panel with residents and families",
            "lead": "Tom Hargreaves",
            "verifier": "Jean Taylor",
            "due_days_ago": 120,
        },
    )
    food_action = food.actions.get()
    gov.action_update_add(
        scope=d.who("Tom Hargreaves"),
        action_id=food_action.id,
        text="First panel held; hot food now served from the kitchen trolley.",
        now=d.at(150),
    )
    gov.action_request_check(
        scope=d.who("Tom Hargreaves"), action_id=food_action.id, note="Four panels held.", now=d.at(60)
    )
    gov.action_check(
        scope=d.who("Jean Taylor"),
        action_id=food_action.id,
        impact_shown=True,
        note="Comments about cold or repetitive food have halved since the panel began; my mother says the menu is better.",
        link=EVIDENCE_LINK.format(site=site, service=d.services["Beech Court"].id, words="food"),
        now=d.at(45),
    )

    # 3. Home care timekeeping: decided, overdue, nobody has challenged it.
    homecare = d.meeting(
        MeetingType.QUALITY_SAFETY,
        "Northgate Home Care",
        95,
        "Kwame Boateng",
        [("Bernard Hughes", "uses_services", "BSL interpreter")],
    )
    d.decide(
        homecare,
        "Kwame Boateng",
        95,
        "Plan rounds with travel time between visits and tell people when a carer is late.",
        themes=["organisation-and-reliability"],
        feedback=d.feedback_on("Northgate Home Care", "late", 95),
        action={
            "title": "Rota software with travel time, and late-visit phone calls",
            "lead": "Kwame Boateng",
            "verifier": "Grace Okafor",
            "due_days_ago": 35,
        },
    )

    # 4. Involvement at Millbrook: acting; a board member asks for the impact.
    millbrook = d.meeting(
        MeetingType.COPRODUCTION_FORUM,
        "Millbrook Supported Living",
        70,
        "Sian Rowlands",
        [("Callum Reid", "uses_services", "Easy-read agenda and a supporter he chose")],
    )
    inv = d.decide(
        millbrook,
        "Sian Rowlands",
        70,
        "Tenants write their own support plans with a supporter they choose.",
        themes=["involvement-in-care-planning"],
        feedback=d.feedback_on("Millbrook Supported Living", "plan", 70),
        action={
            "title": "Support plans rewritten with each tenant",
            "lead": "Sian Rowlands",
            "verifier": "Callum Reid",
            "due_days_ago": -40,
        },
    )
    inv_action = inv.actions.get()
    gov.action_update_add(
        scope=d.who("Sian Rowlands"),
        action_id=inv_action.id,
        text="Six of eleven plans rewritten with tenants.",
        now=d.at(20),
    )
    gov.challenge_raise(
        scope=d.who("Ruth Adeyemi"),
        subject=ChallengeSubject.ACTION,
        action_id=inv_action.id,
        question="Show me the impact: what do tenants say is different?",
        now=d.at(10),
    )

    # 5. Activities at Willow: withdrawn without evidence.
    willow = d.meeting(
        MeetingType.QUALITY_SAFETY,
        "Willow Day Opportunities",
        150,
        "Sian Rowlands",
        [("Sam Okoro", "family_or_advocate", "Audio recording of the papers")],
    )
    act = d.decide(
        willow,
        "Sian Rowlands",
        150,
        "Try a weekly outing to the leisure centre.",
        themes=["activities-and-social-life"],
        action={
            "title": "Weekly leisure-centre outing",
            "lead": "Sian Rowlands",
            "verifier": "Sam Okoro",
            "due_days_ago": 100,
        },
    )
    gov.action_withdraw(
        scope=d.who("Grace Okafor"),
        action_id=act.actions.get().id,
        reason="The minibus lease ended; no replacement yet.",
        now=d.at(90),
    )

    # 6. Quarterly leadership: extend the call-bell audit to every care home, waiting for its check.
    for quarter in range(6):
        days_ago = quarter * 91 + 20
        leadership = d.meeting(
            MeetingType.LEADERSHIP,
            None,
            days_ago,
            "David Mensah",
            [
                ("Grace Okafor", "member", ""),
                ("Ruth Adeyemi", "member", ""),
                ("Margaret Wilson", "uses_services", "Large print; paid for her time"),
            ],
        )
        d.item(
            leadership,
            "David Mensah",
            "Loops and challenges",
            "The board reviewed stalled loops and open challenges.",
            days_ago,
        )
        made += 1
        if quarter == 1:
            # Staff said nights are short and concerns go unanswered: the board acts on speaking up.
            speak_up = d.decide(
                leadership,
                "David Mensah",
                days_ago,
                "Start a monthly speak-up session with the registered manager and answer every staff concern in writing within two weeks.",
                themes=["staff-wellbeing", "leadership-and-management"],
                action={
                    "title": "Monthly speak-up sessions, every concern answered in two weeks",
                    "lead": "Ruth Adeyemi",
                    "verifier": "David Mensah",
                    "due_days_ago": 50,
                },
            )
            speak_action = speak_up.actions.get()
            gov.action_update_add(
                scope=d.who("Ruth Adeyemi"),
                action_id=speak_action.id,
                text="Three sessions held; eleven concerns raised, all answered in writing.",
                now=d.at(days_ago - 45),
            )
            gov.action_check(
                scope=d.who("David Mensah"),
                action_id=speak_action.id,
                impact_shown=True,
                note="Every concern since the sessions began was answered within two weeks; staff comments about not being heard have stopped.",
                link=EVIDENCE_LINK.format(site=site, service=d.services["Rowan House"].id, words="concern"),
                now=d.at(40),
            )
        if quarter == 2:
            extend = d.decide(
                leadership,
                "David Mensah",
                days_ago,
                "Extend the Rowan House call-bell audit to every care home.",
                themes=["call-bells-and-responsiveness"],
                decisions=[bells],
                action={
                    "title": "Call-bell audit in every care home",
                    "lead": "Grace Okafor",
                    "verifier": "David Mensah",
                    "due_days_ago": -20,
                },
            )
            extend_action = extend.actions.get()
            gov.action_update_add(
                scope=d.who("Grace Okafor"),
                action_id=extend_action.id,
                text="Audits running at Rowan House and Beech Court.",
                now=d.at(days_ago - 40),
            )
            gov.action_request_check(
                scope=d.who("Grace Okafor"),
                action_id=extend_action.id,
                note="Both homes audited weekly for three months.",
                now=d.at(25),
            )
    activities = _coproduction(d, bells=bells, food=food, forum=forum)
    return {"meetings": made + 5, "activities": activities}  # and the five meetings of the stories above


def _coproduction(d: _Demo, *, bells, food, forum) -> int:
    """The ledger: what people who use services did, how far they shared power, what it changed."""
    grace = d.who("Grace Okafor")

    def activity(days_ago, service, kind, title, rung, people, recognition, note="", others=(0, ""), **extra):
        return gov.coproduction_record(
            scope=grace,
            kind=kind,
            service_id=d.services[service].id if service else None,
            held_on=d.today - dt.timedelta(days=days_ago),
            title=title,
            rung=rung,
            participant_ids=[d.people[name].id for name in people],
            others_count=others[0],
            others_description=others[1],
            recognition=recognition,
            recognition_note=note,
            now=d.at(days_ago, 16),
            **extra,
        )

    audit = activity(
        402,
        "Rowan House",
        "audit_design",
        "Residents write the call-bell audit questions",
        "co_design",
        ["Margaret Wilson", "Tom Hargreaves"],
        "payment",
        "£15 an hour and lunch",
        (3, "residents of Rowan House"),
        summary="Residents said the audit should ask how long they waited at night, not only whether the bell "
        "was answered. They wrote the five questions in their own words and tried them with two other residents.",
    )
    gov.coproduction_influence_add(
        scope=grace,
        activity_id=audit.id,
        text="The weekly call-bell audit asks the residents' five questions.",
        decision_id=bells.id,
        now=d.at(394, 9),
    )
    menu = activity(
        180,
        "Beech Court",
        "forum",
        "Residents and families plan the menu",
        "co_production",
        ["Jean Taylor", "Margaret Wilson", "Tom Hargreaves"],
        "voucher",
        "£20 voucher each",
        (5, "residents and two family members"),
        meeting_id=forum.id,
        summary="The forum and the cook agreed to run the menu together, with a panel each month.",
    )
    gov.coproduction_influence_add(
        scope=grace,
        activity_id=menu.id,
        text="A monthly menu panel of residents and families chooses the menu with the cook.",
        decision_id=food.id,
        now=d.at(179, 9),
    )
    panel = activity(
        75,
        "Northgate Home Care",
        "interview_panel",
        "Interview panel for a home care coordinator",
        "engagement",
        ["Bernard Hughes", "Kwame Boateng"],
        "payment",
        "£15 an hour; BSL interpreter booked",
    )
    gov.coproduction_influence_add(
        scope=grace,
        activity_id=panel.id,
        text="Bernard's question on how a coordinator would meet people's communication needs is now asked "
        "at every home care interview.",
        now=d.at(70, 9),
    )
    activity(
        120,
        "Willow Day Opportunities",
        "review",
        "Survey about the activities timetable",
        "informing",
        [],
        "thanks",
        others=(8, "people who come to Willow"),
        summary="People were shown the new timetable and asked to fill in a short survey.",
    )
    activity(
        30,
        None,
        "planning",
        "Planning session for next year's quality priorities",
        "consultation",
        ["Margaret Wilson", "Callum Reid", "Sam Okoro", "Ruth Adeyemi"],
        "expenses",
        "Taxis and lunch",
        (12, "people who use services and family carers from every service"),
    )
    return 5
