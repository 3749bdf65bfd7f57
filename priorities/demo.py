"""The demo's quality priorities: last year's planning session chose this year's priorities from the
ideas people ranked, each with measured objectives, reviewed each quarter at a forum with people who
use services (one target raised along the way). The board committed beforehand to adopt what people
ranked highest, and an action opened for the call-bell objective (a second night carer) was checked
with evidence; this autumn's planning session has its ideas ranked and is waiting for its
priorities to be chosen. Written through the services, with `now` set to when
each thing happened, after the governance demo (its ledger holds this autumn's session)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from core import clock
from core.working_days import at_work, at_work_after, working_day
from governance import selectors as governance_selectors
from governance import services as gov
from governance.models import ActivityKind, CoproductionActivity, Meeting, MeetingType
from organisations.models import Organisation, Person, Service
from organisations.scope import scope_of_person
from priorities import services as plan
from priorities.models import Measure

NEXT_YEAR_SESSION = "Planning session for next year's quality priorities"


def priorities_demo_build(*, organisation: Organisation, today: dt.date | None = None) -> dict:
    today = today or clock.today()
    people = {p.full_name: p for p in Person.objects.for_org(organisation)}
    services = {s.name: s for s in Service.objects.for_org(organisation)}
    if "Grace Okafor" not in people or "Rowan House" not in services:
        return {"priorities": 0, "reviews": 0, "sessions": 0}
    grace = people["Grace Okafor"]
    scope = scope_of_person(grace, user=grace.user)

    now = clock.now() if today == clock.today() else clock.end_of_day(today)

    def at(days_ago: int, hour: int = 15) -> dt.datetime:
        """When a person at work did it: on the working day on or before, never later than now."""
        return at_work(today - dt.timedelta(days=days_ago), hour, now=now)

    def session(days_ago, kind, title, rung, names, others, summary=""):
        return gov.coproduction_record(
            scope=scope,
            kind=kind,
            service_id=None,
            held_on=clock.day_of(at(days_ago)),  # people meet on working days
            title=title,
            rung=rung,
            participant_ids=[people[n].id for n in names],
            others_count=others[0],
            others_description=others[1],
            recognition="expenses",
            recognition_note="Taxis and lunch",
            summary=summary,
            now=at(days_ago),
        )

    planning = session(
        360,
        ActivityKind.PLANNING,
        "Planning day: what would most improve your life here?",
        "co_production",
        ["Margaret Wilson", "Jean Taylor", "Bernard Hughes", "Tom Hargreaves"],
        (14, "people who use services and family carers from every service"),
        "People wrote ideas on cards, grouped them, then each had five votes.",
    )
    ideas = {}
    for text, votes in (
        ("Answer the call bell quickly, especially at night", 23),
        ("Tell us what is happening and ask us first", 19),
        ("More trips out and things to do at weekends", 12),
        ("Same carers each week in home care", 9),
    ):
        ideas[text] = plan.idea_add(scope=scope, session_id=planning.id, text=text, votes=votes, now=at(360, 16))

    # The quarterly leadership meeting before the planning day committed to adopting what people chose.
    board = (
        Meeting.objects.for_org(organisation)
        .filter(meeting_type=MeetingType.LEADERSHIP, held_on__range=(today - dt.timedelta(days=400), planning.held_on))
        .order_by("-held_on")
        .first()
    )
    adopted = None
    if board is not None:
        adopted = gov.decision_record(
            scope=scope,
            meeting_id=board.id,
            text="Next year's quality priorities will be the ideas people who use our services rank highest at the "
            "planning day. The board adopts them as they are and will not change them without asking again.",
            evidence=gov.Evidence(
                theme_ids=[governance_selectors.theme_by_code(scope=scope, code="call-bells-and-responsiveness").id]
            ),
            now=at((today - board.held_on).days, 13),
        )
    deadline = dt.date(today.year, 12, 31)
    bells = plan.priority_choose(
        scope=scope,
        session_id=planning.id,
        idea_id=ideas["Answer the call bell quickly, especially at night"].id,
        title="Answer the call bell quickly, day and night",
        why="Residents said waiting at night is frightening and the top vote at the planning day.",
        year=today.year,
        service_id=services["Rowan House"].id,
        decision_id=adopted.id if adopted else None,
        objectives=[
            plan.ObjectiveInput(
                description="Fewer comments about waiting for the call bell",
                measure=Measure.THEME_SHARE,
                theme_code="call-bells-and-responsiveness",
                target=8.0,
                deadline=deadline,
                lead_id=people["Tom Hargreaves"].id,
            )
        ],
        now=at(358),
    )
    involved = plan.priority_choose(
        scope=scope,
        session_id=planning.id,
        idea_id=ideas["Tell us what is happening and ask us first"].id,
        title="Ask people first and keep them told",
        why="People said decisions about them were made without them.",
        year=today.year,
        service_id=None,
        decision_id=adopted.id if adopted else None,
        objectives=[
            plan.ObjectiveInput(
                description="More people say their experience was good or very good",
                measure=Measure.FFT_POSITIVE,
                target=90.0,
                deadline=deadline,
                lead_id=people["Grace Okafor"].id,
            ),
            plan.ObjectiveInput(
                description="More activities where people design or run the change with us",
                measure=Measure.COPRODUCTION_HIGH,
                target=3.0,
                deadline=deadline,
                lead_id=people["Grace Okafor"].id,
            ),
        ],
        now=at(358),
    )
    # Recorded twice on the planning day, and withdrawn the next morning: it stays, marked.
    twice = plan.priority_choose(
        scope=scope,
        session_id=planning.id,
        title="Answer call bells quickly",
        year=today.year,
        service_id=services["Rowan House"].id,
        objectives=[
            plan.ObjectiveInput(
                description="Fewer comments about the call bell",
                measure=Measure.THEME_SHARE,
                theme_code="call-bells-and-responsiveness",
                target=8.0,
                deadline=deadline,
                lead_id=people["Tom Hargreaves"].id,
            )
        ],
        now=at(358, 16),
    )
    plan.priority_withdraw(
        scope=scope,
        priority_id=twice.id,
        reason="Recorded twice on the planning day: the priority is “Answer the call bell quickly, day and night”.",
        now=at_work_after(twice.recorded_at, hour=9),  # the next working morning
    )
    tom = people["Tom Hargreaves"]
    carer = plan.objective_action_open(
        scope=scope,
        objective_id=bells.objectives.get().id,
        action=gov.ActionInput(
            title="A second night carer at Rowan House on the busiest nights",
            description="Residents at the first review said nights were still slow.",
            lead_id=tom.id,
            verifier_id=grace.id,
            due_on=working_day(today - dt.timedelta(days=200), earlier=True),
        ),
        now=at(265),
    )
    tom_scope = scope_of_person(tom, user=tom.user)
    gov.action_update_add(
        scope=tom_scope, action_id=carer.id, text="Rota changed: two carers on Friday to Sunday nights.", now=at(230)
    )
    gov.action_request_check(
        scope=tom_scope,
        action_id=carer.id,
        note="The second carer has worked every busy night since the rota changed.",
        now=at(215),
    )
    gov.action_check(
        scope=scope,
        action_id=carer.id,
        impact_shown=True,
        note="The monthly median wait for the call bell at night is about five minutes, from about fourteen a year before; residents at the monthly meeting said nights are better.",
        link=reverse("priorities:priority", args=[bells.id]),
        variation_reason="The priority's own measure, the monthly median wait at night, fell from about fourteen "
        "minutes to about five.",
        now=at(185),
    )
    reviews = 0
    for days_ago, words in ((270, "first"), (180, "second"), (90, "third")):
        forum = session(
            days_ago,
            ActivityKind.REVIEW,
            f"Quality priorities: {words} quarterly review",
            "engagement",
            ["Margaret Wilson", "Jean Taylor"],
            (8, "residents, home care clients and family carers"),
        )
        for priority in (bells, involved):
            adjustments = []
            if priority is bells and words == "second":
                objective = priority.objectives.get()
                adjustments.append(
                    plan.AdjustmentInput(
                        objective_id=objective.id,
                        target=5.0,
                        deadline=None,
                        why="Residents said eight per cent still meant someone waiting every week; they asked for five.",
                    )
                )
            plan.review_record(
                scope=scope,
                priority_id=priority.id,
                session_id=forum.id,
                progress={
                    "first": "The weekly audit has started; people said nights are still slow.",
                    "second": "Waits are shorter since the second night carer; residents asked for a higher bar.",
                    "third": "Most people say it is better; two still waited at weekends.",
                }[words]
                if priority is bells
                else {
                    "first": "Easy read letters before every change; people want to be asked sooner.",
                    "second": "People now sit on interview panels and menu planning.",
                    "third": "People said they are asked more often, but not always told what happened next.",
                }[words],
                adjustments=adjustments,
                now=at(days_ago, 17),
            )
            reviews += 1

    upcoming = CoproductionActivity.objects.for_org(organisation).filter(title=NEXT_YEAR_SESSION).first()
    if upcoming is not None:
        for text, votes in (
            ("Tell us what happened after we gave feedback", 21),
            ("Help to use the phone and video calls with family", 14),
            ("Quieter mealtimes", 8),
        ):
            plan.idea_add(scope=scope, session_id=upcoming.id, text=text, votes=votes, now=at(30, 17))
    return {"priorities": 2, "withdrawn": 1, "reviews": reviews, "sessions": 4}
