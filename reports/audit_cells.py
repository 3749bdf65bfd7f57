"""A completed audit's figures as the reports' tables give them (the monthly pack, the CQC pack)."""

from __future__ import annotations

from audits.selectors import RunSummary

HEADER = ["Cases", "Findings", "Re-audit: better by more than noise", "Re-audit: worse by more than noise"]


def audit_cells(a: RunSummary) -> list:
    """Its cases and findings, and for a re-audit the questions better and worse than its baseline by
    more than noise."""
    verdict = (a.better, a.worse) if a.run.baseline_id else ("Not a re-audit", "Not a re-audit")
    return [a.cases, a.findings, *verdict]
