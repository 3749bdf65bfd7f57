"""The governance demo's quarterly leadership meetings: the board reviews stalled loops and open
challenges, starts speak-up sessions when staff say their concerns go unanswered (checked with
evidence), and extends the call-bell audit to every care home (waiting for its check)."""

from __future__ import annotations

from governance import services as gov
from governance.demo._common import _Demo, feedback_link
from governance.models import Decision, Meeting, MeetingType

QUARTERS = 6


def quarterly_leadership(d: _Demo, *, bells: Decision) -> int:
    """Six quarters of leadership meetings for the whole organisation; returns how many were held."""
    made = 0
    for quarter in range(QUARTERS):
        days_ago = d.working(quarter * 91 + 20)
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
            speak_up_sessions(d, leadership, days_ago)
        if quarter == 2:
            call_bell_audit_everywhere(d, leadership, days_ago, bells=bells)
    return made


def speak_up_sessions(d: _Demo, leadership: Meeting, days_ago: int) -> None:
    """Staff said nights are short and concerns go unanswered: the board acts on speaking up."""
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
    gov.action_request_check(
        scope=d.who("Ruth Adeyemi"),
        action_id=speak_action.id,
        note="Sessions held every month; every concern raised has had a written answer.",
        now=d.at(42),
    )
    gov.action_check(
        scope=d.who("David Mensah"),
        action_id=speak_action.id,
        impact_shown=True,
        note="Every concern since the sessions began was answered within two weeks; staff comments about not being heard have stopped.",
        # the whole organisation's, as the action is, from the day it was done
        link=feedback_link(service=None, theme="staff-wellbeing", since=d.day(42)),
        variation_reason="Every concern raised at the sessions had a written answer within two weeks: the record "
        "of answers shows the change, which feedback counts alone cannot yet.",
        now=d.at(12),
    )


def call_bell_audit_everywhere(d: _Demo, leadership: Meeting, days_ago: int, *, bells: Decision) -> None:
    """The Rowan House call-bell audit extended to every care home, waiting for its check."""
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
