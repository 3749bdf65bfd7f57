"""The governance demo's routine: a monthly quality and safety meeting at every service for eighteen
months, each with its minutes and, every third month, a review of what people raised since the last
one. The review decides on the concerns raised most (and on any about safety), in words that follow
the figures: a new concern is shared with the team, a rising one goes to the manager to look into,
a steady one is watched. Only a rising one opens an action: the manager finds out why and reports
back within four weeks, and the quality lead checks it at the next review by the figures: closed
with evidence of impact if the concern was raised less since by more than chance, and otherwise sent back (a leader
asking what else will be done, the manager answering) to be checked again at the review after; a
review finding the concern still rising meanwhile lets that action carry on rather than open a
second. Safety is looked back over at every review: each mention was followed up when it came in.
A concern raised now and then, never among the most raised, is left undecided: those are the loops
the tracker shows as stalled."""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from core import clock
from core.words import listed, words
from core.working_days import working_day
from governance import services as gov
from governance.demo._common import _Demo, feedback_link
from governance.models import Action, ChallengeSubject, MeetingType


class Series(NamedTuple):
    service: str
    chair: str
    manager: str  # how the minutes name the chair's job
    people: str  # how the minutes name the people who use the service
    forum: str  # where they meet to talk about the service
    attendees: list[tuple[str, str, str]]  # name, role at the meeting, support they had
    topics: list[str]  # standing reports, one a meeting


CARE_HOME_TOPICS = ["Falls", "Staffing and agency use", "Medicines audit", "Infection control"]
SERIES = [
    Series(
        "Rowan House",
        "Tom Hargreaves",
        "The registered manager",
        "residents",
        "the residents' meeting",
        [
            ("Aisha Rahman", "member", ""),
            ("Margaret Wilson", "uses_services", "Large-print papers a week before; a quiet room"),
        ],
        CARE_HOME_TOPICS,
    ),
    Series(
        "Beech Court",
        "Tom Hargreaves",
        "The registered manager",
        "residents and families",
        "the residents' and families' meeting",
        [("Jean Taylor", "family_or_advocate", "Joined by phone, papers by email"), ("Grace Okafor", "member", "")],
        CARE_HOME_TOPICS,
    ),
    Series(
        "Northgate Home Care",
        "Kwame Boateng",
        "The home care manager",
        "clients",
        "the clients' reference group",
        [("Bernard Hughes", "uses_services", "BSL interpreter"), ("Grace Okafor", "member", "")],
        ["Missed and late visits", "Staffing and agency use", "Medicines audit", "Infection control"],
    ),
    Series(
        "Millbrook Supported Living",
        "Sian Rowlands",
        "The registered manager",
        "tenants",
        "the tenants' meeting",
        [
            ("Ben Brown", "member", ""),
            ("Callum Reid", "uses_services", "Easy-read papers and a supporter he chose"),
        ],
        ["Staffing and agency use", "Medicines audit", "Tenancy and housing repairs", "Positive behaviour support"],
    ),
    Series(
        "Northgate Community Mental Health",
        "Dr Laura Finch",
        "The team manager",
        "people who use the team",
        "the service user forum",
        [
            ("Daniel Davies", "member", ""),
            ("Sam Okoro", "family_or_advocate", "Audio recording of the papers"),
            ("Grace Okafor", "member", ""),
        ],
        ["Caseloads and waiting times", "Risk assessments", "Medicines audit", "Staffing and agency use"],
    ),
    Series(
        "Willow Day Opportunities",
        "Sian Rowlands",
        "The registered manager",
        "people who come to Willow",
        "the members' meeting",
        [("Esther Evans", "member", ""), ("Sam Okoro", "family_or_advocate", "Audio recording of the papers")],
        ["Transport", "Staffing and agency use", "Medicines audit", "Health and safety checks"],
    ),
]

RAISED_ENOUGH = 3  # pieces of feedback since the last review for a concern to be decided on
MOST = 5  # the concerns raised most that a review decides on
SAFETY = "safety-and-safeguarding"  # decided on whenever raised at all
QUARTER = 90
REPORT_BACK = 28  # days the manager has to find out why a concern is rising
# Days before a review that an action sent back is done again: past the organisation's default wait
# for impact to show (ADR 0009), so the review's check is of a change that has had time to show.
DONE_AGAIN = 35
# Weeks given for another try when an action is sent back: the new due date agreed with the reason.
ANOTHER_TRY = dt.timedelta(weeks=7)
CHECKER = "Grace Okafor"  # the quality lead checks each such action at the next review
LEADER = "David Mensah"  # asks what else will be done when it did not work


class FollowUp(NamedTuple):
    action_id: int
    code: str
    raised: int  # pieces of feedback at the review that opened it
    opened_on: dt.date  # the day of that review
    sent_back: bool = False  # checked once already and sent back to the manager
    challenge_id: int | None = None  # the leader's challenge when it was sent back, answered since


# A story's own concern is in its story's hands from the day its story decides on it.
STORIES = {
    ("Rowan House", "call-bells-and-responsiveness"): 395,
    ("Beech Court", "food-and-drink"): 180,
    ("Northgate Home Care", "organisation-and-reliability"): 95,
    ("Millbrook Supported Living", "involvement-in-care-planning"): 70,
    ("Willow Day Opportunities", "activities-and-social-life"): 150,
}


def _before_story(d: _Demo, service: str, code: str, days_ago: int) -> bool:
    """Whether a concern is still the routine reviews' own on this day: its story (if it has one)
    decides on it later, at its meeting, held on the working day on or before the story's day."""
    story = STORIES.get((service, code))
    return story is None or days_ago > d.working(story)


def routine_meetings(d: _Demo) -> int:
    """Monthly quality and safety meetings at every service, with their minutes and quarterly reviews."""
    made = 0
    reviewed: dict[str, int] = {}  # service -> days ago of its last review
    decided: dict[str, set[str]] = {s.service: set() for s in SERIES}
    before: dict[str, dict[str, int]] = {}  # service -> what its last review heard (none before the first)
    follow_ups: dict[str, list[FollowUp]] = {s.service: [] for s in SERIES}
    for month in range(17, -1, -1):
        for series in SERIES:
            days_ago = d.working(month * 30 + 12 + d.rng.randrange(4))
            present = [a if d.rng.random() > 0.15 else (a[0], a[1], "apologies") for a in series.attendees]
            meeting = d.meeting(MeetingType.QUALITY_SAFETY, series.service, days_ago, series.chair, present)
            d.item(
                meeting,
                series.chair,
                "The agenda pack",
                "Themes, urgent flags and overdue actions were reviewed.",
                days_ago,
            )
            d.item(meeting, series.chair, d.rng.choice(series.topics), "Reported as usual; no new risk.", days_ago)
            if month % 3 == 0:
                # Since the day after the last review; the first looks back a quarter.
                since = reviewed[series.service] - 1 if series.service in reviewed else days_ago + QUARTER
                raised = d.concerns(series.service, since, days_ago)
                still = check(d, series, days_ago, dict(raised), follow_ups[series.service])
                follow_ups[series.service] = still + review(
                    d, meeting, series, days_ago, raised, before.get(series.service), decided[series.service], still
                )
                reviewed[series.service] = days_ago
                before[series.service] = dict(raised)
            made += 1
    return made


def review(
    d: _Demo,
    meeting,
    series: Series,
    days_ago: int,
    raised,
    before: dict[str, int] | None,
    seen: set[str],
    carrying: list[FollowUp] = (),
) -> list[FollowUp]:
    """The quarterly review: the minutes list what was raised, and the meeting decides on the concerns
    raised most and on safety. A rising concern opens an action, unless the one opened for it before
    was sent back and carries on. Returns the actions opened, for the next review to check."""
    open_ = [(c, n) for c, n in raised if _before_story(d, series.service, c, days_ago)]  # not yet a story's
    chosen = [(c, n) for c, n in open_ if n >= RAISED_ENOUGH][:MOST]
    chosen += [(c, n) for c, n in open_ if c == SAFETY and (c, n) not in chosen]
    in_hand = [d.themes[c].name for c, n in raised if n >= RAISED_ENOUGH and (c, n) not in open_]
    counted = ", ".join(f"{d.themes[c].name} ({n})" for c, n in raised if n >= 2)
    d.item(
        meeting,
        series.chair,
        "What people raised since the last review",
        (f"Raised more than once: {counted}." if counted else "Nothing was raised more than once.")
        + (" The meeting decided on those raised most." if chosen else "")
        + (
            f" {listed(in_hand)} {'is' if len(in_hand) == 1 else 'are'} followed up as planned before."
            if in_hand
            else ""
        ),
        days_ago,
    )
    carried = {f.code: f for f in carrying}
    opened = []
    for code, n in chosen:
        was = None if before is None else before.get(code, 0)
        going_on = carried.get(code)
        text = decision_words(
            d, series, d.themes[code].name, code, n, was, code in seen, going_on.opened_on if going_on else None
        )
        action = None
        # A story's concern gets its action from its story: a review before the story only notes it.
        if (
            code != SAFETY
            and (series.service, code) not in STORIES
            and is_rising(n, was, code in seen)
            and going_on is None
        ):
            action = {
                "title": f"Find out why {d.themes[code].name.lower()} is raised more, and report back",
                "lead": series.chair,
                "verifier": CHECKER,
                "due_days_ago": days_ago - REPORT_BACK,
            }
        decision = d.decide(meeting, series.chair, days_ago, text, themes=[code], action=action)
        seen.add(code)
        if action:
            opened.append(FollowUp(decision.actions.get().id, code, n, d.today - dt.timedelta(days=days_ago)))
            if days_ago > REPORT_BACK:
                gov.action_request_check(
                    scope=d.who(series.chair),
                    action_id=opened[-1].action_id,
                    note=f"Asked {series.people} what had changed and reported back to the meeting.",
                    now=d.at(days_ago - REPORT_BACK),
                )
    return opened


def check(
    d: _Demo, series: Series, days_ago: int, raised: dict[str, int], follow_ups: list[FollowUp]
) -> list[FollowUp]:
    """At the next review the quality lead checks each action still to be checked, by the figures:
    raised as a concern less since it was done, beyond normal variation (``impact_figures``), it is
    closed with evidence of impact; otherwise it goes back
    to the manager (the first time, with a leader asking what else will be done) and is checked again
    at the review after. Returns those sent back."""
    still = []
    for follow_up in follow_ups:
        n = raised.get(follow_up.code, 0)
        name = d.themes[follow_up.code].name
        opened_on = f"{follow_up.opened_on:%-d %B %Y}"
        if follow_up.sent_back:
            gov.action_request_check(
                scope=d.who(series.chair),
                action_id=follow_up.action_id,
                note="Tried again with what the team suggested; ready to be checked at the review.",
                now=d.at(days_ago + DONE_AGAIN),
            )
        # The day it was marked done: evidence of impact is looked for from then.
        opened = (d.today - follow_up.opened_on).days
        done_on = clock.day_of(d.at(days_ago + DONE_AGAIN if follow_up.sent_back else opened - REPORT_BACK))
        # Worked only where Heard's figures show it: the concern raised less since it was done, beyond
        # normal variation (ADR 0009); a fall within it is noise, and the action goes back.
        figures = gov.impact_figures(
            scope=d.who(CHECKER),
            action=Action.objects.for_org(d.org).get(id=follow_up.action_id),
            done_on=done_on,
            today=d.today - dt.timedelta(days=days_ago),
        )
        worked = figures is not None and figures.shown
        shown = " ".join(figures.sentences()) if figures is not None else ""
        if worked and follow_up.challenge_id:
            gov.challenge_conclude(
                scope=d.who(LEADER),
                challenge_id=follow_up.challenge_id,
                satisfied=True,
                text=f"{name} is raised less since what was tried. Satisfied.",
                now=d.at(days_ago, 10),
            )
        gov.action_check(
            scope=d.who(CHECKER),
            action_id=follow_up.action_id,
            impact_shown=worked,
            note=(
                f"{name}: raised {times(n)} since the last review, against {times(follow_up.raised)} at the "
                f"review of {opened_on} that opened this action. {shown}"
                + ("" if worked else " Not fewer by more than chance yet.")
            ),
            link=feedback_link(service=d.services[series.service], theme=follow_up.code, since=done_on.isoformat())
            if worked
            else "",
            # Sent back a second time: the checker agrees the date of another try with the lead.
            new_due_on=working_day(d.today - dt.timedelta(days=days_ago) + ANOTHER_TRY)
            if follow_up.sent_back and not worked
            else None,
            due_reason="Not fewer after two tries: the team tries again and reports at the next review."
            if follow_up.sent_back and not worked
            else "",
            now=d.at(days_ago, 11),
        )
        if worked:
            continue
        challenge_id = follow_up.challenge_id
        if not follow_up.sent_back:
            challenge_id = gov.challenge_raise(
                scope=d.who(LEADER),
                subject=ChallengeSubject.ACTION,
                action_id=follow_up.action_id,
                question=f"{compared(name, figures)} What else will be tried, and by when?",
                now=d.at(days_ago - 2),
            ).id
            gov.challenge_respond(
                scope=d.who(series.chair),
                challenge_id=challenge_id,
                text=f"We will try what {series.people} suggested at {series.forum} and report back at the next review.",
                new_due_on=working_day(d.today - dt.timedelta(days=days_ago - 9) + ANOTHER_TRY),
                due_reason=f"Agreed in answer to the challenge: time to try what {series.people} suggested.",
                now=d.at(days_ago - 9),
            )
        still.append(follow_up._replace(sent_back=True, challenge_id=challenge_id))
    return still


def decision_words(
    d: _Demo,
    series: Series,
    name: str,
    code: str,
    n: int,
    was: int | None,
    seen: bool,
    carrying_since: dt.date | None = None,
) -> str:
    """What the meeting decided on one concern, in words that follow its figures since the last quarterly review
    (n) and at the review before (was; None at the first review). ``carrying_since``: the day of the
    review that opened the action still going on for it."""
    manager, people, forum = series.manager, series.people, series.forum
    if code == SAFETY:
        # Each was followed up when it came in (urgent flags reach the safeguarding lead at once): the
        # meeting looks back over what was done, so nobody is given work the minutes do not track.
        options = [
            f"{name}: {words(n, 'mention')} since the last quarterly review. The meeting went through what was done about each "
            "under the safeguarding procedure and found each followed up.",
            f"{name}: {words(n, 'mention')}. The safeguarding lead took the meeting through each; nothing was found missed.",
        ]
    elif carrying_since is not None and is_rising(n, was, seen):
        options = [
            f"{name}: mentioned {n} times since the last quarterly review, up from {was}. The action opened at the review "
            f"of {carrying_since:%-d %B %Y} carries on, with what {people} suggested; checked again at the next review.",
        ]
    elif carrying_since is not None:
        # Not rising, but the action opened for it was sent back and goes on: the meeting says so,
        # rather than "keep watching" a concern it is still acting on.
        options = [
            f"{name}: {words(n, 'mention')} since the last quarterly review. The action opened at the review of "
            f"{carrying_since:%-d %B %Y} is not finished: {manager} to report on it at the next meeting.",
        ]
    elif is_rising(n, was, seen):
        options = [
            f"{name}: mentioned {n} times since the last quarterly review, up from {was}. {manager} to look into why "
            "and report back to the next meeting.",
            f"{name}: up from {was} mentions at the last quarterly review to {n}. {manager} to ask {people} what has changed and report back "
            "next month.",
        ]
    elif not seen:
        options = [
            f"{name}: share what people said with the team at handover and look at it again in three months.",
            f"{name}: read the comments at the next team meeting, ask staff what would help, and look again "
            "in three months.",
            f"{name}: take what people said to {forum} and look again in three months.",
        ]
    elif was is not None and n <= was - 3:
        options = [
            f"{name}: fewer mentions than at the last quarterly review ({was}, now {n}). Keep watching to see whether it stays down.",
            f"{name}: down from {was} mentions at the last quarterly review to {n}. Tell the team it has been noticed and look again in "
            "three months.",
        ]
    else:
        options = [
            f"{name}: keep watching; the figures show no real change ({was or 'no'} mentions at the last quarterly "
            f"review, {n} since).",
            f"{name}: raised about as often as at the last quarterly review ({n} mentions since). Keep it on the agenda and look "
            "again in three months.",
        ]
    return d.rng.choice(options)


def is_rising(n: int, was: int | None, seen: bool) -> bool:
    """A concern raised markedly more than at the last review (a new one only if raised often)."""
    return was is not None and n >= was + 3 and n >= 1.5 * was and (seen or n >= 8)


def compared(name: str, figures) -> str:
    """How often a concern was raised as a concern since the action was done, against as many days
    before, in words that follow the check's figures (rose, fell or as often)."""
    theme = figures.themes[0] if figures is not None and figures.themes else None
    if theme is None or not theme.before:
        return f"{name}: there are too few figures yet to show a change."
    since, was = theme.since, theme.before[-1]
    how = "more often" if since > was else "less often" if since < was else "as often"
    chance = {-1: "fewer by more than chance", 1: "more by more than chance", 0: "within normal variation"}
    judged = chance[theme.side] if theme.limits is not None else "too few figures to tell a change from chance"
    return (
        f"{name} has been raised as a concern {how} since the action was done {'as' if since == was else 'than'} "
        f"before ({since} against "
        f"{was} in as many days): {judged}."
    )


def times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n} times")
