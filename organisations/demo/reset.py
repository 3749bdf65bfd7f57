"""Removing the demo organisations and everything in them, and only them."""

from __future__ import annotations

from django.apps import apps
from django.db import transaction
from django.db.models import Exists, OuterRef

from accounts.models import User
from core.tenancy import TenantManager
from organisations.demo._common import DEMO_SLUGS
from organisations.models import Organisation, Person


def _tenant_models() -> list:
    """Every tenant-owned model, those that point at others first, so rows can be deleted in order."""
    models = [m for m in apps.get_models() if any(isinstance(mgr, TenantManager) for mgr in m._meta.managers)]
    order: list = []

    def visit(model, seen=()):
        if model in order or model in seen:
            return
        for other in models:
            if other is not model and any(
                f.is_relation and f.related_model is model for f in other._meta.get_fields() if f.concrete
            ):
                visit(other, (*seen, model))
        order.append(model)

    for model in models:
        visit(model)
    return order


def _delete_all(model, org: Organisation) -> None:
    """Delete the organisation's rows of ``model``. Rows that point at others of the same model (a
    coding superseded by a correction, a re-audit's baseline, a record a correction replaces) are
    protected while pointed at, so they go in rounds: each round, the rows no row points at."""
    rows = model.objects.for_org(org)
    own = [f.name for f in model._meta.concrete_fields if f.is_relation and f.related_model is model]
    if not own:
        rows.delete()
        return
    while rows.exists():
        pointed_at = [Exists(model.objects.for_org(org).filter(**{name: OuterRef("pk")})) for name in own]
        unpointed = rows
        for condition in pointed_at:
            unpointed = unpointed.filter(~condition)
        if not unpointed.delete()[0]:
            raise RuntimeError(f"{model.__name__} rows point at each other in a ring and cannot be deleted.")


def demo_reset() -> None:
    """Remove the demo organisations and everything in them (and only them)."""
    with transaction.atomic():
        for org in Organisation.objects.filter(slug__in=DEMO_SLUGS):
            users = list(Person.objects.for_org(org).exclude(user=None).values_list("user_id", flat=True))
            for model in _tenant_models():
                _delete_all(model, org)
            org.delete()
            User.objects.filter(id__in=users, people__isnull=True).delete()
