"""API for the governance loop: meetings and decisions with their evidence, the action log, leadership
challenges, the loop tracker and the co-production ledger. Scoped and permissioned exactly like the pages; handlers make one
domain call each."""

from governance.api._common import MAX_LIMIT, router
from governance.api.decisions import (
    AttendanceOut,
    CitationOut,
    DecisionOut,
    MeetingDetailOut,
    MeetingOut,
    decision,
    meeting,
    meetings,
)

# isort: split
# The API description lists the routes in the order they are added: meetings and decisions first,
# then the action log and an action's life, then the co-production ledger.
from governance.api.action_life import (
    ActionIn,
    HandOverIn,
    NoteIn,
    ReasonIn,
    action_create,
    action_done,
    action_hand_over,
    action_withdraw,
)
from governance.api.action_log import (
    ActionOut,
    ChallengeOut,
    CheckIn,
    LoopOut,
    UpdateIn,
    action,
    action_check,
    action_update,
    actions,
    challenges,
    loops,
)
from governance.api.ledger import (
    ActivityDetailOut,
    ActivityIn,
    ActivityOut,
    InfluenceIn,
    InfluenceOut,
    ParticipantOut,
    coproduction_activities,
    coproduction_activity,
    coproduction_influence,
    coproduction_record,
)

__all__ = [
    "MAX_LIMIT",
    "ActionIn",
    "ActionOut",
    "ActivityDetailOut",
    "ActivityIn",
    "ActivityOut",
    "AttendanceOut",
    "ChallengeOut",
    "CheckIn",
    "CitationOut",
    "DecisionOut",
    "HandOverIn",
    "InfluenceIn",
    "InfluenceOut",
    "LoopOut",
    "MeetingDetailOut",
    "MeetingOut",
    "NoteIn",
    "ParticipantOut",
    "ReasonIn",
    "UpdateIn",
    "action",
    "action_check",
    "action_create",
    "action_done",
    "action_hand_over",
    "action_update",
    "action_withdraw",
    "actions",
    "challenges",
    "coproduction_activities",
    "coproduction_activity",
    "coproduction_influence",
    "coproduction_record",
    "decision",
    "loops",
    "meeting",
    "meetings",
    "router",
]
