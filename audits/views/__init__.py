"""Pages for audits: the programme, planning, an audit's cases and results, templates and versions.

Thin: read the form, call one service or selector, render. Permissions are checked in the services;
the `can_*` flags only decide which forms to show.
"""

from audits.views.programme import plan, programme
from audits.views.runs import case_detail, run_detail, run_withdraw
from audits.views.templates import template_list, version_detail

__all__ = ["case_detail", "plan", "programme", "run_detail", "run_withdraw", "template_list", "version_detail"]
