"""What a co-production partner is told about the feedback they do not see.

A partner reads only the feedback whose giver agreed it could be shared (ADR 0004,
`selectors._quoted_only_for_partners`). The list and a piece they cannot open say so, with how
many of all the feedback they see: the count of all leaves out the feedback withheld for an urgent
flag, as everything does (ADR 0007), so the difference is only what was not agreed. Their home page,
the loop tracker and a theme's page count only what they can open (`selectors.readable_q`, through
`governance.loops.loops_as_read`), so they have nothing to explain.
"""

from __future__ import annotations

from dataclasses import dataclass

from feedback.models import Feedback
from feedback.rules import RULES, Perm, require
from feedback.selectors import FeedbackFilters, _filtered, _not_withheld, _quoted_only_for_partners
from organisations.scope import Scope


@dataclass(frozen=True)
class SharedOnly:
    everywhere: bool  # every service on the list shows only shared feedback; else only some of them
    shown: int | None  # the feedback on the list; None after a search of the text
    of: int | None  # all the feedback there that matches; None after a search of the text


def reads_shared_only(*, scope: Scope, service_id: int | None = None) -> bool:
    """Whether, at ``service_id`` (or the service being looked at, or any of theirs), this person
    reads only the feedback whose giver agreed it could be shared."""
    reading = scope.within(RULES[Perm.VIEW_PERSONAL_IN_TEXT])
    if reading is None:
        return True
    if reading.all_services:
        return False
    looking = service_id or scope.current_service_id
    if looking:
        return looking not in reading.service_ids
    return scope.all_services or bool(set(scope.service_ids) - set(reading.service_ids))


def shared_only(*, scope: Scope, filters: FeedbackFilters | None = None) -> SharedOnly | None:
    """For the feedback list: how many of the feedback matching ``filters`` this person sees, of how
    many; None for someone who sees all of it. After a search of the text no counts are given: the
    count of all would tell which words the feedback they may not read holds."""
    scope = require(scope, Perm.VIEW_FEEDBACK)
    filters = filters or FeedbackFilters()
    if not reads_shared_only(scope=scope, service_id=filters.service_id):
        return None
    looking = filters.service_id or scope.current_service_id
    everywhere = looking is not None or scope.within(RULES[Perm.VIEW_PERSONAL_IN_TEXT]) is None
    if filters.search.strip():
        return SharedOnly(everywhere=everywhere, shown=None, of=None)
    visible = Feedback.objects.for_scope(scope).filter(
        _not_withheld(scope, feedback_ref="pk", pending_ref="urgent_check_pending", service_ref="service_id")
    )
    shared = visible.filter(_quoted_only_for_partners(scope, consent_ref="consent_to_quote", service_ref="service_id"))
    return SharedOnly(
        everywhere=everywhere,
        shown=_filtered(scope, shared, filters).count(),
        of=_filtered(scope, visible, filters).count(),
    )
