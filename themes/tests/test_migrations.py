"""Migrations that change what is already recorded: run from the state before them, on real rows."""

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from feedback.services import feedback_record
from governance.models import Citation
from organisations.roles import Role
from organisations.scope import system_scope
from organisations.tests.factories import person_with_role
from themes.models import DetectedBy, FlagStatus, UrgentFlag
from themes.tests.test_urgent_flags import URGENT, entry


@pytest.mark.django_db(transaction=True)
def test_open_flags_of_one_comment_are_joined_before_the_database_allows_only_one(org, services):
    # Back to before the rule, when flagging a comment by hand always made a new flag.
    call_command("migrate", "themes", "0009_flag_concern_added", verbosity=0)
    try:
        item = feedback_record.__wrapped__(scope=system_scope(organisation=org), data=entry(services[0], URGENT))
        first = UrgentFlag.objects.for_org(org).get(comment__feedback=item)
        found_by_rules = list(first.reasons)
        staff = person_with_role(org, Role.STAFF, services=[services[0]], full_name="Aisha Rahman")
        second = UrgentFlag.objects.create(
            organisation=org,
            comment=first.comment,
            reasons=["raised by hand by Aisha Rahman: he flinched when the carer came in"],
            categories=["safeguarding"],
            score=1.0,
            detected_at=first.detected_at,
            detected_by=DetectedBy.PERSON,
            raised_by=staff,
        )
        # A note as its table stood then: today's model has columns added since.
        then = MigrationExecutor(connection).loader.project_state(("themes", "0009_flag_concern_added")).apps
        note = then.get_model("themes", "UrgentFlagAction").objects.create(
            flag_id=second.pk,
            organisation_id=org.pk,
            action="Rang his daughter.",
            who_id=staff.pk,
            at=first.detected_at,
        )
        untouched = UrgentFlag.objects.create(
            organisation=org,
            comment=first.comment,
            reasons=["an older worry, dealt with"],
            detected_at=first.detected_at,
            detected_by=DetectedBy.PERSON,
            status=FlagStatus.CLOSED,
        )
    finally:
        call_command("migrate", verbosity=0)

    open_flags = UrgentFlag.objects.for_org(org).filter(comment=first.comment, status=FlagStatus.OPEN)
    assert list(open_flags) == [first]
    first.refresh_from_db()
    assert first.reasons == [*found_by_rules, "raised by hand by Aisha Rahman: he flinched when the carer came in"]
    assert "safeguarding" in first.categories and first.score == 1.0
    assert [a.pk for a in first.actions.all()] == [note.pk]  # what was recorded moved with it
    assert UrgentFlag.objects.for_org(org).filter(pk=untouched.pk, status=FlagStatus.CLOSED).exists()
    assert not Citation.objects.for_org(org).filter(urgent_flag_id=second.pk).exists()
