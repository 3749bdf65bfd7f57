"""Who can sign in to Heard, for the steps only a named person can take (ADR 0009's addendum on
people without a login).

Some people are only recorded in Heard: a co-production partner who took part in a session, a
member of staff at a meeting. Others are named to do a step that nobody else may do for them: an
action's lead asks for its check, its verifier signs it off, the person a challenge is addressed to
answers it. Someone without a login, or whose login has been switched off, could never take that
step, and the work would wait for ever. This module is the one place that says who can sign in, and
the sentence every service refuses the others in."""

from __future__ import annotations

from django.db.models import Q

from organisations.models import Person

# A current person whose login works: the lookup every picker and service filters people by.
SIGNS_IN = Q(archived_at__isnull=True, user__isnull=False, user__is_active=True)


def cannot_sign_in_through(path: str) -> Q:
    """The opposite of `SIGNS_IN`, asked of the person at ``path`` (``"lead"``): they left, have no
    login, or their login is switched off. Said as three plain conditions rather than a negated
    `SIGNS_IN`, so a person without a login (no row to join) is counted, on every database."""
    return (
        Q(**{f"{path}__archived_at__isnull": False})
        | Q(**{f"{path}__user__isnull": True})
        | Q(**{f"{path}__user__is_active": False})
    )


def can_sign_in(person: Person | None) -> bool:
    """Whether ``person`` is current and has a login that works."""
    # `SIGNS_IN`, asked of the person already read: their login is read through its key.
    return person is not None and person.archived_at is None and person.user_id is not None and person.user.is_active


def why_cannot_sign_in(person: Person) -> str:
    """Why ``person`` cannot sign in, in a few plain words ("has left"), or "" if they can."""
    if person.archived_at is not None:
        return "has left"
    if person.user_id is None:
        return "has no login"
    if not person.user.is_active:
        return "had their login removed"
    return ""


def cannot_sign_in(person: Person, could_not: str, *, then: str = "") -> str | None:
    """None when ``person`` can sign in; otherwise the sentence that refuses them: "Kwame Boateng
    cannot sign in to Heard, so could not mark this action done. Choose someone who can, or ask an
    administrator to give them a login."

    ``could_not`` is the step they would take ("mark this action done"). ``then`` replaces "Choose
    someone who can" where the person is not chosen on the form (a challenge on an action goes to its
    lead) and says what to do instead."""
    if can_sign_in(person):
        return None
    then = then or "Choose someone who can"
    return (
        f"{person.full_name} cannot sign in to Heard, so could not {could_not}. "
        f"{then}, or ask an administrator to give them a login."
    )
