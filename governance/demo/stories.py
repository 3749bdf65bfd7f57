"""The five stories the governance demo tells at one service each, as the demo feedback tells them:
call bells at Rowan House and food at Beech Court closed with evidence, home care timekeeping
stalled with nobody challenging it, involvement at Millbrook waiting to show its impact, and
activities at Willow withdrawn without evidence."""

from __future__ import annotations

from core import clock
from governance import services as gov
from governance.demo._common import _Demo, feedback_link
from governance.models import ChallengeSubject, Decision, Meeting, MeetingType


def call_bells_at_rowan_house(d: _Demo) -> Decision:
    """Decided 13 months ago, late, challenged, checked with evidence: a closed loop. What people write
    about time (how late, how long in place) is worked out from the days the story uses, which count
    back from today, so the words stay true whatever day the demo is built."""
    held = d.working(395)  # the meeting's day: a working day
    due, audit_started, challenged, carer_in_post, sent_for_check = 330, 370, 320, 290, 270
    # Each story's meeting is one called about its concern, not a second monthly meeting: a monthly
    # meeting's agenda pack covers the time since the last monthly one.
    rowan_meeting = d.meeting(
        MeetingType.OTHER,
        "Rowan House",
        held,
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
        "A co-production partner told the meeting that residents wait twenty minutes at night.",
        held,
    )
    bells = d.decide(
        rowan_meeting,
        "Grace Okafor",
        held,
        "Audit call-bell response times every week and add a second carer on nights.",
        themes=["call-bells-and-responsiveness"],
        feedback=d.feedback_on("Rowan House", "bell", held),
        action={
            "title": "Weekly call-bell audit and a second night carer",
            "lead": "Tom Hargreaves",
            "verifier": "Grace Okafor",
            "due_days_ago": due,
        },
    )
    bells_action = bells.actions.get()
    gov.action_update_add(
        scope=d.who("Tom Hargreaves"),
        action_id=bells_action.id,
        text="Weekly audit started; recruiting for nights.",
        now=d.at(audit_started),
    )
    late = (clock.day_of(d.at(challenged)) - bells_action.due_on).days
    challenge = gov.challenge_raise(
        scope=d.who("David Mensah"),
        subject=ChallengeSubject.ACTION,
        action_id=bells_action.id,
        question=f"This was due {late} days ago. Why is it late, and what are residents waiting meanwhile?",
        now=d.at(challenged),
    )
    gov.challenge_respond(
        scope=d.who("Tom Hargreaves"),
        challenge_id=challenge.id,
        text="Two offers fell through. Agency cover every night until the post is filled; waits audited weekly, median 6 minutes.",
        now=d.at(316, 15),  # an afternoon after the morning it was raised, should a holiday bring them together
    )
    gov.challenge_conclude(
        scope=d.who("David Mensah"),
        challenge_id=challenge.id,
        satisfied=True,
        text="Satisfied with the interim cover. Report the audit at the next leadership meeting.",
        now=d.at(310),
    )
    gov.action_update_add(
        scope=d.who("Tom Hargreaves"),
        action_id=bells_action.id,
        text="Second night carer in post.",
        now=d.at(carer_in_post),
    )
    gov.action_request_check(
        scope=d.who("Tom Hargreaves"),
        action_id=bells_action.id,
        note=f"Weekly audit running for {d.days_between(audit_started, sent_for_check) // 30} months; second night "
        f"carer in post for {d.days_between(carer_in_post, sent_for_check) // 7} weeks.",
        now=d.at(sent_for_check),
    )
    gov.action_check(
        scope=d.who("Grace Okafor"),
        action_id=bells_action.id,
        impact_shown=True,
        note="Call bells were in about half the comments last summer and in one or two a month since the second night carer started; the weekly audit median is under five minutes; residents at the forum agreed it is better at night.",
        link=feedback_link(service=d.services["Rowan House"], q="call bell", since=d.day(sent_for_check)),
        variation_reason="The fall in comments began when the second night carer started, before it was marked "
        "done; the weekly audit and the residents' forum show it held.",
        now=d.at(240),
    )
    return bells


def food_at_beech_court(d: _Demo) -> tuple[Meeting, Decision]:
    """The co-production forum decides; a family carer checks: closed."""
    held = d.working(180)  # the meeting's day: a working day
    forum = d.meeting(
        MeetingType.COPRODUCTION_FORUM,
        "Beech Court",
        held,
        "Tom Hargreaves",
        [
            ("Jean Taylor", "family_or_advocate", "Papers by email, joined by phone"),
        ],
    )
    food = d.decide(
        forum,
        "Tom Hargreaves",
        held,
        "Residents and families choose the menu each month with the cook.",
        themes=["food-and-drink"],
        feedback=d.feedback_on("Beech Court", "food", held),
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
        scope=d.who("Tom Hargreaves"), action_id=food_action.id, note="Four panels held.", now=d.at(75)
    )
    gov.action_check(
        scope=d.who("Jean Taylor"),
        action_id=food_action.id,
        impact_shown=True,
        note="Comments about cold or repetitive food have halved since the panel began; my mother says the menu is better.",
        link=feedback_link(service=d.services["Beech Court"], q="food", since=d.day(75)),
        variation_reason="The fall began with the first panels, before it was marked done; families at the panel "
        "say the menu is better.",
        now=d.at(45),
    )
    return forum, food


def home_care_timekeeping(d: _Demo) -> None:
    """Decided, overdue, and nobody has challenged it: stalled."""
    held = d.working(95)  # the meeting's day: a working day
    homecare = d.meeting(
        MeetingType.OTHER,
        "Northgate Home Care",
        held,
        "Kwame Boateng",
        [("Bernard Hughes", "uses_services", "BSL interpreter")],
        title="Visit times",
    )
    d.decide(
        homecare,
        "Kwame Boateng",
        held,
        "Plan rounds with travel time between visits and tell people when a carer is late.",
        themes=["organisation-and-reliability"],
        feedback=d.feedback_on("Northgate Home Care", "late", held),
        action={
            "title": "Rota software with travel time, and late-visit phone calls",
            "lead": "Kwame Boateng",
            "verifier": "Grace Okafor",
            "due_days_ago": 35,
        },
    )


def involvement_at_millbrook(d: _Demo) -> None:
    """Acting, with a board member's "show me the impact" waiting for an answer."""
    held = d.working(70)  # the meeting's day: a working day
    millbrook = d.meeting(
        MeetingType.COPRODUCTION_FORUM,
        "Millbrook Supported Living",
        held,
        "Sian Rowlands",
        [("Callum Reid", "uses_services", "Easy-read agenda and a supporter he chose")],
    )
    inv = d.decide(
        millbrook,
        "Sian Rowlands",
        held,
        "Tenants write their own support plans with a supporter they choose.",
        themes=["involvement-in-care-planning"],
        feedback=d.feedback_on("Millbrook Supported Living", "plan", held),
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


def activities_at_willow(d: _Demo) -> None:
    """The action was withdrawn without evidence: stalled."""
    held = d.working(150)  # the meeting's day: a working day
    willow = d.meeting(
        MeetingType.OTHER,
        "Willow Day Opportunities",
        held,
        "Sian Rowlands",
        [("Sam Okoro", "family_or_advocate", "Audio recording of the papers")],
        title="Activities",
    )
    act = d.decide(
        willow,
        "Sian Rowlands",
        held,
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
