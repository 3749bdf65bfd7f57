"""The auditor: services call `audit_record` inside their transaction, never signals."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.db import models

from core import clock
from core.models import AuditEvent

if TYPE_CHECKING:
    from organisations.scope import Scope

CHANGED = "(changed)"


def _plain(value: Any) -> Any:
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, (list, tuple, set, frozenset)):
        return sorted(_plain(v) for v in value)
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    return str(value)


def changes_between(
    before: Mapping[str, Any], after: Mapping[str, Any], *, personal: Iterable[str] = ()
) -> dict[str, dict[str, Any]]:
    """The fields whose value differs, as {field: {"from": old, "to": new}}; personal ones masked."""
    personal = set(personal)
    diff: dict[str, dict[str, Any]] = {}
    for field in sorted(set(before) | set(after)):
        old, new = _plain(before.get(field)), _plain(after.get(field))
        if old != new:
            diff[field] = {"from": CHANGED, "to": CHANGED} if field in personal else {"from": old, "to": new}
    return diff


def snapshot(obj: Any, fields: Iterable[str]) -> dict:
    """The values of ``fields`` on ``obj``, as `changes_between` compares them before and after a change."""
    return {f: getattr(obj, f) for f in fields}


def change_text(value: Any) -> str:
    """A recorded value as a person reads it in the audit log and its export: lists as words
    separated by commas ("none" when empty), yes or no, and a dash for nothing."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (list, tuple)):
        return ", ".join(change_text(v) for v in value) or "none"
    if isinstance(value, Mapping):
        return "; ".join(f"{k}: {change_text(v)}" for k, v in value.items()) or "none"
    return str(value)


def change_line(name: str, change: Any) -> str:
    """One line of an event's changes: "status: open → closed", or "themes: food, drink"."""
    if isinstance(change, Mapping) and set(change) == {"from", "to"}:
        return f"{name}: {change_text(change['from'])} → {change_text(change['to'])}"
    return f"{name}: {change_text(change)}"


def _service_id_of(obj: models.Model) -> int | None:
    """The service a record belongs to, by the path its model declares (``SERVICE_PATH``), or None
    for a record of the whole organisation."""
    path = getattr(type(obj), "SERVICE_PATH", None)
    if not path:
        return None
    *hops, last = path.split("__")
    target = obj
    for hop in hops:
        target = getattr(target, hop, None)
        if target is None:
            return None
    return target.pk if last == "id" else getattr(target, f"{last}_id", None)


def _person_id_of(obj: models.Model) -> int | None:
    label = obj._meta.label_lower
    if label == "organisations.person":
        return obj.pk
    if label == "organisations.roleassignment":
        return obj.person_id
    return None


_FROM_OBJECT = object()


def audit_record(
    *,
    scope: Scope,
    verb: str,
    obj: models.Model,
    changes: Mapping[str, Any] | None = None,
    label: str | None = None,
    at: dt.datetime | None = None,
    service_id: int | None | object = _FROM_OBJECT,
) -> AuditEvent:
    """Record one event. Its service is the object's own (``service_id`` says it where the object
    has none of its own, such as a role over one service); its person, a person or their role."""
    user = scope.user
    return AuditEvent.objects.create(
        service_id=_service_id_of(obj) if service_id is _FROM_OBJECT else service_id,
        person_id=_person_id_of(obj),
        organisation=scope.organisation,
        actor=user if user is not None and user.pk else None,
        actor_label=scope.actor_label,
        at=at or clock.now(),
        verb=verb,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        object_label=(label if label is not None else str(obj))[:300],
        changes=dict(changes or {}),
    )
