"""The "code these next" order, worked out in the background and stored, and the queue read from it (ADR 0008)."""

import datetime as dt
import threading
import time

import pytest
from django.db import connection, transaction
from django.urls import reverse
from django.utils.html import escape

from core import clock
from organisations.roles import Role
from organisations.scope import scope_for
from organisations.tests.factories import person_with_role
from themes.coding.training import (
    REFRESH_AFTER,
    code_next_order_refresh,
    code_next_order_refresh_soon,
    code_next_order_work_out,
    code_next_queue,
)
from themes.coding.training import suggest as stored_models
from themes.coding.training.order import REFRESH_GIVEN_UP_AFTER, _order_create_claimed
from themes.models import CodingOrder, UrgentFlag

from .helpers import promoted_model
from .test_coding import record
from .test_training import code_some, train

DUMMY_TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}


@pytest.fixture
def tasks_held(settings):
    """Background tasks are queued and not run, as with a worker that has not got to them yet."""
    settings.TASKS = DUMMY_TASKS
    backend = code_next_order_refresh.get_backend()
    backend.clear()
    return backend


def queue_page(client, person, framework) -> str:
    client.force_login(person.user)
    response = client.get(reverse("themes:coding-queue", args=[framework.slug]) + "?order=next")
    assert response.status_code == 200
    return response.content.decode()


def stored(org, framework) -> CodingOrder:
    return CodingOrder.objects.for_org(org).get(framework=framework)


def test_promoting_a_model_stores_its_order_and_the_queue_is_served_from_it_without_loading_the_model(
    client, org, services, admin_scope, lead, framework, django_capture_on_commit_callbacks
):
    code_some(org, services, admin_scope, lead, framework, 80)
    waiting = [
        record(admin_scope, services[0], text)[0]
        for text in ("The call bell rang for ages.", "Lovely meals.", "His jumpers went missing and the tea was cold.")
    ]
    version = train(lead, framework, django_capture_on_commit_callbacks)
    order = stored(org, framework)
    assert order.model_version == version and sorted(order.comment_ids) == sorted(c.pk for c in waiting)
    worked_out_at = order.worked_out_at

    # Every model is loaded through one cached function: it counts each call, found or not.
    stored_models._load.cache_clear()
    person = person_with_role(org, Role.QUALITY_LEAD, all_services=True)
    page = queue_page(client, person, framework)
    assert stored_models._load.cache_info().hits + stored_models._load.cache_info().misses == 0
    links = [reverse("themes:coding-comment", args=[framework.slug, pk]) for pk in order.comment_ids]
    assert [page.index(link) for link in links] == sorted(page.index(link) for link in links)
    assert "This order was worked out on" in page
    assert stored(org, framework).worked_out_at == worked_out_at


def test_feedback_that_comes_in_is_listed_first_at_once_and_the_order_worked_out_again_a_minute_later(
    org, services, admin_scope, lead, framework, tasks_held, django_capture_on_commit_callbacks
):
    before = [record(admin_scope, services[0], t)[0] for t in ("Tea was late.", "The garden is lovely.")]
    order = code_next_order_work_out(organisation=org, framework=framework)
    now = clock.now()
    with django_capture_on_commit_callbacks(execute=True):
        [first] = record(admin_scope, services[1], "Nobody came when I rang.", day=dt.date(2026, 1, 5))
    with django_capture_on_commit_callbacks(execute=True):
        [second] = record(admin_scope, services[0], "The laundry lost his jumper.", day=dt.date(2026, 1, 4))

    queue = code_next_queue(scope=lead, framework=framework)
    # Those come in since first (most recent feedback first), though given before the others; then the stored order.
    assert queue.comment_ids == [first.pk, second.pk, *order.comment_ids]
    assert queue.arrived_since == 2 and queue.worked_out_at == order.worked_out_at
    assert sorted(order.comment_ids) == sorted(c.pk for c in before)
    # One refresh for the two, a minute after the first.
    [queued] = tasks_held.results
    assert queued.task.func is code_next_order_refresh.func and queued.args == [org.pk, framework.pk]
    assert now + REFRESH_AFTER <= queued.task.run_after <= clock.now() + REFRESH_AFTER

    assert code_next_order_refresh.call(org.pk, framework.pk) == 4
    refreshed = stored(org, framework)
    assert sorted(refreshed.comment_ids) == sorted(c.pk for c in (*before, first, second))
    assert refreshed.refresh_wanted_at is None and refreshed.worked_out_at >= order.worked_out_at
    assert code_next_queue(scope=lead, framework=framework).arrived_since == 0
    # The next comment to come in asks for the next refresh.
    with django_capture_on_commit_callbacks(execute=True):
        record(admin_scope, services[0], "Staff were kind.")
    assert len(tasks_held.results) == 2


def test_with_no_stored_order_the_queue_lists_the_newest_first_and_asks_for_the_order_once(
    client, org, services, admin_scope, framework, tasks_held, django_capture_on_commit_callbacks
):
    oldest, newest = (
        record(admin_scope, services[0], text, day=dt.date(2026, 11, day))[0]
        for day, text in ((2, "Tea was late."), (3, "Nobody came when I rang."))
    )
    person = person_with_role(org, Role.QUALITY_LEAD, all_services=True)
    with django_capture_on_commit_callbacks(execute=True):
        page = queue_page(client, person, framework)
    link = {c.pk: reverse("themes:coding-comment", args=[framework.slug, c.pk]) for c in (oldest, newest)}
    assert page.index(link[newest.pk]) < page.index(link[oldest.pk])
    assert "The order that teaches the model most is being worked out" in page
    with django_capture_on_commit_callbacks(execute=True):
        queue_page(client, person, framework)
    assert [r.args for r in tasks_held.results] == [[org.pk, framework.pk]]


def test_an_order_made_before_the_model_in_use_is_worked_out_again_when_the_queue_is_opened(
    org, services, admin_scope, lead, framework, django_capture_on_commit_callbacks
):
    record(admin_scope, services[0], "Tea was late.", "The garden is lovely.")
    code_next_order_work_out(organisation=org, framework=framework)
    version = promoted_model(org, framework)
    with django_capture_on_commit_callbacks(execute=True):
        code_next_queue(scope=lead, framework=framework)
    # This model has no stored file, so it orders by variety; the order says which model it was made under.
    assert stored(org, framework).model_version == version


def test_the_stored_order_covers_the_organisation_but_each_person_gets_only_what_they_may_code(
    client, org, services, admin_scope, framework
):
    rowan, beech, _ = services
    hit = "The night carer hit my mum and she is scared of him now."
    [flagged] = record(admin_scope, rowan, hit, consent_to_quote=True)
    [soup] = record(admin_scope, rowan, "The soup was cold again at lunch.", consent_to_quote=True)
    [garden] = record(admin_scope, beech, "The garden at Beech Court is lovely.", consent_to_quote=True)
    assert UrgentFlag.objects.for_org(org).filter(comment=flagged).exists()
    order = code_next_order_work_out(organisation=org, framework=framework)
    assert sorted(order.comment_ids) == sorted(c.pk for c in (flagged, soup, garden))

    staff = person_with_role(org, Role.STAFF, services=[rowan])
    assert code_next_queue(scope=scope_for(user=staff.user, organisation=org), framework=framework).comment_ids == [
        soup.pk
    ]
    page = queue_page(client, staff, framework)
    assert escape("The soup was cold") in page and escape(hit) not in page and "Beech Court is lovely" not in page
    manager = person_with_role(org, Role.SERVICE_MANAGER, services=[rowan])
    mine = code_next_queue(scope=scope_for(user=manager.user, organisation=org), framework=framework).comment_ids
    assert sorted(mine) == sorted([flagged.pk, soup.pk])
    assert mine == [pk for pk in order.comment_ids if pk in mine]


def test_asking_for_a_refresh_of_a_framework_that_has_its_order_is_one_update(
    org, framework, tasks_held, django_assert_num_queries, django_capture_on_commit_callbacks
):
    now = clock.now()
    # The first request makes the framework's row with the refresh wanted, and queues it.
    with django_capture_on_commit_callbacks(execute=True):
        assert code_next_order_refresh_soon(organisation=org, framework=framework, now=now)
    assert stored(org, framework).refresh_wanted_at == now
    # While it is on its way, another request queues nothing (a read to tell it from no row).
    with django_assert_num_queries(2):
        assert not code_next_order_refresh_soon(organisation=org, framework=framework, now=now)
    # Once a worker has started it, the next request claims the row with one update, no read first.
    CodingOrder.objects.for_org(org).filter(framework=framework).update(refresh_wanted_at=None)
    later = now + dt.timedelta(minutes=5)
    with django_assert_num_queries(1), django_capture_on_commit_callbacks(execute=True):
        assert code_next_order_refresh_soon(organisation=org, framework=framework, now=later)
    # And one that was asked for and never started is asked for again, with one update too.
    given_up = later + REFRESH_GIVEN_UP_AFTER + dt.timedelta(seconds=1)
    with django_assert_num_queries(1), django_capture_on_commit_callbacks(execute=True):
        assert code_next_order_refresh_soon(organisation=org, framework=framework, now=given_up)
    assert stored(org, framework).refresh_wanted_at == given_up
    assert [r.args for r in tasks_held.results] == [[org.pk, framework.pk]] * 3
    assert CodingOrder.objects.for_org(org).count() == 1


def test_of_two_requests_that_found_no_order_only_the_one_that_makes_it_claims_the_refresh(org, framework):
    now = clock.now()
    assert _order_create_claimed(organisation=org, framework=framework, now=now)
    # The other found no row too, before the first made it: its insert is refused, and its
    # transaction goes on (on PostgreSQL a refused insert outside a savepoint would end it).
    assert not _order_create_claimed(organisation=org, framework=framework, now=now + dt.timedelta(seconds=1))
    assert stored(org, framework).refresh_wanted_at == now
    assert CodingOrder.objects.for_org(org).count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite lets one writer in at a time")
def test_two_first_requests_at_once_on_postgresql_queue_one_refresh(transactional_db, org, framework, settings):
    """The first request has inserted the framework's row and not yet committed; the second, finding
    no row it can see, waits on the insert and is refused once the first commits."""
    settings.TASKS = DUMMY_TASKS
    now = clock.now()
    inserted, results = threading.Event(), {}

    def first():
        try:
            with transaction.atomic():
                results["first"] = code_next_order_refresh_soon(organisation=org, framework=framework, now=now)
                inserted.set()
                time.sleep(0.5)  # the second is waiting on this insert meanwhile
        finally:
            inserted.set()
            connection.close()

    def second():
        try:
            inserted.wait(10)
            with transaction.atomic():
                results["second"] = code_next_order_refresh_soon(organisation=org, framework=framework, now=now)
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(20)
    assert results == {"first": True, "second": False}
    assert stored(org, framework).refresh_wanted_at == now
