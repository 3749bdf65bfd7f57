"""The verifier's check of an action its lead has said is done: closed with evidence of impact, or
sent back to the lead (ADR 0009). Closing waits for the organisation's time for impact to show, or
gives a reason, and a link to Heard's feedback or a report is narrowed to the action's service and to
the days after the change (``governance.services.impact``); sending back may agree a new due date
(``governance.services.due_dates``)."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.http.request import split_domain_port, validate_host
from django.utils.http import url_has_allowed_host_and_scheme

from core import clock
from core.audit import audit_record
from governance.models import AWAITING_ANSWER, Action, ActionStatus, Challenge
from governance.services._common import _now, _raise, _text, _without_personal_details
from governance.services.actions import _action, _status_change
from governance.services.due_dates import due_date_problems, due_date_set
from governance.services.impact import early_problem, impact_wait, link_problems
from governance.services.impact_figures import ImpactFigures, impact_figures
from governance.services.rights import check_refusal
from organisations.scope import Scope


def _unanswered_challenges(scope: Scope, action: Action) -> list[Challenge]:
    # Read under the action's lock, which a challenge raised on the action also takes: one asked
    # while the check is being saved waits for it, and then stands on a closed action.
    return list(
        Challenge.objects.for_org(scope.organisation)
        .filter(action_id=action.id, status__in=AWAITING_ANSWER)
        .select_related("addressed_to")
        .order_by("raised_at", "id")
    )


def _unanswered_refusal(challenges: list[Challenge]) -> str:
    """Why the verifier cannot close the action yet, and what to do (ADR 0009): the question a leader
    put is part of the check, and closing the action over it would bury it."""
    names = " and ".join(sorted({c.addressed_to.full_name for c in challenges}))
    which = (
        "A leader's challenge on this action is"
        if len(challenges) == 1
        else f"{len(challenges)} challenges on this action are"
    )
    return (
        f"{which} still waiting for an answer from {names}. Ask for an answer first: an action is closed "
        "only once every challenge on it has been answered. You can still send it back to its lead."
    )


def evidence_link_valid(link: str) -> bool:
    """Whether ``link`` can be followed to evidence of impact: a web address (http or https), or a page
    in Heard given by its path from the site's address ("/feedback/?theme=..."). A path is kept as it
    is, so it leads to the page on whatever address Heard is reached at (ADR 0009)."""
    if link.startswith("/"):
        # One slash only: "//host/..." and "/\host/..." lead to another site.
        if not url_has_allowed_host_and_scheme(link, allowed_hosts=None):
            return False
        link = "https://heard.invalid" + link
    try:
        URLValidator(schemes=["http", "https"])(link)
    except ValidationError:
        return False
    return True


def evidence_link_kept(link: str) -> str:
    """A valid link as it is kept: a full address of a page of this site (its host is that of
    HEARD_SITE_URL or one of ALLOWED_HOSTS, on any port) becomes the page's path, so it works
    wherever Heard is reached (ADR 0009); any other link is kept as given."""
    if link.startswith("/"):
        return link
    parts = urlsplit(link)
    host, _ = split_domain_port(parts.netloc.rpartition("@")[2])
    own_host, _ = split_domain_port(urlsplit(settings.HEARD_SITE_URL).netloc)
    # "*" would make every site this one: only hosts named count.
    ours = [own_host, *(h for h in settings.ALLOWED_HOSTS if h != "*")]
    if not host or not validate_host(host, ours):
        return link
    path = parts.path or "/"
    return path + (f"?{parts.query}" if parts.query else "") + (f"#{parts.fragment}" if parts.fragment else "")


def check_not_yet(action: Action) -> str:
    """Why an action still with its lead is not checked yet (ADR 0009's addendum on the check): the
    verifier checks work the lead has said is done, so neither closes it over the lead's head nor sends
    back what the lead still has."""
    return (
        f"{action.lead.full_name} has not yet said this action is done. You check it once they ask you to: "
        "until then it is with them."
    )


def figures_problem(figures: ImpactFigures) -> str | None:
    """Why closing with evidence of impact needs a reason, or None: Heard's figures can tell, and they
    do not show the theme raised as a concern less, beyond normal variation."""
    if not figures.testable or figures.shown:
        return None
    return (
        " ".join(figures.sentences())
        + " The figures do not show that it worked: send it back, or say why you close it as having worked."
    )


@transaction.atomic
def action_check(
    *,
    scope: Scope,
    action_id: int,
    impact_shown: bool,
    note: str,
    link: str = "",
    early_reason: str = "",
    variation_reason: str = "",
    new_due_on: dt.date | None = None,
    due_reason: str = "",
    now: dt.datetime | None = None,
) -> Action:
    """The verifier's check of work its lead has said is done (``action_request_check``; until then it
    is refused, ADR 0009). With evidence of impact (what shows it, and a link to it) the action is
    closed and signed off, unless a leader's challenge on it still waits for an answer (ADR 0009);
    without, it goes back to the lead with the verifier's reasons, and, if the verifier gives one, a new
    due date with why (``new_due_on``, ``due_reason``). Closing waits for the organisation's time for
    impact to show since the lead marked it done, unless ``early_reason`` says why it need not, and a
    link to Heard's feedback list or a report must be narrowed to the action's service and start on or
    after that day (ADR 0009's addendum on the check's wait). Closing also needs ``variation_reason``
    when Heard's figures for the action's theme at its service since it was done do not show it raised
    as a concern less, beyond normal variation (``impact_figures``; ADR 0009's addendum on the figures
    at the check). The notes are saved without personal
    details (ADR 0016): the evidence of impact goes into the packs."""
    action = _action(scope, action_id)
    if refusal := check_refusal(scope, action):
        raise PermissionDenied(refusal)
    errors: dict[str, list[str]] = {}
    link = (link or "").strip()
    if impact_shown:
        note = _text(note, "note", "Describe the evidence of impact: what changed, and how you know.", errors)
        if not link:
            errors.setdefault("link", []).append(
                "Give a link to what shows the impact: feedback since, a measure, or a later audit."
            )
        elif not evidence_link_valid(link):
            errors.setdefault("link", []).append(
                "Enter a link starting with https:// or http://, or the address of a page in Heard starting with /."
            )
    else:
        note = _text(note, "note", "Say what is missing, so the lead knows what to do next.", errors)
    at = _now(now)
    early_reason = (early_reason or "").strip()
    wait = impact_wait(action) if action.status == ActionStatus.AWAITING_CHECK else None
    if impact_shown and wait is not None:
        if problem := early_problem(wait, today=clock.day_of(at), reason=early_reason):
            errors.setdefault("early_reason", []).append(problem)
        if link and evidence_link_valid(link):
            for problem in link_problems(evidence_link_kept(link), action=action, wait=wait):
                errors.setdefault("link", []).append(problem)
    variation_reason = (variation_reason or "").strip()
    figures = (
        impact_figures(scope=scope, action=action, done_on=wait.done_on, today=clock.day_of(at))
        # Before the wait is over the early reason is the one asked: a few days' figures are noise anyway.
        if impact_shown and wait is not None and not wait.early_on(clock.day_of(at))
        else None
    )
    if figures is not None and not variation_reason and (problem := figures_problem(figures)):
        errors.setdefault("variation_reason", []).append(problem)
    if impact_shown and new_due_on is not None:
        errors.setdefault("new_due_on", []).append(
            "A new due date is agreed when sending the action back, not when closing it."
        )
    if not impact_shown and (new_due_on is not None or (due_reason or "").strip()):
        due_errors, due_reason = due_date_problems(
            action, due_on=new_due_on, reason=due_reason, today=clock.day_of(at), prefix="new_"
        )
        for name, messages in due_errors.items():
            errors.setdefault(name, []).extend(messages)
    if not action.is_active:
        errors.setdefault("__all__", []).append("This action is already finished.")
    elif action.status != ActionStatus.AWAITING_CHECK:
        errors.setdefault("__all__", []).append(check_not_yet(action))
    elif impact_shown and (unanswered := _unanswered_challenges(scope, action)):
        errors.setdefault("__all__", []).append(_unanswered_refusal(unanswered))
    _raise(errors)
    note = _without_personal_details(note)
    link = evidence_link_kept(link) if link else link
    early_reason = (
        _without_personal_details(early_reason) if impact_shown and wait and wait.early_on(clock.day_of(at)) else ""
    )
    variation_reason = (
        _without_personal_details(variation_reason) if figures is not None and figures_problem(figures) else ""
    )
    before = action.status
    if impact_shown:
        _status_change(
            scope,
            action,
            ActionStatus.CLOSED,
            at=at,
            note=note,
            link=link,
            early_reason=early_reason,
            variation_reason=variation_reason,
        )
        action.impact_note, action.impact_link = note, link[:500]
        action.checked_by, action.checked_at = scope.person, at
        action.save(update_fields=["status", "impact_note", "impact_link", "checked_by", "checked_at"])
    else:
        _status_change(scope, action, ActionStatus.IN_PROGRESS, at=at, note=note)
        action.save(update_fields=["status"])
    changes = {"status": {"from": before, "to": action.status}, "impact_shown": {"from": None, "to": impact_shown}}
    if early_reason:
        changes["early_reason"] = {"from": None, "to": early_reason[:200]}
    if variation_reason:
        changes["variation_reason"] = {"from": None, "to": variation_reason[:200]}
    audit_record(scope=scope, verb="governance.action.check", obj=action, at=now, changes=changes)
    if new_due_on is not None and not impact_shown:
        due_date_set(scope, action, due_on=new_due_on, reason=due_reason, at=at)
    return action
