"""Actions in the quality action log, with their status as it stood at the end of the period."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from governance.models import (
    ACTIVE_STATUSES,
    Action,
    ActionKind,
    ActionStatus,
    Challenge,
    DueDateChange,
    due_on_at,
    is_overdue,
)
from governance.selectors import StatusThen, action_statuses_until
from governance.selectors.action_themes import action_theme_codes
from organisations.models import Service
from organisations.scope import Scope
from reports.oversight._common import _local_date, _require
from reports.oversight.roles import roles_of

WHOLE_ORGANISATION = "Whole organisation"  # the service of an action for the whole organisation
NOT_STARTED = StatusThen(ActionStatus.OPEN)  # an action with no status row by the end


@dataclass
class ActionFact:
    id: int
    service: str
    theme_codes: set[str]
    opened_on: dt.date
    due_on: dt.date  # as it stood at the end of the period: a date agreed later does not count back
    status: str  # as it stood at the end of the period
    closed_on: dt.date | None  # closed with evidence of impact by then
    lead_role: str
    challenged: bool
    # Details: only with personal=True.
    title: str = ""
    lead: str = ""
    verifier: str = ""
    checked_by: str = ""
    impact_note: str = ""
    # The last day it was marked done by then: after a send-back, the day it was done again, if it was.
    last_done_on: dt.date | None = None
    kind: str = ActionKind.CHANGE  # an action that finds out and reports back is not a change (ADR 0009)

    @property
    def impact_on(self) -> dt.date | None:
        """The day it was closed with evidence of impact: only a change can have an impact."""
        return self.closed_on if self.kind == ActionKind.CHANGE else None

    @property
    def reported_back_on(self) -> dt.date | None:
        """The day an action that finds out and reports back was closed: investigated and reported back."""
        return self.closed_on if self.kind == ActionKind.INVESTIGATION else None

    @property
    def still_done(self) -> bool:
        """Marked done and, at the end of the period, not sent back or withdrawn since."""
        return self.status in (ActionStatus.AWAITING_CHECK, ActionStatus.CLOSED)

    @property
    def active(self) -> bool:
        return self.status in ACTIVE_STATUSES

    def overdue_on(self, day: dt.date) -> bool:
        return is_overdue(status=self.status, due_on=self.due_on, on=day)

    @property
    def status_label(self) -> str:
        return ActionStatus(self.status).label


def actions_until(
    *, scope: Scope, end: dt.datetime, service: Service | None = None, personal: bool = False
) -> list[ActionFact]:
    """Every action opened before `end`, with its status then (``action_statuses_until``, from its
    appended status rows, as the agenda pack and the loop tracker read it) and its due date then (from
    its due date changes)."""
    scope = _require(scope, personal)
    actions = Action.objects.for_scope(scope).filter(created_at__lt=end)
    if service is not None:
        actions = actions.filter(service=service)
    fields = ["id", "service__name", "created_at", "due_on", "lead_id", "kind"]
    if personal:
        fields += ["title", "lead__full_name", "verifier__full_name", "checked_by__full_name", "impact_note"]
    rows = list(actions.values(*fields).order_by("due_on", "id"))
    ids = [r["id"] for r in rows]
    about = action_theme_codes(actions)
    then = action_statuses_until(scope=scope, action_ids=ids, end=end)
    due_changes: dict[int, list] = {}
    for action_id, at, from_due, to_due in (
        DueDateChange.objects.for_scope(scope)
        .filter(action_id__in=ids)
        .order_by("at", "id")
        .values_list("action_id", "at", "from_due_on", "to_due_on")
    ):
        due_changes.setdefault(action_id, []).append((at, from_due, to_due))
    challenged = set(
        Challenge.objects.for_scope(scope)
        .filter(action_id__in=ids, raised_at__lt=end)
        .values_list("action_id", flat=True)
    )
    roles = roles_of(scope=scope, person_ids=[r["lead_id"] for r in rows])
    out = []
    for r in rows:
        codes = set(about.get(r["id"], ()))
        was = then.get(r["id"], NOT_STARTED)
        fact = ActionFact(
            id=r["id"],
            service=r["service__name"] or WHOLE_ORGANISATION,
            theme_codes=codes,
            opened_on=_local_date(r["created_at"]),
            due_on=due_on_at(due_on=r["due_on"], changes=due_changes.get(r["id"], []), end=end),
            status=was.status,
            last_done_on=_local_date(was.last_done_at),
            closed_on=_local_date(was.closed_at),
            lead_role=roles[r["lead_id"]],
            challenged=r["id"] in challenged,
            kind=r["kind"],
        )
        if personal:
            fact.title = r["title"]
            fact.lead = r["lead__full_name"]
            fact.verifier = r["verifier__full_name"]
            fact.checked_by = (r["checked_by__full_name"] or "") if fact.closed_on else ""
            fact.impact_note = r["impact_note"] if fact.closed_on else ""
        out.append(fact)
    return out
