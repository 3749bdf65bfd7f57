from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from organisations.models import Organisation, Service
from organisations.scope import system_scope
from reports.monthly import monthly_pack
from reports.selectors import parse_month, service_by_slug
from reports.services import report_export


class Command(BaseCommand):
    help = (
        "Reports, for running on a schedule. `heard report monthly --org SLUG [--service SLUG] --month 2026-10 "
        "--pdf FILE --xlsx FILE` writes the monthly quality and safety pack (give --pdf, --xlsx or both). "
        "A service is named by its name as a slug (rowan-house) or its number."
    )

    def add_arguments(self, parser):
        parser.add_argument("report", choices=["monthly"])
        parser.add_argument("--org", required=True, help="Organisation slug.")
        parser.add_argument("--service", help="One service (all of them without it).")
        parser.add_argument("--month", required=True, help="The month, as year-month: 2026-10.")
        parser.add_argument("--pdf", type=Path, help="Write the PDF here.")
        parser.add_argument("--xlsx", type=Path, help="Write the spreadsheet here.")

    def handle(self, *args, report, org, service, month, pdf, xlsx, **options):
        if not pdf and not xlsx:
            raise CommandError("Say where to write the report: --pdf FILE, --xlsx FILE or both.")
        try:
            month = parse_month(month)
        except ValueError as exc:
            raise CommandError(f"--month: {exc}") from None
        organisation = Organisation.objects.filter(slug=org).first()
        if organisation is None:
            raise CommandError(f"There is no organisation {org!r}.")
        scope = system_scope(organisation=organisation, label="heard report")
        chosen = None
        if service:
            try:
                chosen = service_by_slug(scope=scope, slug=service)
            except Service.DoesNotExist as exc:
                raise CommandError(f"--service: {exc}") from None
        pack = monthly_pack(scope=scope, month=month, service=chosen)
        for fmt, path in (("pdf", pdf), ("xlsx", xlsx)):
            if path is None:
                continue
            if not path.parent.is_dir():
                raise CommandError(f"--{fmt}: there is no folder {str(path.parent)!r} to write into.")
            data, _ = report_export(scope=scope, report=pack, fmt=fmt)
            path.write_bytes(data)
            self.stdout.write(f"{pack.title}, {pack.coverage}, {pack.period}: {fmt.upper()} written to {path}.")
