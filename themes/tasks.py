"""Background work for urgent flags: a second look, with the model, at comments that came in a large file.

A file of more than `HEARD_IMPORT_MODEL_LIMIT` distinct comments is checked by the rules alone while
it is saved, so that it still imports within a minute (smaller files get rules and model). Once
it has committed, this task reads the same comments again with rules and model together and raises
flags for anything the rules missed, so an imported comment is not held to a lower standard than
one from the public form. It tells the safeguarding lead in one email, as the import did, and in
the same transaction ends the wait that kept the file's feedback from people who may not see flags.
"""

from __future__ import annotations

from django.tasks import task

from organisations.models import Organisation
from organisations.scope import system_scope
from themes.selectors import comments_without_flags, feedback_waiting_for_urgent_check
from themes.services.urgent_imports import urgent_recheck_record
from themes.urgent import assess_many

BATCH = 2000


@task()
def urgent_recheck_import(
    organisation_id: int, first_feedback_id: int, last_feedback_id: int, file_name: str = ""
) -> int:
    organisation = Organisation.objects.get(pk=organisation_id)
    scope = system_scope(organisation=organisation, label="Heard (urgent check of an import)")
    # Taken before the comments are read, so the wait ends only for feedback this check has read.
    waiting = feedback_waiting_for_urgent_check(
        organisation=organisation, first_feedback_id=first_feedback_id, last_feedback_id=last_feedback_id
    )
    comments = comments_without_flags(
        organisation=organisation, first_feedback_id=first_feedback_id, last_feedback_id=last_feedback_id
    )
    found = []
    for start in range(0, len(comments), BATCH):
        batch = comments[start : start + BATCH]
        found += [(c, a) for c, a in zip(batch, assess_many([c.text for c in batch]), strict=True) if a.urgent]
    return urgent_recheck_record(
        scope=scope,
        found=found,
        checked_feedback_ids=waiting,
        file_name=file_name,
    )
