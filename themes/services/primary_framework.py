"""Choosing the main (primary) framework: the one feedback is coded with, and loops, measures and
reports follow.

Nothing else changes when the choice does (ADR 0008): codings, reviews and models belong to their
framework and stay, so coding done with a framework comes back when it is chosen again.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from core.audit import audit_record
from organisations.scope import Scope
from themes.models import Framework, FrameworkVersion, ModelStatus, ThemeModelVersion, VersionStatus
from themes.rules import Perm, require


@transaction.atomic
def framework_make_primary(*, scope: Scope, framework: Framework) -> Framework:
    """Make `framework` the organisation's main framework, in place of the one that was.

    It must have a published version (there is nothing to code with otherwise). Choosing the main
    framework again changes nothing and records nothing.
    """
    scope = require(scope, Perm.MANAGE_FRAMEWORKS)
    frameworks = Framework.objects.for_org(scope.organisation).select_for_update()
    # Every framework of the organisation is locked, in one order, so that two people choosing at
    # once take turns; another organisation's framework is not found.
    locked = {f.pk: f for f in frameworks.order_by("pk")}
    if framework.pk not in locked:
        raise Framework.DoesNotExist("No such framework in this organisation.")
    chosen = locked[framework.pk]
    version = (
        FrameworkVersion.objects.for_org(scope.organisation)
        .filter(framework=chosen, status=VersionStatus.PUBLISHED)
        .first()
    )
    if version is None:
        raise ValidationError(
            f"{chosen.name} has no published version, so there are no themes to code with yet. "
            "Publish a version of it first."
        )
    if chosen.is_primary:
        return chosen
    previous = next((f for f in locked.values() if f.is_primary), None)
    # One main framework per organisation is a constraint checked row by row: the old one stops
    # being main before the new one starts.
    if previous is not None:
        previous.is_primary = False
        previous.save(update_fields=["is_primary"])
    chosen.is_primary = True
    chosen.save(update_fields=["is_primary"])
    model = (
        ThemeModelVersion.objects.for_org(scope.organisation)
        .filter(framework=chosen, status=ModelStatus.PROMOTED)
        .first()
    )
    audit_record(
        scope=scope,
        verb="themes.framework.make_primary",
        obj=chosen,
        changes={
            "primary": {"from": previous.name if previous else None, "to": chosen.name},
            "version": version.number,
            "model_in_use": model.number if model else None,
        },
    )
    return chosen
