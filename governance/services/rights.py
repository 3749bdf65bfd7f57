"""Who may take which step on an action, and, when someone may not, why, in words the page shows them;
and who may answer a leadership challenge, and whom it may be taken further to.

A person's right to a step can go while their page is open: a quality lead or an administrator hands
the action's lead or verifier to someone else (ADR 0009). The services refuse the step with these
words, and the action page takes whoever sent the form back to the action, saying why nothing was
saved (ADR 0009's addendum on a right lost while the page was open)."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from governance.models import Action, Challenge, Handover, HandoverPart
from governance.rules import is_person
from governance.selectors.people import managers_of
from organisations.models import Person, RoleAssignment
from organisations.roles import Role
from organisations.scope import Scope
from organisations.signin import SIGNS_IN


def _handed_from_me(scope: Scope, action: Action, part: str) -> bool:
    """Whether this person had ``part`` of the action until it was handed to someone else."""
    return (
        scope.person is not None
        and Handover.objects.for_org(scope.organisation)
        .filter(action_id=action.id, part=part, from_person_id=scope.person.id)
        .exists()
    )


def progress_refusal(scope: Scope, action: Action) -> str | None:
    """Why this person may not add progress to the action, or None if they may (ADR 0009's addendum on
    progress). Progress is the lead's account of the work: the lead adds it, and so may the lead's
    manager (``managers_of``) speaking for a lead who is away, but never the person who checks the
    action, whose word is the check. A leader questions an action by challenging it. A lead whose
    action was handed on is told who leads it now."""
    if is_person(scope, action.lead_id):
        return None
    lead = action.lead.full_name
    if is_person(scope, action.verifier_id):
        return (
            f"You check this action, so its progress is not yours to add: that is for its lead, {lead}, or "
            "their manager. Say what is missing when you check it."
        )
    managers = managers_of(organisation=scope.organisation, action=action) if scope and scope.person else []
    if any(m.id == scope.person.id for m in managers):
        return None
    if _handed_from_me(scope, action, HandoverPart.LEAD):
        return f"This action is now led by {lead}, so only they, or their manager, can add its progress."
    return f"Only the action's lead, {lead}, or their manager may add its progress."


def may_add_progress(scope: Scope, action: Action) -> bool:
    """Whether the action page offers this person the progress form: only where the service would take it."""
    return action.is_active and progress_refusal(scope, action) is None


def lead_refusal(scope: Scope, action: Action) -> str | None:
    """Why this person may not say the action is done and ask for its check, or None if they may:
    only its lead does."""
    if is_person(scope, action.lead_id):
        return None
    if _handed_from_me(scope, action, HandoverPart.LEAD):
        return f"This action is now led by {action.lead.full_name}, so only they can say it is done."
    return "Only the action's lead may say it is done."


def check_refusal(scope: Scope, action: Action) -> str | None:
    """Why this person may not check the action, or None if they may: only its verifier does, and
    never its own lead."""
    if is_person(scope, action.lead_id):
        return "An action cannot be checked by its own lead."
    if is_person(scope, action.verifier_id):
        return None
    verifier = action.verifier.full_name
    if _handed_from_me(scope, action, HandoverPart.VERIFIER):
        return f"This action is now checked by {verifier}, so only they can check it."
    return f"Only {verifier}, who checks this action, may check it."


# --- who answers a challenge, and whom it is taken further to ------------------------------------

# Who may be given a challenge to answer for a service (ADR 0009's addendum on answering and taking a
# challenge further): those who run it or oversee its quality. Never a co-production partner or a
# commissioner, who hold no one to account for the service's management, and never the leader who
# asked: a challenge answered by its own author is not oversight.
ANSWERING_ROLES = (Role.SERVICE_MANAGER, Role.QUALITY_LEAD, Role.ADMINISTRATOR)

# How far up a role stands, for taking a challenge further: always to someone higher than the person
# who answered it, and at the top, from one leader to another (the board).
RANK = {Role.STAFF: 0, Role.SERVICE_MANAGER: 1, Role.QUALITY_LEAD: 2, Role.ADMINISTRATOR: 2, Role.LEADER: 3}
ESCALATION_ROLES = (Role.QUALITY_LEAD, Role.ADMINISTRATOR, Role.LEADER)


def _where(challenge: Challenge) -> str:
    return challenge.service.name if challenge.service_id else "the whole organisation"


def _roles_over(organisation, service_id: int | None) -> QuerySet[RoleAssignment]:
    """Role assignments over the service (or over every service), a commissioner's not counting."""
    roles = RoleAssignment.objects.for_org(organisation).exclude(role=Role.COMMISSIONER)
    if service_id is None:
        return roles.filter(all_services=True)
    return roles.filter(Q(all_services=True) | Q(services__id=service_id))


def _ranks(organisation, service_id: int | None) -> dict[int, int]:
    """Each person's highest rank over the service, by person id."""
    ranks: dict[int, int] = {}
    for person_id, role in _roles_over(organisation, service_id).values_list("person_id", "role"):
        ranks[person_id] = max(ranks.get(person_id, -1), RANK.get(role, -1))
    return ranks


def answerers(organisation, challenge: Challenge) -> QuerySet[Person]:
    """The people a challenge may be handed to for an answer: a service manager, a quality lead or an
    administrator over its service, who can sign in, other than the leader who asked it."""
    roles = _roles_over(organisation, challenge.service_id).filter(role__in=ANSWERING_ROLES)
    return (
        Person.objects.for_org(organisation)
        .filter(SIGNS_IN, pk__in=roles.values("person_id"))
        .exclude(pk=challenge.raised_by_id)
        .order_by("full_name")
    )


def answerer_refusal(organisation, challenge: Challenge, person: Person) -> str | None:
    """Why ``person`` may not be handed ``challenge`` to answer, or None if they may."""
    if person.id == challenge.raised_by_id:
        return f"{person.full_name} asked this challenge, so cannot answer it: choose someone else."
    if not answerers(organisation, challenge).filter(pk=person.id).exists():
        return (
            f"{person.full_name} does not answer for {_where(challenge)}: choose one of its service managers, "
            "a quality lead or an administrator."
        )
    return None


def escalation_targets(organisation, challenge: Challenge) -> list[Person]:
    """Whom a leader may take ``challenge`` further to: a quality lead, an administrator or a leader
    over its service, who can sign in, ranked above the person who was asked it (a leader asked can be
    taken further to another leader), and neither that person nor the leader who asked. The lowest
    rank first, then by name: the first is whom it goes to when the leader names no one."""
    ranks = _ranks(organisation, challenge.service_id)
    asked = ranks.get(challenge.addressed_to_id, -1)
    top = max(RANK.values())
    roles = _roles_over(organisation, challenge.service_id).filter(role__in=ESCALATION_ROLES)
    people = (
        Person.objects.for_org(organisation)
        .filter(SIGNS_IN, pk__in=roles.values("person_id"))
        .exclude(pk__in=[challenge.addressed_to_id, challenge.raised_by_id])
    )
    above = [p for p in people if ranks[p.id] > asked or ranks[p.id] == asked == top]
    return sorted(above, key=lambda p: (ranks[p.id], p.full_name, p.id))


def escalation_refusal(organisation, challenge: Challenge, person: Person) -> str | None:
    """Why ``challenge`` may not be taken further to ``person``, or None if it may."""
    if any(p.id == person.id for p in escalation_targets(organisation, challenge)):
        return None
    if person.id == challenge.addressed_to_id:
        return f"{person.full_name} was asked it already: take it further to someone above them."
    if person.id == challenge.raised_by_id:
        return "You asked this challenge: take it further to someone else."
    return (
        f"{person.full_name} is not above {challenge.addressed_to.full_name} for {_where(challenge)}: "
        "choose a quality lead, an administrator or a leader who can sign in."
    )
