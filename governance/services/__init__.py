"""Writes for meetings, minutes, decisions, actions and challenges.

Each service checks permission first, works inside one transaction, appends rather than edits, and
writes its audit event. Every one takes `now` so that the demo can write history and tests can fix
the clock; by default it is the real time.
"""

from governance.services._common import MAX_TEXT
from governance.services.actions import (
    ActionInput,
    action_closed_refusal,
    action_create,
    action_plan_problems,
    action_request_check,
    action_update_add,
    action_withdraw,
)
from governance.services.challenges import (
    challenge_conclude,
    challenge_raise,
    challenge_respond,
    challenge_waiting_besides,
)
from governance.services.checks import action_check, check_not_yet, figures_problem
from governance.services.coproduction import (
    ActivityInput,
    activity_cited_by,
    coproduction_closed_refusal,
    coproduction_correct,
    coproduction_influence_add,
    coproduction_record,
    coproduction_withdraw,
)
from governance.services.due_dates import action_due_date_change, due_date_refusal, may_change_due_date
from governance.services.handovers import action_hand_over, challenge_hand_over
from governance.services.impact import impact_wait
from governance.services.impact_figures import impact_figures
from governance.services.meetings import (
    Evidence,
    decision_closed_refusal,
    decision_record,
    meeting_attendance_record,
    meeting_closed_note,
    meeting_closed_refusal,
    meeting_create,
    meeting_item_add,
)
from governance.services.rights import (
    answerer_refusal,
    answerers,
    check_refusal,
    escalation_refusal,
    escalation_targets,
    lead_refusal,
    may_add_progress,
    progress_refusal,
)

__all__ = [
    "MAX_TEXT",
    "answerer_refusal",
    "answerers",
    "escalation_refusal",
    "escalation_targets",
    "ActionInput",
    "Evidence",
    "action_check",
    "action_due_date_change",
    "due_date_refusal",
    "impact_wait",
    "impact_figures",
    "figures_problem",
    "may_change_due_date",
    "action_hand_over",
    "challenge_hand_over",
    "action_closed_refusal",
    "action_create",
    "action_plan_problems",
    "action_request_check",
    "action_update_add",
    "action_withdraw",
    "check_not_yet",
    "check_refusal",
    "lead_refusal",
    "may_add_progress",
    "progress_refusal",
    "challenge_conclude",
    "challenge_raise",
    "challenge_respond",
    "challenge_waiting_besides",
    "ActivityInput",
    "activity_cited_by",
    "coproduction_closed_refusal",
    "coproduction_correct",
    "coproduction_influence_add",
    "coproduction_record",
    "coproduction_withdraw",
    "decision_closed_refusal",
    "decision_record",
    "meeting_attendance_record",
    "meeting_closed_note",
    "meeting_closed_refusal",
    "meeting_create",
    "meeting_item_add",
]
