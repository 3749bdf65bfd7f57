"""Writes for reports: handing a report over as a file is recorded in the audit log."""

from __future__ import annotations

from django.db import transaction

from core.audit import audit_record
from organisations.scope import Scope
from reports.document import Report
from reports.render import report_pdf, report_xlsx
from reports.rules import Perm, require

FORMATS = {
    "pdf": ("application/pdf", report_pdf),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", report_xlsx),
}
PERMS = {
    "monthly": Perm.VIEW_MONTHLY_PACK,
    "quarterly": Perm.VIEW_QUARTERLY_SUMMARY,
    "commissioner": Perm.VIEW_COMMISSIONER_REPORT,
    "cqc": Perm.VIEW_CQC_PACK,
}


def report_export(*, scope: Scope, report: Report, fmt: str) -> tuple[bytes, str]:
    """The report as a PDF or spreadsheet, and its content type; who took it, and when, is audited."""
    data, content_type = report_render(scope=scope, report=report, fmt=fmt)
    with transaction.atomic():
        report_handed_over(scope=scope, report=report, fmt=fmt)
    return data, content_type


def report_render(*, scope: Scope, report: Report, fmt: str) -> tuple[bytes, str]:
    """The report laid out as a PDF or spreadsheet, and its content type, not yet handed to anyone: a
    PDF made in the background is audited only once it is kept (``reports.files``)."""
    require(scope, PERMS[report.kind])
    if fmt not in FORMATS:
        raise ValueError(f"A report can be a PDF or a spreadsheet (pdf or xlsx), not {fmt!r}.")
    content_type, render = FORMATS[fmt]
    return render(report), content_type


def report_handed_over(*, scope: Scope, report: Report, fmt: str) -> None:
    """Record that ``scope``'s person took the report as a file, in the caller's transaction."""
    scope = require(scope, PERMS[report.kind])
    audit_record(
        scope=scope,
        verb=f"report.{report.kind}.{fmt}",
        obj=scope.organisation,
        label=f"{report.title}: {report.coverage}, {report.period}",
    )


def report_filename(*, scope: Scope, report: Report, fmt: str) -> str:
    from django.utils.text import slugify

    return (
        f"heard-{report.kind}-{scope.organisation.slug}-{slugify(report.coverage)[:40]}-{slugify(report.period)}.{fmt}"
    )
