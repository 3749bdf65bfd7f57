"""How a report without names names a person: by a role they hold, in plain words."""

from __future__ import annotations

from collections import defaultdict

from organisations.models import RoleAssignment
from organisations.roles import Role
from organisations.scope import Scope
from reports.rules import Perm, require

# The role a person is named by in a report without names: the most senior one they hold.
ROLE_ORDER = (
    Role.LEADER,
    Role.QUALITY_LEAD,
    Role.SERVICE_MANAGER,
    Role.ADMINISTRATOR,
    Role.STAFF,
    Role.PARTNER,
    Role.COMMISSIONER,
)
ROLE_WORDS = {
    Role.LEADER: "a leader",
    Role.QUALITY_LEAD: "the quality lead",
    Role.SERVICE_MANAGER: "the service manager",
    Role.ADMINISTRATOR: "an administrator",
    Role.STAFF: "a member of staff",
    Role.PARTNER: "a co-production partner",
    Role.COMMISSIONER: "a commissioner",
}


def roles_of(*, scope: Scope, person_ids) -> dict[int, str]:
    """{person id: the words for their most senior role}, e.g. "the service manager"."""
    scope = require(scope, Perm.VIEW_REPORT_FIGURES)
    held: dict[int, set[str]] = defaultdict(set)
    for person_id, role in (
        RoleAssignment.objects.for_org(scope.organisation)
        .filter(person_id__in=set(person_ids))
        .values_list("person_id", "role")
    ):
        held[person_id].add(role)
    out = {}
    for person_id in set(person_ids):
        role = next((r for r in ROLE_ORDER if r in held.get(person_id, ())), None)
        out[person_id] = ROLE_WORDS[role] if role else "someone no longer in a role"
    return out
