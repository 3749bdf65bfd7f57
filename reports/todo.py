"""The "Yours to do" part of the home page: the work that waits on the person signed in, and for
those who record feedback, the ways to do it.

Each part is read with the selector its own pages use, and only where the person's role allows it:
actions they lead that are not done (overdue first), actions they are to check, challenges put to
them and those they asked that are not closed (with how long each has waited), the quarterly reviews
of priorities whose objectives they lead and the deadlines of those objectives that fall due soon
(those passed first), the people waiting for a reply (for those
who may reply to them), the changes checked as working not yet told as "You said, we did" (for those
who word them), the open urgent flags past their review-by date (for the safeguarding lead), how much
open work waits on people who cannot sign in (for those who hand it over),
and a way to record feedback and to the poster with the QR code of their
service. The page shows the first few of each and counts the rest.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from feedback import selectors as feedback_selectors
from feedback.rules import Perm as FeedbackPerm
from feedback.rules import has_perm as has_feedback_perm
from feedback.rules import require as require_feedback
from governance.rules import Perm as GovernancePerm
from governance.rules import has_perm as has_governance_perm
from governance.selectors import MyGovernanceWork, held_count, my_governance_work
from organisations.models import Service
from organisations.scope import Scope
from organisations.selectors import service_list
from priorities import selectors as priority_selectors
from priorities.models import QualityPriority
from priorities.rules import Perm as PriorityPerm
from priorities.rules import has_perm as has_priority_perm
from priorities.selectors import DeadlineDue
from reports.rules import Perm as ReportPerm
from reports.rules import has_perm as has_report_perm
from reports.you_said import you_said_unworded
from themes.rules import is_safeguarding_lead
from themes.selectors import urgent_reviews_overdue

TODO_SHOWN = 5  # of each kind; the rest are counted, with a link to them all
POSTERS_SHOWN = 3  # more services than this and the page points to the list of services instead


@dataclass
class YoursToDo:
    today: dt.date
    governance: MyGovernanceWork = field(default_factory=MyGovernanceWork)
    reviews: list[tuple[QualityPriority, dt.date]] = field(default_factory=list)  # with the day each is due
    deadlines: list[DeadlineDue] = field(default_factory=list)  # of objectives they lead, passed first
    replies: int = 0  # people waiting for a reply they asked for, where this person may reply
    oldest_reply: dt.date | None = None  # the day the longest waiting gave their feedback
    late_replies: int = 0  # of those, how many are past their reply target (`feedback.reply_targets`)
    unworded: int = 0  # changes checked as working, not yet told as "You said, we did"
    handovers: int = 0  # open work held by people who cannot sign in, for those who hand it over
    urgent_reviews: int = 0  # open urgent flags past their review-by date, for the safeguarding lead
    may_record_feedback: bool = False
    posters: list[Service] = field(default_factory=list)  # services whose poster they may print
    more_posters: bool = False  # too many services to list: choose one from the list of services
    shown: int = TODO_SHOWN

    @property
    def has_work(self) -> bool:
        return bool(
            self.governance
            or self.reviews
            or self.deadlines
            or self.replies
            or self.unworded
            or self.handovers
            or self.urgent_reviews
        )

    def __bool__(self) -> bool:
        return self.has_work or self.may_record_feedback


def yours_to_do(*, scope: Scope, today: dt.date) -> YoursToDo:
    todo = YoursToDo(today=today, shown=TODO_SHOWN)
    if scope.person is None:
        return todo
    if is_safeguarding_lead(scope):
        todo.urgent_reviews = urgent_reviews_overdue(scope=scope, today=today) or 0
    if has_governance_perm(scope, GovernancePerm.VIEW):
        todo.governance = my_governance_work(scope=scope, today=today)
    if has_priority_perm(scope, PriorityPerm.VIEW):
        due = priority_selectors.due_for_lead(scope=scope, today=today)
        todo.reviews, todo.deadlines = due.reviews, due.deadlines
    if has_feedback_perm(scope, FeedbackPerm.VIEW_PERSONAL):
        waiting = feedback_selectors.replies_waiting(scope=scope)
        if scope.current_service_id:
            waiting = waiting.filter(service_id=scope.current_service_id)
        todo.replies = waiting.count()
        todo.oldest_reply = waiting.values_list("received_on", flat=True).first() if todo.replies else None
        if todo.replies:
            late = feedback_selectors.replies_late(scope=scope, on=today)
            if scope.current_service_id:
                late = late.filter(service_id=scope.current_service_id)
            todo.late_replies = late.count()
    if has_report_perm(scope, ReportPerm.EDIT_YOU_SAID):
        todo.unworded = you_said_unworded(scope=scope)
    if has_governance_perm(scope, GovernancePerm.HAND_OVER):
        todo.handovers = held_count(scope=scope)
    if has_feedback_perm(scope, FeedbackPerm.RECORD_FEEDBACK):
        todo.may_record_feedback = True
        recording = require_feedback(scope, FeedbackPerm.RECORD_FEEDBACK)
        services = service_list(scope=recording)
        if recording.current_service_id:
            services = services.filter(id=recording.current_service_id)
        services = list(services.only("id", "name")[: POSTERS_SHOWN + 1])
        todo.more_posters = len(services) > POSTERS_SHOWN
        todo.posters = [] if todo.more_posters else services
    return todo
