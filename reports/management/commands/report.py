from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from organisations.models import Organisation, Service
from organisations.scope import system_scope
from reports.commissioner import commissioner_report
from reports.cqc import cqc_pack
from reports.monthly import monthly_pack
from reports.oversight import service_named
from reports.quarterly import quarterly_summary
from reports.quarters import parse_quarter
from reports.selectors import parse_month
from reports.services import report_export

QUARTERLY = {"quarterly": quarterly_summary, "commissioner": commissioner_report}


class Command(BaseCommand):
    help = (
        "Reports, for running on a schedule. `heard report monthly --org SLUG [--service SLUG] --month 2026-10 "
        "--pdf FILE --xlsx FILE` writes the monthly quality and safety pack (give --pdf, --xlsx or both). "
        "`heard report quarterly|commissioner --org SLUG [--service SLUG] --quarter 2026-Q3 ...` writes the "
        "quarterly co-production summary or the commissioner report. "
        "`heard report cqc --org SLUG [--service SLUG] ...` writes the CQC well-led evidence pack for the year "
        "to today. "
        "A service is named by its name as a slug (rowan-house) or its number."
    )

    def add_arguments(self, parser):
        parser.add_argument("report", choices=["monthly", *QUARTERLY, "cqc"])
        parser.add_argument("--org", required=True, help="Organisation slug.")
        parser.add_argument("--service", help="One service (all of them without it).")
        parser.add_argument("--month", help="The month, as year-month: 2026-10 (monthly).")
        parser.add_argument(
            "--quarter", help="The quarter, as year-Q and its number: 2026-Q3 (quarterly, commissioner)."
        )
        parser.add_argument("--pdf", type=Path, help="Write the PDF here.")
        parser.add_argument("--xlsx", type=Path, help="Write the spreadsheet here.")

    def handle(self, *args, report, org, service, month, quarter, pdf, xlsx, **options):
        if not pdf and not xlsx:
            raise CommandError("Say where to write the report: --pdf FILE, --xlsx FILE or both.")
        option, parse = ("--quarter", parse_quarter) if report in QUARTERLY else ("--month", parse_month)
        given = quarter if report in QUARTERLY else month
        if not given and report != "cqc":
            raise CommandError(f"Say which period: {option} is needed for the {report} report.")
        try:
            period = parse(given) if report != "cqc" else None
        except ValueError as exc:
            raise CommandError(f"{option}: {exc}") from None
        organisation = Organisation.objects.filter(slug=org).first()
        if organisation is None:
            raise CommandError(f"There is no organisation {org!r}.")
        scope = system_scope(organisation=organisation, label="heard report")
        chosen = None
        if service:
            try:
                chosen = service_named(scope=scope, slug=service)
            except Service.DoesNotExist as exc:
                raise CommandError(f"--service: {exc}") from None
        if report == "cqc":
            pack = cqc_pack(scope=scope, service=chosen)
        elif report in QUARTERLY:
            pack = QUARTERLY[report](scope=scope, quarter=period, service=chosen)
        else:
            pack = monthly_pack(scope=scope, month=period, service=chosen)
        for fmt, path in (("pdf", pdf), ("xlsx", xlsx)):
            if path is None:
                continue
            if not path.parent.is_dir():
                raise CommandError(f"--{fmt}: there is no folder {str(path.parent)!r} to write into.")
            data, _ = report_export(scope=scope, report=pack, fmt=fmt)
            path.write_bytes(data)
            self.stdout.write(f"{pack.title}, {pack.coverage}, {pack.period}: {fmt.upper()} written to {path}.")
