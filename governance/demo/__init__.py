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
- a senior carer at Beech Court left: her action was handed to the registered manager, and the
  leader's challenge put to her waits to be handed over;
- the co-production ledger: residents co-designed the call-bell audit and the Beech Court menu, a
  home care client sat on an interview panel, a planning session and a survey sit lower on the ladder.

The package builds it in named steps, in the order that keeps the demo the same each time:
``_common`` holds what every step shares, ``routine`` the monthly meetings, ``stories`` the five
stories at one service each, ``handover`` the carer who left, ``leadership`` the quarterly
leadership meetings and ``coproduction`` the ledger.
"""

from __future__ import annotations

import datetime as dt
import random

from django.db import transaction

from core import clock
from governance.demo._common import _Demo
from governance.demo.coproduction import coproduction_ledger
from governance.demo.handover import a_carer_who_left
from governance.demo.leadership import quarterly_leadership
from governance.demo.routine import routine_meetings
from governance.demo.stories import (
    activities_at_willow,
    call_bells_at_rowan_house,
    food_at_beech_court,
    home_care_timekeeping,
    involvement_at_millbrook,
)
from organisations.models import Organisation

__all__ = ["governance_demo_build"]

STORY_MEETINGS = 5  # one meeting for each of the five stories


@transaction.atomic
def governance_demo_build(*, organisation: Organisation, seed: int = 2026, today: dt.date | None = None) -> dict:
    """The demo's meetings, decisions, actions and challenges. Needs its people, feedback and coding."""
    d = _Demo(organisation, today or clock.today(), random.Random(f"governance:{seed}"))
    if "call-bells-and-responsiveness" not in d.themes or "Grace Okafor" not in d.people:
        return {"meetings": 0}
    made = routine_meetings(d)
    bells = call_bells_at_rowan_house(d)
    forum, food = food_at_beech_court(d)
    home_care_timekeeping(d)
    involvement_at_millbrook(d)
    activities_at_willow(d)
    a_carer_who_left(d)
    made += quarterly_leadership(d, bells=bells)
    activities = coproduction_ledger(d, bells=bells, food=food, forum=forum)
    return {"meetings": made + STORY_MEETINGS, "activities": activities}
