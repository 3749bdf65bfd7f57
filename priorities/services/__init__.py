"""Writes for quality priorities: ideas from a planning session, the priorities chosen with their
objectives, objectives added later, and quarterly reviews with their readings and adjustments.

Each service checks permission first, works inside one transaction, appends rather than edits, and
writes its audit event. Every one takes `now` so that the demo can write history and tests can fix
the clock.
"""

from priorities.services.ideas import MAX_VOTES, idea_add, idea_chosen_as, idea_correct, idea_withdraw
from priorities.services.planning import (
    YEARS_AHEAD,
    ObjectiveInput,
    may_withdraw,
    objective_action_open,
    objective_add,
    objective_plan_problems,
    priority_choose,
    priority_closed_refusal,
    priority_place_problems,
    priority_rested_on,
    priority_withdraw,
)
from priorities.services.reviews import AdjustmentInput, review_record

__all__ = [
    "MAX_VOTES",
    "YEARS_AHEAD",
    "AdjustmentInput",
    "ObjectiveInput",
    "idea_add",
    "idea_chosen_as",
    "idea_correct",
    "idea_withdraw",
    "may_withdraw",
    "objective_action_open",
    "objective_add",
    "objective_plan_problems",
    "priority_choose",
    "priority_closed_refusal",
    "priority_place_problems",
    "priority_rested_on",
    "priority_withdraw",
    "review_record",
]
