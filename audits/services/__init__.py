"""Writes for audits: templates and their versions, questions, trial runs, publishing; planning an
audit for a reason the evidence gives; cases with their consent and answers; completing an audit;
and findings that open actions.

Each service checks permission first, works inside one transaction and writes its audit event.
Every one takes `now` so that the demo can write history and tests can fix the clock.

Free text that records what happened with people (a case's note, what a trial taught, a version's
change note, why an audit is planned or withdrawn, a finding, why a case is withdrawn or corrected)
is cleaned of personal details as it is saved (ADR 0016): the audit needs what was seen, never who it
was. The audit's design (its title, purpose and questions) is kept as written.
"""

from audits.services.cases import case_correct, case_record, case_withdraw, may_conduct
from audits.services.findings import finding_open
from audits.services.runs import may_withdraw, run_closed_refusal, run_complete, run_plan, run_withdraw
from audits.services.templates import question_add, question_remove, template_create, version_new, version_publish
from audits.services.trials import trial_record

__all__ = [
    "case_correct",
    "case_record",
    "case_withdraw",
    "finding_open",
    "may_conduct",
    "may_withdraw",
    "question_add",
    "question_remove",
    "run_closed_refusal",
    "run_complete",
    "run_plan",
    "run_withdraw",
    "template_create",
    "trial_record",
    "version_new",
    "version_publish",
]
