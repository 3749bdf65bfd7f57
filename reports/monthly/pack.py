"""The monthly pack itself: its sections, in the order they are read."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from core import clock
from organisations.models import Service
from organisations.scope import Scope
from reports import selectors
from reports.complaint_replies import complaint_replies_section
from reports.document import Report
from reports.monthly.listening import feedback_section, fft_section, incidents_and_audits_section, urgent_section
from reports.monthly.loop import loop_sections
from reports.monthly.themes import theme_trends_section, themes_section
from reports.rules import Perm, require
from reports.spc import add_months

TITLE = "Monthly quality and safety pack"


def monthly_pack(
    *, scope: Scope, month: dt.date, service: Service | None = None, now: dt.datetime | None = None
) -> Report:
    scope = require(scope, Perm.VIEW_MONTHLY_PACK)
    month = month.replace(day=1)
    now = now or clock.now()
    loop = loop_sections(scope=scope, month=month, service=service, now=now)
    return Report(
        kind="monthly",
        title=TITLE,
        organisation=scope.organisation.name,
        coverage=selectors.coverage(scope=scope, service=service),
        period=month.strftime("%B %Y"),
        generated_at=timezone.localtime(now),
        sections=(
            feedback_section(scope=scope, month=month, service=service),
            fft_section(scope=scope, month=month, service=service, now=now),
            urgent_section(scope=scope, month=month, service=service),
            complaint_replies_section(
                scope=scope,
                first=month,
                last_day=add_months(month, 1) - dt.timedelta(days=1),
                service=service,
                now=now,
                period=month.strftime("%B %Y"),
            ),
            incidents_and_audits_section(scope=scope, month=month, service=service),
            themes_section(scope=scope, month=month, service=service),
            theme_trends_section(scope=scope, month=month, service=service, now=now),
            *loop,
        ),
    )
