"""After a big load, PostgreSQL gathers the tables' statistics at once instead of planning from none."""

import datetime as dt

from django.db import connection

from core.bulk import ANALYSE_FROM_ROWS, refresh_statistics
from feedback.models import Channel, Comment, Feedback
from feedback.services import FeedbackInput, feedback_record


def reltuples(table: str) -> float:
    with connection.cursor() as cursor:
        cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
        return cursor.fetchone()[0]


def test_statistics_are_gathered_after_a_big_load_on_postgresql_only(org, services, admin_scope):
    for n in range(3):
        feedback_record(
            scope=admin_scope,
            data=FeedbackInput(
                service_id=services[0].id,
                channel=Channel.PHONE,
                received_on=dt.date(2026, 10, 1),
                comments=[("", f"Comment {n}")],
            ),
        )
    assert not refresh_statistics(Feedback, rows=ANALYSE_FROM_ROWS - 1)  # a small load: nothing to do
    postgresql = connection.vendor == "postgresql"
    assert refresh_statistics(Feedback, Comment, rows=ANALYSE_FROM_ROWS) is postgresql
    if postgresql:  # the planner now knows how many rows there are (this transaction's own count)
        assert (reltuples("feedback_feedback"), reltuples("feedback_comment")) == (3, 3)
