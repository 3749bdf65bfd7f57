"""`heard import feedback FILE --org SLUG [--service NAME] [--source NAME] [--mode keep_good|all_or_nothing]
[--map field=Column ...]`"""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from feedback.imports.mapping import DATE_FORMATS, auto_detect, parse_overrides
from feedback.imports.parsing import ImportFileError, read_table
from feedback.imports.selectors import import_service_by_name
from feedback.imports.services import MODES, ImportServiceGone, feedback_import
from organisations.models import Organisation, Service
from organisations.scope import system_scope


class Command(BaseCommand):
    help = "Import feedback from a CSV or Excel (.xlsx) file, showing progress and every problem with its line number."

    def add_arguments(self, parser):
        parser.add_argument("what", choices=["feedback"], help="What to import (feedback).")
        parser.add_argument("file", type=Path, help="The CSV or .xlsx file.")
        parser.add_argument("--org", required=True, help="The organisation's short name (slug).")
        parser.add_argument("--service", default="", help="Put every row in this service (by name).")
        parser.add_argument(
            "--source",
            default="",
            help="Where the file comes from: the survey or system that made it. A row is skipped as imported "
            "before only if it was imported from the same source. Leave it out for files imported before "
            "without one.",
        )
        parser.add_argument(
            "--mode",
            choices=MODES,
            default="all_or_nothing",
            help="all_or_nothing (default): any problem, nothing imported. keep_good: import the good rows.",
        )
        parser.add_argument(
            "--map",
            action="append",
            default=[],
            metavar="FIELD=COLUMN",
            help="Say which column holds a field, e.g. --map text='Your comments'. Repeat as needed.",
        )
        parser.add_argument("--date-format", choices=sorted(DATE_FORMATS), default="dd/mm/yyyy")

    def handle(self, *args, what, file, org, service, source, mode, map, date_format, **options):
        organisation = Organisation.objects.filter(slug=org).first()
        if organisation is None:
            raise CommandError(f"There is no organisation '{org}'.")
        if not file.is_file():
            raise CommandError(f"There is no file {file}.")
        scope = system_scope(organisation=organisation, label=f"Import from the command line ({file.name})")
        service_id = None
        if service:
            try:
                service_id = import_service_by_name(scope=scope, name=service).id
            except Service.DoesNotExist as exc:
                raise CommandError(f"{organisation.name} has no current service called '{service}'.") from exc
        try:
            table = read_table(file)
            mapping = auto_detect(table.columns)
            mapping = parse_overrides(map, columns=table.columns, base=mapping)
        except ImportFileError as exc:
            raise CommandError(f"{file.name}: {exc}") from exc
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        from dataclasses import replace

        mapping = replace(mapping, date_format=date_format)
        self.stdout.write(f"Reading {file.name} ({table.kind}, {table.encoding}) into {organisation.name}")
        if source.strip():
            self.stdout.write(f"  source          {' '.join(source.split())}")
        for name, column in mapping.columns.items():
            self.stdout.write(f"  {name:<15} <- {column}")
        if mapping.theme_columns:
            self.stdout.write(
                f"  theme labels    <- {len(mapping.theme_columns)} columns (kept as codings by the import)"
            )

        shown: dict[str, int] = {}

        def progress(stage: str, done: int, total: int) -> None:
            percent = int(done * 100 / total) if total else 100
            step = percent - percent % 5
            if shown.get(stage, -1) >= step:
                return
            shown[stage] = step
            bar = "#" * (step // 5) + "." * (20 - step // 5)
            self.stdout.write(f"{stage:<8} [{bar}] {percent:3d}%  {done:,} of {total:,}")
            self.stdout.flush()

        try:
            report = feedback_import(
                scope=scope,
                file=file,
                file_name=file.name,
                mapping=mapping,
                mode=mode,
                service_id=service_id,
                source=source,
                progress=progress,
            )
        except ImportServiceGone as exc:
            # Archived since the command found it: said as every app says it (`organisations.closed`).
            raise CommandError(f"{file.name}: {exc}") from exc
        except ImportFileError as exc:
            raise CommandError(f"{file.name}: {exc}") from exc
        for warning in report.warnings[:50]:
            self.stdout.write(f"Note: {warning}")
        if len(report.warnings) > 50:
            self.stdout.write(f"... and {len(report.warnings) - 50} more notes.")
        for error in report.errors:
            self.stderr.write(str(error))
        for line in report.summary_lines():
            self.stdout.write(line)
        if report.errors and mode == "all_or_nothing":
            sys.exit(1)
