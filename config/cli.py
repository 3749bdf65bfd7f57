"""The `heard` console command: every management command of the project, under one name.

`heard demo`, `heard migrate`, `heard tenancy_lint` ... run the Django command of that name.
"""

import os
import sys

from config.reproducible import pin_blas_kernels


def main(argv: list[str] | None = None) -> None:
    pin_blas_kernels()  # before numpy loads: the same trained model on every x86 processor
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["heard", *(sys.argv[1:] if argv is None else argv)])
