"""A completed audit's figures as the reports' tables give them (the monthly pack, the CQC pack)."""

from __future__ import annotations

from audits.selectors import RunSummary

# "More than chance", as the audit's own page, the agenda pack and the API say it.
HEADER = ["Cases", "Findings", "Re-audit: better by more than chance", "Re-audit: worse by more than chance"]


def audit_cells(a: RunSummary) -> list:
    """Its cases and findings, and for a re-audit the questions better and worse than the audit before it
    by more than chance."""
    verdict = (a.better, a.worse) if a.run.baseline_id else ("Not a re-audit", "Not a re-audit")
    return [a.cases, a.findings, *verdict]
