"""Tenant scoping that fails closed.

Every model owned by an organisation uses `TenantQuerySet`. A query on it raises
`UnscopedQueryError` when evaluated unless it was narrowed first with `.for_org(...)` or
`.for_scope(...)`. The only way round that is `.unscoped_across_organisations()`, whose
name is meant to be seen in review. Querysets reached through a related manager of an
object already loaded (``service.role_assignments.all()``) are scoped by that object.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models

if TYPE_CHECKING:
    from organisations.scope import Scope


class UnscopedQueryError(RuntimeError):
    """A tenant-owned model was queried without saying which organisation it belongs to."""


class TenantQuerySet(models.QuerySet):
    _tenant_scoped: bool = False

    # Models set these on their class: the lookup path to the organisation and,
    # for data that belongs to one service, to the service.
    def _clone(self):
        clone = super()._clone()
        clone._tenant_scoped = self._tenant_scoped
        return clone

    def _require_scope(self) -> None:
        if not self._tenant_scoped:
            raise UnscopedQueryError(
                f"{self.model.__name__} was queried without an organisation: "
                "start from .for_org(organisation) or .for_scope(scope)."
            )

    def _marked(self) -> TenantQuerySet:
        clone = self._chain()
        clone._tenant_scoped = True
        return clone

    # --- the scoped entry points -------------------------------------------------
    def for_org(self, organisation: Any) -> TenantQuerySet:
        if organisation is None:
            raise UnscopedQueryError(f"{self.model.__name__}.for_org() was given no organisation.")
        return self.filter(**{self.model.TENANT_PATH: organisation})._marked()

    def for_scope(self, scope: Scope, *, whole_organisation: bool = False) -> TenantQuerySet:
        """Rows of the scope's organisation, limited to the services the person may see; with
        ``whole_organisation``, also the rows about the whole organisation (no service), for records
        that bind every service, such as a quality priority of the whole organisation (ADR 0015)."""
        qs = self.for_org(scope.organisation)
        service_path = getattr(self.model, "SERVICE_PATH", None)
        if service_path and not scope.all_services:
            mine = models.Q(**{f"{service_path}__in": scope.service_ids})
            if whole_organisation:
                mine |= models.Q(**{f"{service_path}__isnull": True})
            qs = qs.filter(mine)
        return qs

    def unscoped_across_organisations(self) -> TenantQuerySet:
        """Deliberately read every organisation's rows (system tasks, migrations). Loud on purpose."""
        return self._marked()

    # --- every way a queryset reaches the database checks the mark --------------
    def _fetch_all(self):
        if self._result_cache is None:
            self._require_scope()
        super()._fetch_all()

    def iterator(self, *args, **kwargs):
        self._require_scope()
        return super().iterator(*args, **kwargs)

    def count(self):
        if self._result_cache is None:
            self._require_scope()
        return super().count()

    def exists(self):
        if self._result_cache is None:
            self._require_scope()
        return super().exists()

    def aggregate(self, *args, **kwargs):
        self._require_scope()
        return super().aggregate(*args, **kwargs)

    def update(self, **kwargs):
        self._require_scope()
        return super().update(**kwargs)

    def delete(self):
        self._require_scope()
        return super().delete()

    def contains(self, obj):
        self._require_scope()
        return super().contains(obj)


class TenantManager(models.Manager.from_queryset(TenantQuerySet)):
    def get_queryset(self):
        qs = super().get_queryset()
        # Related managers carry the object they hang from; it was itself loaded through
        # a scoped query, so what hangs from it is scoped too.
        if getattr(self, "instance", None) is not None:
            qs._tenant_scoped = True
        return qs
