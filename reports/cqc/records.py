"""Who reads the pack, and where Heard's own records are evidence for each well-led quality statement
and each of CQC's evidence categories."""

from __future__ import annotations

from enum import StrEnum

WELL_LED = "well-led"


class Audience(StrEnum):
    STAFF = "staff"
    INSPECTOR = "inspector"


# Heard's own records are evidence for some statements whatever the themes say: where to look. The
# statements on leaders' challenges, speaking up and learning say it with their figures
# (`reports.cqc.statements.statement_records`).
STATEMENT_RECORDS = {
    "well-led.shared-direction-and-culture": "Who listens: people who use services and families in meetings.",
    "well-led.governance-management-and-sustainability": "Who decides and who acts: meetings, decisions citing "
    "evidence, the action log with a named lead and a different verifier for each action.",
    "well-led.partnerships-and-communities": "Who listens: co-production forums and meetings with people who use "
    "services, families and advocates.",
}
CATEGORY_RECORDS = {
    "people-experience": "Feedback from people who use services, families and advocates, by every channel.",
    "staff-leaders-feedback": "Feedback given by members of staff; leaders' challenges and the answers.",
    "partners-feedback": "Co-production partners at meetings; feedback from advocates.",
    "observation": "Who checks: audits of care, their cases observed with the person's consent, and what "
    "re-audits found.",
    "processes": "Meetings, decisions citing evidence, the action log and verification.",
    "outcomes": "Actions closed with evidence of impact, and the change they made.",
}
