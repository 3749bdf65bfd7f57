"""Which comments to code next: the order that teaches the model most.

Working the order out means loading the model and scoring up to ORDER_POOL comments, which takes
seconds, so it is done in the background and stored (`CodingOrder`, one per framework): when a model
is promoted, a minute after feedback arrives, and when the queue is opened and finds no order, or
one made by a model no longer in use. Opening the queue only reads the stored order, keeping the
comments the person may code, with those that came in since it was worked out first (ADR 0008).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.tasks import task

from core import clock
from feedback.models import Comment
from organisations.models import Organisation
from organisations.scope import Scope, system_scope
from themes.coding.selectors import coding_queue, model_in_use
from themes.coding.training.data import CONTEXT_COLUMNS, context
from themes.coding.training.suggest import model_load
from themes.models import CodingOrder, Framework

logger = logging.getLogger(__name__)


ORDER_POOL = 2000
# Feedback often comes in bursts (a file, a ward's cards typed in one after another): the order is
# worked out again this long after the first of them, once for the lot.
REFRESH_AFTER = dt.timedelta(minutes=1)
# A refresh asked for this long ago that has not started (no worker running, a task lost) is asked
# for again, so one lost task cannot leave the order stale for good.
REFRESH_GIVEN_UP_AFTER = dt.timedelta(minutes=15)


@dataclass(frozen=True)
class NextOrder:
    """A person's "code these next" order: comment ids, first to code first."""

    comment_ids: list[int]
    # When the stored order was worked out; None while there is none yet (newest comments first).
    worked_out_at: dt.datetime | None
    # Comments that came in since it was worked out, listed first.
    arrived_since: int


def code_next_queue(*, scope: Scope, framework: Framework) -> NextOrder:
    """The comments this person may code, most recent ORDER_POOL of them, in the stored order.

    Never scores a comment. Only the person's own queue (``coding_queue``: their services, nothing
    withheld from them) is read, and the stored order only places those comments, so a comment the
    person may not see never reaches them from it. Comments that came in since the order was worked
    out come first, newest first: the model has not been asked about them, and new feedback should
    not wait behind the order. Any others of the person's (older than the stored order's pool) follow
    it, newest first. With no stored order yet, or one made by a model no longer in use, a refresh is
    asked for; meanwhile the order there is, or newest first, is given.
    """
    waiting = coding_queue(scope=scope, framework=framework)
    mine = list(waiting.order_by("-feedback__received_on", "-pk").values_list("pk", flat=True)[:ORDER_POOL])
    stored = CodingOrder.objects.for_org(scope.organisation).filter(framework=framework).first()
    in_use = model_in_use(scope=scope, framework=framework)
    if stored is None or stored.worked_out_at is None or stored.model_version_id != (in_use.pk if in_use else None):
        code_next_order_refresh_soon(organisation=scope.organisation, framework=framework, now=clock.now())
        if stored is None or stored.worked_out_at is None:
            return NextOrder(comment_ids=mine, worked_out_at=None, arrived_since=0)
    arrived = [pk for pk in mine if pk > stored.newest_comment_id]
    mine_set = set(mine)
    placed = [pk for pk in stored.comment_ids if pk in mine_set]
    listed = set(arrived).union(placed)
    rest = [pk for pk in mine if pk not in listed]
    return NextOrder(
        comment_ids=arrived + placed + rest, worked_out_at=stored.worked_out_at, arrived_since=len(arrived)
    )


def code_next_order(*, scope: Scope, framework: Framework) -> list[int]:
    """Waiting comments this person may code, in the order that teaches the model most (``code_next_queue``)."""
    return code_next_queue(scope=scope, framework=framework).comment_ids


def code_next_order_work_out(*, organisation: Organisation, framework: Framework, model=None) -> CodingOrder:
    """Work the order out now, over the organisation's most recent ORDER_POOL waiting comments, and store it.

    Before any model is in use the order spreads over the range of things people write about; with
    one, it favours comments the model is unsure about, rare themes most (``themes.ml.active``).
    ``model`` is the model in use when the caller has it loaded already.
    """
    scope = system_scope(organisation=organisation, label="Heard (order of comments to code next)")
    in_use = model_in_use(scope=scope, framework=framework)
    # Read before the comments, so a comment saved meanwhile counts as come in since and is listed.
    newest = Comment.objects.for_org(organisation).aggregate(newest=Max("pk"))["newest"] or 0
    waiting = coding_queue(scope=scope, framework=framework)
    rows = list(waiting.order_by("-feedback__received_on", "-pk").values_list(*CONTEXT_COLUMNS)[:ORDER_POOL])
    if in_use is not None and model is None:
        try:
            model = model_load(in_use)
        except (OSError, ValueError, TypeError, AttributeError):
            logger.warning("Model %s could not be loaded; ordering by variety instead", in_use.pk)
    themes_model = getattr(model, "themes_", None) if in_use is not None else None
    texts = [r[1] for r in rows]
    metadata = [context(r[2], r[3], r[4]) for r in rows] if themes_model is not None else None
    from themes.ml.active import active_order

    order = [rows[i][0] for i in active_order(texts, model=themes_model, metadata=metadata)]
    stored, _ = CodingOrder.objects.for_org(organisation).update_or_create(
        framework=framework,
        defaults={
            "organisation": organisation,
            "model_version": in_use,
            "comment_ids": order,
            "newest_comment_id": newest,
            "worked_out_at": clock.now(),
        },
    )
    return stored


def code_next_order_refresh_soon(*, organisation: Organisation, framework: Framework, now: dt.datetime) -> bool:
    """Have the order worked out again in the background, REFRESH_AFTER from now, unless that is
    already on its way. True when a refresh was queued."""
    orders = CodingOrder.objects.for_org(organisation).filter(framework=framework)
    # One update decides, so of two requests at once only one queues a task: the second waits for
    # the first to commit and then finds the refresh wanted already. Once the framework has its row,
    # as it does after the first request, that update is all.
    free = Q(refresh_wanted_at__isnull=True) | Q(refresh_wanted_at__lt=now - REFRESH_GIVEN_UP_AFTER)
    claimed = orders.filter(free).update(refresh_wanted_at=now) > 0
    if not claimed and not orders.exists():
        claimed = _order_create_claimed(organisation=organisation, framework=framework, now=now)
    if not claimed:
        return False
    organisation_id, framework_id = organisation.pk, framework.pk

    def enqueue():
        refresh = code_next_order_refresh
        if refresh.get_backend().supports_defer:
            refresh = refresh.using(run_after=now + REFRESH_AFTER)
        refresh.enqueue(organisation_id, framework_id)

    transaction.on_commit(enqueue, robust=True)
    return True


def _order_create_claimed(*, organisation: Organisation, framework: Framework, now: dt.datetime) -> bool:
    """The framework's first row, made with its refresh wanted: the insert is the claim. Of two
    requests that both found no row, the framework's unique row lets one insert; the other is refused
    and leaves the refresh to it."""
    try:
        with transaction.atomic():
            CodingOrder.objects.create(organisation=organisation, framework=framework, refresh_wanted_at=now)
    except IntegrityError:
        return False
    return True


def code_next_orders_refresh_on_arrival(*, organisation: Organisation, now: dt.datetime) -> int:
    """New feedback: have each framework's stored order worked out again soon (those with one: a
    framework nobody orders the queue of is left alone). The number of refreshes queued."""
    frameworks = Framework.objects.for_org(organisation).filter(
        pk__in=CodingOrder.objects.for_org(organisation).values("framework")
    )
    return sum(code_next_order_refresh_soon(organisation=organisation, framework=f, now=now) for f in frameworks)


@task()
def code_next_order_refresh(organisation_id: int, framework_id: int) -> int:
    """Work a framework's "code these next" order out again and store it. The number of comments in it."""
    organisation = Organisation.objects.get(pk=organisation_id)
    framework = Framework.objects.for_org(organisation).get(pk=framework_id)
    # Cleared before the work starts, so feedback that arrives while it runs asks for another.
    CodingOrder.objects.for_org(organisation).filter(framework=framework).update(refresh_wanted_at=None)
    return len(code_next_order_work_out(organisation=organisation, framework=framework).comment_ids)
