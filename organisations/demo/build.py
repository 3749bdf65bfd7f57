"""Building the demo: the demo organisations removed, then built again from one seed."""

from __future__ import annotations

import random

from django.db import transaction

from organisations.demo._common import DemoResult
from organisations.demo.northgate import _build_northgate
from organisations.demo.reset import demo_reset
from organisations.demo.riverside import _build_riverside


@transaction.atomic
def demo_build(*, seed: int = 2026, extra_services: int = 0, extra_people: int = 0) -> list[DemoResult]:
    rng = random.Random(seed)
    demo_reset()
    results = [_build_northgate(rng, extra_services=extra_services, extra_people=extra_people), _build_riverside()]
    return results
