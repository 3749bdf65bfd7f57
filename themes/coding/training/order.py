"""Which comments to code next: the order that teaches the model most."""

from __future__ import annotations

import logging

from django.core.cache import cache
from django.db.models import Max

from feedback.models import Comment
from organisations.scope import Scope
from themes.coding.selectors import coding_queue, model_in_use
from themes.coding.training.data import CONTEXT_COLUMNS, context
from themes.coding.training.suggest import model_load
from themes.models import Framework
from themes.rules import urgent_reach

logger = logging.getLogger(__name__)


ORDER_POOL = 2000
ORDER_CACHE_SECONDS = 600


def code_next_order(*, scope: Scope, framework: Framework) -> list[int]:
    """Waiting comments in the order that teaches the model most (active learning).

    Before any model is in use the order spreads over the range of things people write about;
    with one, it favours comments the model is unsure about, rare themes most. Works on the most
    recent waiting comments (up to ORDER_POOL) and is kept for a few minutes, or until new feedback
    arrives.
    """
    in_use = model_in_use(scope=scope, framework=framework)
    # The queue this person may code: withheld feedback (an urgent flag where they may not see
    # flags) is never in their order, nor in the words the order is worked out from.
    waiting = coding_queue(scope=scope, framework=framework)
    reach = urgent_reach(scope)
    # Coding one comment must not make the next page work the whole order out again: the order is
    # kept per model for a few minutes and comments coded since are simply dropped from it.
    # Feedback that arrives joins the order at once: the newest comment's id is part of the key.
    newest = Comment.objects.for_org(scope.organisation).aggregate(newest=Max("pk"))["newest"] or 0
    key = "coding-order:{}:{}:{}:{}:{}:{}".format(
        scope.organisation.pk,
        framework.pk,
        in_use.pk if in_use else 0,
        newest,
        "all" if scope.all_services else ",".join(map(str, sorted(scope.service_ids))),
        "all" if reach.everywhere else ",".join(map(str, sorted(reach.service_ids))),
    )
    cached = cache.get(key)
    if cached is not None:
        still_waiting = set(waiting.filter(pk__in=cached).values_list("pk", flat=True))
        return [pk for pk in cached if pk in still_waiting]
    rows = list(waiting.order_by("-feedback__received_on", "-pk").values_list(*CONTEXT_COLUMNS)[:ORDER_POOL])
    texts = [r[1] for r in rows]
    model = None
    if in_use is not None:
        try:
            model = model_load(in_use).themes_
        except (OSError, ValueError, TypeError, AttributeError):
            logger.warning("Model %s could not be loaded; ordering by variety instead", in_use.pk)
    metadata = [context(r[2], r[3], r[4]) for r in rows]
    from themes.ml.active import active_order

    order = [rows[i][0] for i in active_order(texts, model=model, metadata=metadata if model else None)]
    cache.set(key, order, ORDER_CACHE_SECONDS)
    return order
