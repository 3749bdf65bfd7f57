"""The governance demo's routine: monthly quality and safety meetings at the care homes and home
care for eighteen months, each with its minutes and, every third month, a decision on the themes
most raised."""

from __future__ import annotations

from governance.demo._common import _Demo
from governance.models import MeetingType


def routine_meetings(d: _Demo) -> int:
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
