import argparse

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = (
        "Theme tools. `heard themes evaluate --train FILE --test FILE [--json]` trains the theme and "
        "sentiment model and scores it; `heard themes urgent --input FILE [--json]` checks comments "
        "(one a line) for urgent safeguarding concerns."
    )

    def add_arguments(self, parser):
        parser.add_argument("tool", choices=["evaluate", "urgent"])
        parser.add_argument("rest", nargs=argparse.REMAINDER)

    def handle(self, *args, tool, rest, **options):
        if tool == "evaluate":
            from themes.ml.evaluate import main
        else:
            from themes.urgent.cli import main
        code = main(rest)
        if code:
            raise CommandError(f"heard themes {tool} failed (exit {code}).")
