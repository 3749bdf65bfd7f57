"""The `heard` console command: every management command of the project, under one name.

`heard demo`, `heard migrate`, `heard tenancy_lint` ... run the Django command of that name.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["heard", *(sys.argv[1:] if argv is None else argv)])
