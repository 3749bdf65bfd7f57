"""What the evidence services share: checking an item's fields, saving it with its themes, and the
words for a service that has closed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from evidence.models import EvidenceItem, EvidenceKind, EvidenceTheme, Harm
from feedback.redaction import as_saved
from governance.services._common import _acting_person, _text
from organisations.closed import service_not_theirs, service_refusal
from organisations.models import Service
from organisations.scope import Scope

# What is not done at a service that has closed, or is not the person's (``organisations.closed``).
NOT_RECORDED = "no evidence is recorded there now"
NO_SERVICE = "Choose one of your services."


def evidence_closed_refusal(*, scope: Scope, service: Service | None, kept_service_id: int | None = None) -> str | None:
    """Why no evidence is recorded at ``service`` now that it has closed, or None (ADR 0009). The forms
    offer only open services and say it beside their other problems; a form opened before one closed, a
    file or another system can still name a closed one. ``kept_service_id`` is the service of the
    record a correction replaces: a record made before its service closed may still be put right there."""
    if service is None or service.id == kept_service_id:
        return None
    return service_refusal(scope=scope, service=service, not_done=NOT_RECORDED)


def _service_problem(
    scope: Scope, service: Service | None, *, named: bool, kept_service_id: int | None = None
) -> str | None:
    """What is wrong with the service a record or a figure is for, or None: none chosen, one that is
    not the person's (``named`` but not found in their scope, told as every app tells it), or one
    that has closed."""
    if service is None:
        return service_not_theirs(scope=scope, not_done=NOT_RECORDED) if named else NO_SERVICE
    return evidence_closed_refusal(scope=scope, service=service, kept_service_id=kept_service_id)


def _open_service(scope: Scope, service_id: int | None) -> Service | None:
    """The service a record or a figure is for, locked until the transaction ends, so that archiving
    it at the same moment either waits for the record or is seen here (and refused)."""
    if not service_id:
        return None
    return Service.objects.for_scope(scope).filter(pk=service_id).select_for_update(no_key=True, of=("self",)).first()


def _check_item(
    *,
    scope: Scope,
    service: Service | None,
    named: bool,
    kind: str,
    occurred_on: dt.date | None,
    summary: str,
    harm: str,
    reference: str,
    theme_codes: Sequence[str],
    known_codes: set[str],
    today: dt.date,
    errors: dict,
    kept_service_id: int | None = None,
    framework_words: str = "the framework in use",
) -> dict:
    """The checked fields of a record. ``named`` is whether a service was given at all (an id, or a
    name in a file). ``kept_service_id`` is the service of the record a correction replaces: a record
    made before its service closed may still be put right there."""
    if problem := _service_problem(scope, service, named=named, kept_service_id=kept_service_id):
        errors.setdefault("service", []).append(problem)
    if kind not in EvidenceKind.values:
        errors.setdefault("kind", []).append("Choose incident, feedback from staff or feedback from a partner.")
    if occurred_on is None:
        errors.setdefault("occurred_on", []).append("Enter the date, as YYYY-MM-DD.")
    elif occurred_on > today:
        errors.setdefault("occurred_on", []).append("The date cannot be in the future.")
    summary = _text(summary, "summary", "Say what happened, without names.", errors)
    harm = (harm or "").strip().lower()
    if kind == EvidenceKind.INCIDENT and harm not in Harm.values:
        errors.setdefault("harm", []).append(
            "Say how much harm the incident caused: none, low, moderate, severe or death."
        )
    elif kind != EvidenceKind.INCIDENT and harm:
        errors.setdefault("harm", []).append("Harm is recorded for incidents only.")
    codes = [c.strip() for c in theme_codes if c and c.strip()]
    unknown = [c for c in codes if c not in known_codes]
    if unknown:
        errors.setdefault("themes", []).append(f"Not a theme of {framework_words}: {', '.join(unknown)}.")
    return {
        "service": service,
        "kind": kind,
        "occurred_on": occurred_on,
        # Evidence is counted and shown in packs: names, numbers and addresses never need to be kept.
        "summary": as_saved(summary, 500),
        "harm": harm if kind == EvidenceKind.INCIDENT else "",
        "reference": (reference or "").strip()[:100],
        "codes": list(dict.fromkeys(codes)),
    }


def _save(scope: Scope, fields: dict, source: str, at: dt.datetime, replaces: EvidenceItem | None = None):
    codes = fields.pop("codes")
    item = EvidenceItem.objects.create(
        organisation=scope.organisation,
        source=source,
        replaces=replaces,
        recorded_by=_acting_person(scope),
        recorded_at=at,
        **fields,
    )
    EvidenceTheme.objects.bulk_create(
        EvidenceTheme(organisation=scope.organisation, item=item, code=code) for code in codes
    )
    return item
