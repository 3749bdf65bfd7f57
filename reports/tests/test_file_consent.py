"""A quarterly summary's PDF made while someone it quotes withdraws their consent to be quoted (ADR 0025's
addendum): it is laid out again without their words, or not kept, and never kept with them.

The race is reproduced by withdrawing consent between reading the report and keeping its PDF, from
inside the real layout step, which runs in full; on PostgreSQL, also from another connection at the
same moment, each way round."""

import datetime as dt
import os
import subprocess
import tempfile
import threading
import time

import pytest
from django.conf import settings
from django.db import connection, transaction

from core.models import AuditEvent
from feedback.erasure import feedback_anonymise, feedback_withdraw_consent
from feedback.models import Channel, Feedback, Rating
from feedback.redaction import redact
from feedback.services import FeedbackInput, feedback_record
from organisations.roles import Role
from organisations.scope import system_scope
from reports import files
from reports.models import ReportFile

RECEIVED = dt.date(2026, 8, 14)  # in 2026-Q3
KIND_WORDS = "The marigolds in the garden make my mornings"
OTHER_WORDS = "the tea trolley comes round every afternoon"


def given(org, service, words: str) -> Feedback:
    return feedback_record(
        scope=system_scope(organisation=org),
        data=FeedbackInput(
            service_id=service.id,
            channel=Channel.PAPER,
            received_on=RECEIVED,
            rating=Rating.GOOD,
            comments=[("What was good?", words)],
            consent_to_quote=True,
        ),
    )


def pdf_text(data: bytes) -> str:
    with tempfile.NamedTemporaryFile(suffix=".pdf") as pdf:
        pdf.write(data)
        pdf.flush()
        out = subprocess.run(["pdftotext", pdf.name, "-"], capture_output=True, text=True, check=True).stdout  # noqa: S603, S607
    return " ".join(out.split()).casefold()


def kept_pdfs() -> list[str]:
    folder = settings.MEDIA_ROOT / "reports"
    return sorted(os.listdir(folder)) if folder.exists() else []


def asked(org, scope, service, capture) -> ReportFile:
    with capture(execute=False):  # queued; the test runs the task itself
        made = files.report_file_request(
            scope=scope, kind="quarterly", data=_query(f"quarter=2026-Q3&service={service.id}")
        )
    assert made.status == ReportFile.Status.QUEUED
    return made


def _query(text):
    from django.http import QueryDict

    return QueryDict(text)


class Layouts:
    """The real layout step, with ``then`` run after each PDF is laid out and before it is kept: the
    moment a withdrawal used to slip through."""

    def __init__(self, monkeypatch, then):
        self.printed: list[str] = []
        real = files.services.report_render

        def render(**kwargs):
            data, content_type = real(**kwargs)
            self.printed.append(pdf_text(data))
            then(len(self.printed))
            return data, content_type

        monkeypatch.setattr(files.services, "report_render", render)


def test_consent_withdrawn_while_the_pdf_is_laid_out_is_not_kept_in_it(
    org, services, make_scope, monkeypatch, django_capture_on_commit_callbacks
):
    lead = make_scope(Role.QUALITY_LEAD)
    kind, other = given(org, services[0], KIND_WORDS), given(org, services[0], OTHER_WORDS)
    made = asked(org, lead, services[0], django_capture_on_commit_callbacks)
    withdrawn = []

    def withdraw(layout):
        if layout == 1:
            with django_capture_on_commit_callbacks(execute=True):
                done = feedback_withdraw_consent(scope=lead, feedback_id=kind.pk, reason="Rang to ask")
            withdrawn.append(done)

    layouts = Layouts(monkeypatch, withdraw)
    files.make_report_file.call(org.pk, made.pk)

    # The first layout read the quote before the withdrawal, which found no kept PDF to remove.
    assert len(layouts.printed) == 2
    assert "marigolds" in layouts.printed[0] and withdrawn[0].pdfs_removed == []
    made.refresh_from_db()
    assert made.status == ReportFile.Status.READY and made.stage == "Ready"
    kept = pdf_text(made.file.read())
    assert "marigolds" not in kept and "tea trolley comes round" in kept
    assert layouts.printed[1] == kept
    assert kept_pdfs() == [os.path.basename(made.file.name)]
    # Handed over once: the layout that was not kept is not audited.
    assert AuditEvent.objects.for_org(org).filter(verb="report.quarterly.pdf").count() == 1
    assert other.consent_to_quote


def test_consent_withdrawn_at_every_layout_keeps_nothing_and_says_why(
    client, org, services, make_scope, monkeypatch, django_capture_on_commit_callbacks
):
    lead = make_scope(Role.QUALITY_LEAD)
    words = [f"{KIND_WORDS} number {n}" for n in range(files.MAKE_ATTEMPTS)]
    given_ = [given(org, services[0], w) for w in words]
    made = asked(org, lead, services[0], django_capture_on_commit_callbacks)
    stages = []

    def withdraw(layout):
        stages.append(ReportFile.objects.for_org(org).get(pk=made.pk).stage)
        feedback_withdraw_consent(scope=lead, feedback_id=given_[layout - 1].pk, reason="Rang to ask")

    layouts = Layouts(monkeypatch, withdraw)
    files.make_report_file.call(org.pk, made.pk)

    assert len(layouts.printed) == files.MAKE_ATTEMPTS
    assert stages[0] == "Laying out the pages" and stages[1] == files.LAYING_OUT[1]
    made.refresh_from_db()
    assert made.status == ReportFile.Status.FAILED and not made.file and made.stage == files.WITHDRAWN_WHILE_MAKING
    assert kept_pdfs() == []
    assert not AuditEvent.objects.for_org(org).filter(verb="report.quarterly.pdf").exists()
    client.force_login(lead.user)
    page = client.get(f"/reports/pdfs/{made.pk}/").content.decode()
    assert "This PDF is not available" in page and "Ask for the PDF again" in page


def test_feedback_made_anonymous_while_the_pdf_is_laid_out_is_not_quoted(
    org, services, make_scope, monkeypatch, django_capture_on_commit_callbacks
):
    lead = make_scope(Role.QUALITY_LEAD)
    kind = given(org, services[0], KIND_WORDS)
    made = asked(org, lead, services[0], django_capture_on_commit_callbacks)

    def anonymise(layout):
        if layout == 1:
            texts = {c.pk: redact(c.text).text for c in kind.comments.all()}
            feedback_anonymise(scope=lead, feedback_id=kind.pk, reason="Asked to be erased", texts=texts)

    layouts = Layouts(monkeypatch, anonymise)
    files.make_report_file.call(org.pk, made.pk)

    assert len(layouts.printed) == 2 and "marigolds" in layouts.printed[0]
    made.refresh_from_db()
    assert made.status == ReportFile.Status.READY and "marigolds" not in pdf_text(made.file.read())


def test_a_report_that_quotes_nobody_is_laid_out_once(
    org, services, make_scope, monkeypatch, django_capture_on_commit_callbacks
):
    lead = make_scope(Role.QUALITY_LEAD)
    made = asked(org, lead, services[1], django_capture_on_commit_callbacks)
    kind = given(org, services[0], KIND_WORDS)  # another service's: not in this summary

    def withdraw(layout):
        feedback_withdraw_consent(scope=lead, feedback_id=kind.pk, reason="Rang to ask")

    layouts = Layouts(monkeypatch, withdraw)
    files.make_report_file.call(org.pk, made.pk)
    made.refresh_from_db()
    assert len(layouts.printed) == 1 and made.status == ReportFile.Status.READY


# ----- at the same moment, from another connection (PostgreSQL) ----------------------------------


def _someone_waits_for_a_lock(timeout: float = 20.0) -> bool:
    """Whether, within ``timeout`` seconds, a connection to this database is waiting for a row lock."""
    with connection.cursor() as cursor:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            cursor.execute("SELECT pg_stat_clear_snapshot()")  # read afresh inside a transaction too
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
            )
            if cursor.fetchone()[0]:
                return True
            time.sleep(0.05)
    return False


class InAnotherConnection(threading.Thread):
    """``work`` run in its own thread, so on its own connection, its transaction committed at the end."""

    def __init__(self, work, *, hold: threading.Event | None = None):
        super().__init__(daemon=True)
        self.work, self.hold = work, hold
        self.started_work, self.result, self.error = threading.Event(), None, None

    def run(self):
        try:
            with transaction.atomic():
                self.result = self.work()
                self.started_work.set()
                if self.hold is not None:
                    self.hold.wait(30)
        except Exception as error:  # reported by the test that joins it
            self.error = error
        finally:
            self.started_work.set()
            connection.close()


def ask_and_make(scope, service) -> ReportFile:
    """Ask for the service's summary of 2026-Q3; the tests' task backend makes it once the request commits."""
    made = files.report_file_request(
        scope=scope, kind="quarterly", data=_query(f"quarter=2026-Q3&service={service.id}")
    )
    made.refresh_from_db()
    return made


def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("two connections at once: SQLite's transactions each take the write lock first")


@pytest.mark.django_db(transaction=True)
def test_a_withdrawal_not_yet_committed_is_waited_for_and_then_seen(org, services, make_scope, monkeypatch):
    _postgres_only()
    lead = make_scope(Role.QUALITY_LEAD)
    kind = given(org, services[0], KIND_WORDS)
    release, waited, others = threading.Event(), [], []

    def withdraw_uncommitted(layout):
        if layout == 1:
            other = InAnotherConnection(
                lambda: feedback_withdraw_consent(scope=lead, feedback_id=kind.pk, reason="Rang to ask"), hold=release
            )
            other.start()
            others.append(other)
            other.started_work.wait(30)  # it holds the feedback's lock, not yet committed

            def let_go():
                waited.append(_someone_waits_for_a_lock())  # this task, keeping the PDF, waits for it
                connection.close()
                release.set()

            threading.Thread(target=let_go, daemon=True).start()

    layouts = Layouts(monkeypatch, withdraw_uncommitted)
    made = ask_and_make(lead, services[0])  # made once the request commits

    others[0].join(30)
    assert others[0].error is None and others[0].result.pdfs_removed == []
    assert waited == [True]
    assert len(layouts.printed) == 2 and "marigolds" in layouts.printed[0]
    made.refresh_from_db()
    assert made.status == ReportFile.Status.READY and "marigolds" not in pdf_text(made.file.read())


@pytest.mark.django_db(transaction=True)
def test_a_withdrawal_while_the_pdf_is_being_kept_waits_and_then_removes_it(org, services, make_scope, monkeypatch):
    _postgres_only()
    lead = make_scope(Role.QUALITY_LEAD)
    kind = given(org, services[0], KIND_WORDS)
    others = []
    real = files.services.report_handed_over

    def handed_over(**kwargs):
        # Inside the transaction that keeps the PDF, which holds the quoted feedback's lock.
        other = InAnotherConnection(
            lambda: feedback_withdraw_consent(scope=lead, feedback_id=kind.pk, reason="Rang to ask")
        )
        other.start()
        others.append(other)
        assert _someone_waits_for_a_lock()  # the withdrawal waits for this PDF to be kept
        return real(**kwargs)

    monkeypatch.setattr(files.services, "report_handed_over", handed_over)
    made = ask_and_make(lead, services[0])
    others[0].join(30)

    assert others[0].error is None
    assert others[0].result.pdfs_removed == [made.title]
    made.refresh_from_db()
    assert made.status == ReportFile.Status.REMOVED and not made.file and made.stage == files.REMOVED_FOR_CONSENT
