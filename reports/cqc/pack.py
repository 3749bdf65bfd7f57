"""The pack itself: its period, its sections in the order they are read (each built in its own
module from the same `PackContext`), and its notes."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from core import clock
from organisations.models import Service
from organisations.scope import Scope
from reports import selectors
from reports.cqc.acts import acts_section
from reports.cqc.categories import categories_section
from reports.cqc.checks import checks_section
from reports.cqc.context import PackContext
from reports.cqc.decides import decides_section
from reports.cqc.listens import listens_section
from reports.cqc.records import Audience
from reports.cqc.statements import statements_section
from reports.document import Report
from reports.evidence import holdings
from reports.rules import Perm, require

TITLE = "CQC well-led evidence pack"


PERIOD_DAYS = 365


def default_period(today: dt.date) -> tuple[dt.date, dt.date]:
    return today - dt.timedelta(days=PERIOD_DAYS - 1), today


def cqc_pack(
    *,
    scope: Scope,
    service: Service | None = None,
    today: dt.date | None = None,
    audience: Audience = Audience.STAFF,
    now: dt.datetime | None = None,
) -> Report:
    scope = require(scope, Perm.VIEW_CQC_PACK)
    today = today or clock.today()
    first, last = default_period(today)
    held = holdings(scope=scope, first=first, last=last, service=service)
    pack = PackContext(scope=scope, held=held, audience=audience, today=today, service=service)
    notes = [
        "Heard counts feedback; it never shows what anyone wrote in this pack.",
        f"It covers the twelve months from {first:%-d %B %Y} to {last:%-d %B %Y}, so its counts can be lower "
        "than on pages that list everything, such as the co-production ledger.",
    ]
    if audience == Audience.INSPECTOR:
        notes.append(
            "Shared with an inspector: staff are named by their role only, with a letter that tells "
            "different people of one role apart and stays with the same person throughout the pack; nobody "
            "who gave feedback or came to a meeting is named, and personal details in what staff wrote are "
            "removed."
        )
    return Report(
        kind="cqc",
        title=TITLE,
        organisation=scope.organisation.name,
        coverage=selectors.coverage(scope=scope, service=service),
        period=f"{first:%-d %B %Y} to {last:%-d %B %Y}",
        generated_at=timezone.localtime(now or clock.now()),
        sections=(
            statements_section(pack),
            categories_section(pack),
            listens_section(pack),
            decides_section(pack),
            acts_section(pack),
            checks_section(pack),
        ),
        notes=tuple(notes),
    )
