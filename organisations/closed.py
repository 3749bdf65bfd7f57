"""Nothing new at a service that has closed (ADR 0009): whether a service is open to someone, and the
one sentence every app refuses a closed one in, and says on the pages of what was recorded there.

A closed service's record stays readable and may be put right, but nothing new is recorded there. A
form opened before the service closed, a file or another system may still name it; each app refuses
it in the same words, naming the service to those whose service it is and to no one else. The pages of
a record kept there say it in the same shape (``closed_record_note``)."""

from __future__ import annotations

from organisations.models import Service
from organisations.scope import Scope


def service_refusal(
    *,
    scope: Scope,
    service: Service | None,
    not_done: str,
    choose: bool = True,
    whole: bool = False,
) -> str | None:
    """None when ``service`` is open to the person (or there is none: the whole organisation);
    otherwise the sentence that refuses it: "Rowan House has been archived, so no feedback is recorded
    there now. Choose a service that is open."

    ``not_done`` is what is not done there now, in the caller's words ("no feedback is recorded there
    now"). ``choose`` is whether the person chose the service and may choose another; a service that
    comes with the record (a meeting's, an audit's) is not chosen again, and the sentence ends there.
    ``whole`` is whether the record may be for the whole organisation, which is offered only to someone
    who covers every service (no one else may record for it).

    A service outside the person's scope is refused without its name, open or not: its name is not
    theirs to read."""
    if service is None:
        return None
    if service.organisation_id != scope.organisation.id or not scope.covers_service(service.id):
        return service_not_theirs(scope=scope, not_done=not_done, choose=choose, whole=whole)
    if service.archived_at is None:
        return None
    return _archived(service, not_done) + _ending(scope, choose=choose, whole=whole)


def service_not_theirs(*, scope: Scope, not_done: str, choose: bool = True, whole: bool = False) -> str:
    """The refusal of a service that is not one of the person's, in ``service_refusal``'s words, where
    there is no service to read: an id of another's service, or of none at all, is told the same, so
    that nothing is learnt of what is there. ``not_done``, ``choose`` and ``whole`` as there."""
    return f"That service is not one of yours, so {not_done}." + _ending(scope, choose=choose, whole=whole)


def closed_record_note(*, service: Service | None, not_done: str, still: str = "") -> str | None:
    """The note on the page of a record kept at a service that has closed (a meeting, a decision, an
    audit, a planning session, a priority), or None while it is open: the refusal's first sentence,
    then that the record is kept and what may still be done with it. "Rowan House has been archived,
    so no decision is recorded at this meeting now. Its record is kept here, and who took part and
    what was discussed can still be added."

    ``still`` is what may still be done, in the caller's words, left out where nothing may. The
    person reads the record already, so its service is named."""
    if service is None or service.archived_at is None:
        return None
    kept = f"Its record is kept here, and {still}." if still else "Its record is kept here as it was."
    return f"{_archived(service, not_done)} {kept}"


def _archived(service: Service, not_done: str) -> str:
    return f"{service.name} has been archived, so {not_done}."


def _ending(scope: Scope, *, choose: bool, whole: bool) -> str:
    if not choose:
        return ""
    if whole and scope.all_services:
        return " Choose a service that is open, or the whole organisation."
    return " Choose a service that is open."
