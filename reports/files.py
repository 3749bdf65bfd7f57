"""PDFs of reports, made in the background with progress, for the person who asked.

``report_file_request`` checks the permission and the choice (period, service) with the asker's
scope, stores the request and queues ``make_report_file`` once the request is saved. The task reads
the report with the asker's access as it stands then (someone who has lost their role gets
nothing), lays out the PDF, keeps it as a file and records the hand-over in the audit log, as a
direct download does. A report that quotes people is kept only if none of them withdrew their
consent to be quoted while it was laid out (``_keep``); otherwise it is laid out again. Only the
asker can see the request or fetch the file. A "You said, we did" poster is asked for and made the
same way (``poster_file_request``), keyed by what it prints.
"""

from __future__ import annotations

import datetime as dt
import logging

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.http import QueryDict
from django.tasks import task

from core import clock
from core.progress import progress_save
from feedback.quotes import quotes_withdrawn
from organisations import selectors as org_selectors
from organisations.models import Organisation, Service
from organisations.scope import Scope, scope_for
from reports import choices, commissioner, cqc, monthly, poster, quarterly, services
from reports.document import Report
from reports.models import ReportFile
from reports.quarters import quarter_key, quarter_start
from reports.rules import Perm, require

logger = logging.getLogger(__name__)

KINDS = tuple(choices.CHOICES)
POSTER = "poster"  # a "You said, we did" poster: asked for by its service and size, not a report's choice
NAMES = {
    "monthly": monthly.TITLE,
    "quarterly": quarterly.TITLE,
    "commissioner": commissioner.TITLE,
    "cqc": cqc.TITLE,
}
# Files are kept this long, then removed the next time someone in the organisation asks for one.
KEEP_DAYS = 7
# A report laid out while someone it quotes withdrew their consent is laid out again, this many times
# in all; then the person is asked to try again rather than wait on.
MAKE_ATTEMPTS = 3
LAYING_OUT = (
    "Laying out the pages",
    "Laying out the pages again: someone it quoted withdrew their consent to be quoted while it was being made",
)
WITHDRAWN_WHILE_MAKING = (
    "Not made: people whose words it would have quoted withdrew their consent to be quoted while it was being "
    "made. Ask for the PDF again and it will leave their words out."
)


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


def poster_file_request(*, scope: Scope, service_id: int, size: str, site_url: str) -> ReportFile:
    """A "You said, we did" poster, made in the background like a report. Its key is what it would
    print (``poster.poster_key``): asked for again unchanged, the person gets the poster already made
    (or being made); once a pair changes, a new one is made."""
    scope = require(scope, Perm.EDIT_YOU_SAID)
    if scope.person is None:
        raise BadChoice("Only a person can ask for a poster.")
    size = size.upper()
    if size not in poster.SIZES:
        raise BadChoice(f"A poster is A4 or A3, not {size!r}.")
    service = org_selectors.service_get(scope=scope, service_id=service_id)  # DoesNotExist: not theirs
    key = poster.poster_key(service=service, size=size, site_url=site_url)
    report_files_tidy(organisation=scope.organisation)
    with transaction.atomic():
        kept = (
            ReportFile.objects.for_org(scope.organisation)
            .filter(requested_by=scope.person, kind=POSTER, key=key)
            .exclude(status__in=(ReportFile.Status.FAILED, ReportFile.Status.REMOVED))
            .first()
        )
        if kept is not None:
            return kept
        made = ReportFile.objects.create(
            organisation=scope.organisation,
            requested_by=scope.person,
            kind=POSTER,
            key=key,
            query={"service": str(service.id), "size": size, "site_url": site_url},
            title=f"You said, we did poster: {service.name} ({size})"[:300],
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
        if made.kind == POSTER:
            _make_poster(scope=scope, made=made)
        else:
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
    for attempt in range(MAKE_ATTEMPTS):
        report = choices.build_report(scope=scope, kind=made.kind, choice=choice)
        title = choices.file_title(title=report.title, coverage=report.coverage, period=report.period)
        progress_save(made, 40 if attempt == 0 else 60, LAYING_OUT[attempt > 0], title=title[:300])
        pdf, _ = services.report_render(scope=scope, report=report, fmt="pdf")
        filename = services.report_filename(scope=scope, report=report, fmt="pdf")
        if _keep(scope=scope, made=made, report=report, pdf=pdf, filename=filename):
            return
    progress_save(made, 100, WITHDRAWN_WHILE_MAKING, status=ReportFile.Status.FAILED, finished_at=clock.now())


def _keep(*, scope: Scope, made: ReportFile, report: Report, pdf: bytes, filename: str) -> bool:
    """Keep the PDF and record the hand-over, unless someone it quotes has withdrawn their consent to
    be quoted (or been made anonymous) since their words were read (False: lay it out again).

    Checked in the transaction that keeps it, with the quoted feedback locked (``quotes_withdrawn``):
    a withdrawal that commits before this sees no kept file but is seen here; one that comes after
    waits for the lock and then removes this file with the others (``report_files_remove_quoting``).
    A withdrawal's time is not compared with when the report was read, since it is taken before the
    withdrawal commits. On SQLite every transaction takes the write lock first, which orders them
    the same way."""
    with transaction.atomic():
        if report.quoted and quotes_withdrawn(organisation=made.organisation, comment_ids=report.quoted):
            return False
        services.report_handed_over(scope=scope, report=report, fmt="pdf")
        _ready(made, pdf, filename=filename)
    return True


def _make_poster(*, scope: Scope, made: ReportFile) -> None:
    size, site_url = made.query["size"], made.query["site_url"]
    try:
        require(scope, Perm.EDIT_YOU_SAID)
        service = org_selectors.service_get(scope=scope, service_id=int(made.query["service"]))
    except (PermissionDenied, Service.DoesNotExist):
        progress_save(made, 100, "You no longer have access to this poster.", status=ReportFile.Status.FAILED)
        return
    progress_save(made, 40, "Laying out the poster")
    # Keyed by what it prints now: a pair changed since it was asked for is on it, and the key says so.
    key = poster.poster_key(service=service, size=size, site_url=site_url)
    pdf = poster.poster_pdf(scope=scope, service=service, size=size, site_url=site_url)
    _ready(made, pdf, filename=f"you-said-we-did-{service.id}-{size.lower()}.pdf", key=key)


def _ready(made: ReportFile, pdf: bytes, *, filename: str, **fields) -> None:
    """The PDF is kept with the request and the request is ready to download (the file is not kept
    if the request cannot be saved)."""
    made.file.save(filename, ContentFile(pdf), save=False)
    try:
        progress_save(
            made,
            100,
            "Ready",
            status=ReportFile.Status.READY,
            file=made.file,
            filename=filename,
            finished_at=clock.now(),
            **fields,
        )
    except Exception:
        made.file.delete(save=False)
        raise


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


# --- PDFs that could quote someone who withdrew their consent (ADR 0025) ---------------------------

# The reports that print people's own words: the quarterly summary's quotes (reports.quarterly.quotes).
QUOTING_KINDS = ("quarterly",)
REMOVED_FOR_CONSENT = "Removed: someone whose words it could have quoted withdrew their consent to be quoted"


def report_files_remove_quoting(*, organisation: Organisation, service_id: int, received_on: dt.date) -> list[str]:
    """Remove the kept PDFs that could quote feedback given at ``service_id`` on ``received_on``: the
    quarterly summaries of its quarter, for its service or for all services. Each request stays,
    marked removed with why, so the person who asked for it sees what became of it; the titles are
    returned for the person withdrawing the consent to be told. Called inside the caller's
    transaction: the files themselves are deleted once it has committed, so a failure keeps them."""
    key = quarter_key(quarter_start(received_on))
    kept = (
        ReportFile.objects.for_org(organisation)
        .filter(kind__in=QUOTING_KINDS, query__quarter=key, query__service__in=["", str(service_id)])
        .exclude(file="")
        .order_by("requested_at", "id")
    )
    titles = []
    for made in kept:
        name, storage = made.file.name, made.file.storage
        made.file, made.status, made.stage = "", ReportFile.Status.REMOVED, REMOVED_FOR_CONSENT
        made.save(update_fields=["file", "status", "stage"])
        transaction.on_commit(lambda name=name, storage=storage: storage.delete(name))
        titles.append(made.title or str(made))
    return titles
