"""Pages for meetings, minutes, the action log, leadership challenge and the loop tracker."""

from governance.views.actions import action_detail, action_list, action_new
from governance.views.challenges import challenge_detail, challenge_list
from governance.views.coproduction import coproduction_detail, coproduction_list, coproduction_new
from governance.views.handovers import handover_list
from governance.views.loops import loop_list, theme_detail
from governance.views.meetings import (
    decision_detail,
    decision_new,
    meeting_detail,
    meeting_list,
    meeting_new,
    meeting_pack,
)

__all__ = [
    "action_detail",
    "action_list",
    "action_new",
    "challenge_detail",
    "challenge_list",
    "coproduction_detail",
    "coproduction_list",
    "coproduction_new",
    "decision_detail",
    "decision_new",
    "handover_list",
    "loop_list",
    "meeting_detail",
    "meeting_list",
    "meeting_new",
    "meeting_pack",
    "theme_detail",
]
