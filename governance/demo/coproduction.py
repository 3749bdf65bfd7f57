"""The governance demo's co-production ledger: residents co-designed the call-bell audit and the
Beech Court menu, a home care client sat on an interview panel, a survey and a planning session sit
lower on the ladder, and what each went on to shape."""

from __future__ import annotations

import datetime as dt

from governance import services as gov
from governance.demo._common import _Demo


def coproduction_ledger(d: _Demo, *, bells, food, forum) -> int:
    """The ledger: what people who use services did, how far they shared power, what it changed."""
    grace = d.who("Grace Okafor")

    def activity(days_ago, service, kind, title, rung, people, recognition, note="", others=(0, ""), **extra):
        return gov.coproduction_record(
            scope=grace,
            kind=kind,
            service_id=d.services[service].id if service else None,
            held_on=d.today - dt.timedelta(days=d.working(days_ago)),  # people meet on working days
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
        (d.today - forum.held_on).days,  # the forum's meeting, held on a working day
        "Beech Court",
        "forum",
        "Residents and families plan the menu",
        "co_production",
        ["Jean Taylor", "Tom Hargreaves"],
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
        now=d.at((d.today - forum.held_on).days, 17),  # the forum's own day, after it is recorded
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
        text="The partners' question on how a coordinator would meet people's communication needs is now "
        "asked at every home care interview.",
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
        others=(8, "people who come to Willow Day Opportunities"),
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
