"""PDFs of reports, made in the background with progress, for the person who asked.

``report_file_request`` checks the permission and the choice (period, service) with the asker's
scope, stores the request and queues ``make_report_file`` once the request is saved. The task reads
the report with the asker's access as it stands then (someone who has lost their role gets
nothing), lays out the PDF, keeps it as a file and records the hand-over in the audit log, as a
direct download does. Only the asker can see the request or fetch the file.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.http import QueryDict
from django.tasks import task

from core import clock
from core.progress import progress_save
from organisations.models import Organisation
from organisations.scope import Scope, scope_for
from reports import choices, commissioner, cqc, monthly, quarterly, services
from reports.models import ReportFile
from reports.rules import require

logger = logging.getLogger(__name__)

KINDS = tuple(choices.CHOICES)
NAMES = {
    "monthly": monthly.TITLE,
    "quarterly": quarterly.TITLE,
    "commissioner": commissioner.TITLE,
    "cqc": cqc.TITLE,
}
# Files are kept this long, then removed the next time someone in the organisation asks for one.
KEEP_DAYS = 7


class BadChoice(ValueError):
    """The period or service asked for is not one the person can have."""


def report_file_request(*, scope: Scope, kind: str, data: QueryDict) -> ReportFile:
    if kind not in KINDS:
        raise BadChoice(f"There is no report called {kind!r}.")
    scope = require(scope, services.PERMS[kind])
    if scope.person is None:
        raise BadChoice("Only a person can ask for a PDF.")
    choice = choices.CHOICES[kind](scope=scope, data=data)
    if not choice.valid:
        raise BadChoice("Choose a period the report covers.")
    report_files_tidy(organisation=scope.organisation)
    with transaction.atomic():
        made = ReportFile.objects.create(
            organisation=scope.organisation,
            requested_by=scope.person,
            kind=kind,
            query=choice.query,
            # Until the report is made and names itself: the name it will give itself.
            title=choices.choice_title(scope=scope, kind=kind, choice=choice)[:300],
            stage="Waiting to start",
            requested_at=clock.now(),
        )
        transaction.on_commit(lambda: make_report_file.enqueue(scope.organisation.pk, made.pk))
    return made


def report_file_get(*, scope: Scope, file_id: int) -> ReportFile:
    """The asker's own request (ReportFile.DoesNotExist for anyone else's, in any organisation)."""
    if scope.person is None:
        raise ReportFile.DoesNotExist
    return ReportFile.objects.for_org(scope.organisation).get(pk=file_id, requested_by=scope.person)


def report_file_list(*, scope: Scope, limit: int = 10) -> list[ReportFile]:
    if scope.person is None:
        return []
    return list(ReportFile.objects.for_org(scope.organisation).filter(requested_by=scope.person)[:limit])


@task()
def make_report_file(organisation_id: int, file_id: int) -> str:
    organisation = Organisation.objects.get(pk=organisation_id)
    made = ReportFile.objects.for_org(organisation).select_related("requested_by__user").get(pk=file_id)
    if made.status != ReportFile.Status.QUEUED:
        return made.status
    progress_save(made, 10, "Gathering the figures", status=ReportFile.Status.MAKING)
    user = made.requested_by.user
    scope = scope_for(user=user, organisation=organisation) if user is not None else None
    if scope is None:
        progress_save(made, 100, "You no longer have access to this report.", status=ReportFile.Status.FAILED)
        return made.status
    try:
        _make(scope=scope, made=made)
    except Exception:  # the request must say it failed, whatever happened
        logger.exception("Making report file %s failed", file_id)
        progress_save(
            made,
            100,
            "Something went wrong while making this PDF. Try again, or download the spreadsheet.",
            status=ReportFile.Status.FAILED,
            finished_at=clock.now(),
        )
    return made.status


def _make(*, scope: Scope, made: ReportFile) -> None:
    data = QueryDict(mutable=True)
    data.update(made.query)
    choice = choices.CHOICES[made.kind](scope=scope, data=data)
    if not choice.valid:
        progress_save(made, 100, "This report's period can no longer be chosen.", status=ReportFile.Status.FAILED)
        return
    report = choices.build_report(scope=scope, kind=made.kind, choice=choice)
    title = choices.file_title(title=report.title, coverage=report.coverage, period=report.period)
    progress_save(made, 40, "Laying out the pages", title=title[:300])
    pdf, _ = services.report_export(scope=scope, report=report, fmt="pdf")
    made.file.save("report.pdf", ContentFile(pdf), save=False)
    progress_save(
        made,
        100,
        "Ready",
        status=ReportFile.Status.READY,
        file=made.file,
        filename=services.report_filename(scope=scope, report=report, fmt="pdf"),
        finished_at=clock.now(),
    )


def report_files_tidy(*, organisation: Organisation) -> int:
    """Remove the files of requests older than ``KEEP_DAYS``; the requests stay, marked removed."""
    cutoff = clock.now() - dt.timedelta(days=KEEP_DAYS)
    removed = 0
    for old in ReportFile.objects.for_org(organisation).filter(requested_at__lt=cutoff).exclude(file=""):
        old.file.delete(save=False)
        old.status, old.stage = ReportFile.Status.REMOVED, f"Removed after {KEEP_DAYS} days"
        old.save(update_fields=["file", "status", "stage"])
        removed += 1
    return removed
