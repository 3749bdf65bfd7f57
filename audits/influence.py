"""Reads for the co-production ledger: what a session influenced through the audits designed there.

An audit template's version names the ledger session where its questions were designed (the first
version) or changed (a later one), and it cannot be put into use without it (ADR 0016). Each version
put into use that names a session is what that session influenced (ADR 0014, addendum of 2026-12-05
on audits). It is read here from the version itself, never copied into the ledger as a recorded
influence, so it cannot drift from what the audit's page says, and a correction of the entry, which
moves the version to the corrected entry, moves it too.
"""

from __future__ import annotations

from django.db.models import QuerySet

from audits.models import TemplateVersion, VersionStatus
from audits.rules import Perm, require
from organisations.scope import Scope


def designed_at(*, scope: Scope) -> QuerySet[TemplateVersion]:
    """The versions the ledger counts as influenced by their design session: put into use (in use now
    or replaced since, as both were asked), in the reader's organisation. Templates belong to the whole
    organisation, so every reader of the ledger sees them; only the count reaches a commissioner."""
    return TemplateVersion.objects.for_scope(scope).filter(design_session__isnull=False, published_at__isnull=False)


def designed_words(version: TemplateVersion) -> str:
    """A version designed at a session, in one sentence, as the session's ledger entry says it."""
    done = "questions designed" if version.number == 1 else "questions changed"
    in_use = "in use" if version.status == VersionStatus.PUBLISHED else "since replaced"
    return f"{version.template.title}, version {version.number}: {done} at this session ({in_use})."


def audits_designed_at_session(*, scope: Scope, session_id: int) -> list[TemplateVersion]:
    """The audit versions whose questions were designed or changed at a session and then put into use,
    in the order they were put into use."""
    scope = require(scope, Perm.VIEW)
    return list(
        designed_at(scope=scope)
        .filter(design_session_id=session_id)
        .select_related("template", "published_by")
        .order_by("published_at", "id")
    )
