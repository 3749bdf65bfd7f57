"""When a loop's concern was first raised: the tracker's answer is the same as that of the walk it
replaced, mention by mention back from the window, on histories with quiet spells of just under, just
over and exactly the window's length, around the window's first day and deep before it."""

import datetime as dt
import itertools
import random

import pytest

from core import clock
from feedback.models import QUESTION_BETTER, Channel, Comment, Feedback, Sentiment
from governance.loop_states import loop_setting
from governance.loops import POSITIVE, loop_tracker
from themes.coding.selectors import themes_applied
from themes.models import Source, ThemeAssignment

from .conftest import theme

WINDOW = 30
PIECES = itertools.count()  # each piece of feedback its own key, as an import gives
CODES = ["food-and-drink", "call-bells-and-responsiveness", "privacy", "laundry-and-personal-belongings"]


def walked_back(loops: dict, earlier) -> None:
    """The walk the tracker made before, kept as the reference: every earlier mention of each theme at
    each service, newest first, followed back while each lies within a window's length of the next."""
    window = loop_setting("HEARD_LOOP_WINDOW_DAYS")
    heard = {key for key, lp in loops.items() if lp.first_heard}
    if not heard:
        return
    done = set()
    rows = (
        earlier.filter(theme__code__in={code for code, _ in heard})
        .values_list("theme__code", "comment__feedback__service_id", "comment__feedback__received_on")
        .distinct()
        .order_by("-comment__feedback__received_on")
    )
    for key_code, sid, day in rows:
        key = (key_code, sid)
        if key not in heard or key in done:
            continue
        lp = loops[key]
        if (lp.first_heard - day).days <= window:
            lp.first_heard = day
        else:
            done.add(key)


def _said(org, service, code: str, days_ago: list[int], recorder, *, sentiment=Sentiment.NEGATIVE) -> None:
    """Pieces of feedback at the service on the days given (more than one on a day if it comes twice),
    each coded with the theme; written in bulk, as an import would."""
    today = clock.today()
    made = Feedback.objects.bulk_create(
        [
            Feedback(
                organisation=org,
                service=service,
                channel=Channel.PAPER,
                received_on=today - dt.timedelta(days=ago),
                source_key=f"test:{next(PIECES)}",
            )
            for ago in days_ago
        ]
    )
    comments = Comment.objects.bulk_create(
        [
            Comment(organisation=org, feedback=f, question=QUESTION_BETTER, text="Again.", sentiment=sentiment)
            for f in made
        ]
    )
    coded = theme(org, code)
    ThemeAssignment.objects.bulk_create(
        [
            ThemeAssignment(
                organisation=org,
                comment=c,
                theme=coded,
                applies=True,
                source=Source.PERSON,
                made_by=recorder,
                made_at=clock.now(),
            )
            for c in comments
        ]
    )


def _a_history(rng: random.Random, start: int) -> list[int]:
    """Days ago of one theme's mentions at one service: from ``start`` forward in steps that are short,
    or just under, exactly or just over the window, so walks stop on either side of it."""
    days, ago = [], start
    while ago >= 0:
        days += [ago] * rng.choice([1, 1, 2])
        ago -= rng.choice([1, 5, WINDOW - 1, WINDOW, WINDOW, WINDOW + 1, WINDOW + 1, 3 * WINDOW])
    return days


def _by_the_walk(scope, loops, today):
    """Each loop's first day in the window, then walked back with the reference walk."""
    since = today - dt.timedelta(days=loop_setting("HEARD_LOOP_WINDOW_DAYS"))
    reference = {(lp.code, lp.service_id): lp for lp in loops}
    raised = themes_applied(scope=scope).exclude(comment__sentiment__in=POSITIVE)
    for (code, sid), lp in reference.items():
        days = raised.filter(
            theme__code=code,
            comment__feedback__service_id=sid,
            comment__feedback__received_on__gte=since,
            comment__feedback__received_on__lte=today,
        ).values_list("comment__feedback__received_on", flat=True)
        lp.first_heard = min(days)
    walked_back(reference, raised.filter(comment__feedback__received_on__lt=since))
    return {key: lp.first_heard for key, lp in reference.items()}


@pytest.fixture
def short_window(settings):
    settings.HEARD_LOOP_WINDOW_DAYS = WINDOW
    settings.HEARD_LOOP_MIN_MENTIONS = 1


def test_quiet_spells_around_the_window_s_length_end_the_walk_or_not(org, services, team, framework, short_window):
    rowan, beech = services[0], services[1]
    scope, today = team.scope("quality"), clock.today()
    _said(org, rowan, "food-and-drink", [95, 65, 35, 5], team.staff)  # every gap the window's length: goes on
    _said(org, rowan, "privacy", [96, 65, 35, 5], team.staff)  # one a day longer, deep back: stops there
    _said(org, beech, "food-and-drink", [36, 5], team.staff)  # a day over the window before the first in it
    _said(org, beech, "privacy", [31, 30, 30], team.staff)  # the window's first day, and the day before
    _said(org, beech, "call-bells-and-responsiveness", [200, 10], team.staff)  # quiet for long: from the window
    _said(org, rowan, "call-bells-and-responsiveness", [40, 20], team.staff, sentiment=Sentiment.POSITIVE)
    _said(org, rowan, "call-bells-and-responsiveness", [45, 20], team.staff)  # praise 40 days ago is no concern
    found = {(lp.code, lp.service_id): lp.first_heard for lp in loop_tracker(scope=scope, today=today)}
    ago = {key: (today - day).days for key, day in found.items()}
    assert ago == {
        ("food-and-drink", rowan.id): 95,
        ("privacy", rowan.id): 65,
        ("food-and-drink", beech.id): 5,
        ("privacy", beech.id): 31,
        ("call-bells-and-responsiveness", beech.id): 10,
        ("call-bells-and-responsiveness", rowan.id): 45,
    }
    assert found == _by_the_walk(scope, loop_tracker(scope=scope, today=today), today)


@pytest.mark.parametrize("seed", range(4))
def test_the_tracker_finds_the_days_the_walk_found_on_a_generated_history(
    org, services, team, framework, short_window, seed
):
    rng = random.Random(seed)
    scope, today = team.scope("quality"), clock.today()
    for service in services[:2]:
        for code in CODES:
            _said(org, service, code, _a_history(rng, rng.randrange(100, 400)), team.staff)
    found = {(lp.code, lp.service_id): lp.first_heard for lp in loop_tracker(scope=scope, today=today)}
    assert found == _by_the_walk(scope, loop_tracker(scope=scope, today=today), today)
    # And the history tried both endings: walks that went back before the window, and some that did not.
    since = today - dt.timedelta(days=WINDOW)
    assert any(day < since for day in found.values()) and any(day >= since for day in found.values())
    # Looking from a past day, the answers agree too.
    past = today - dt.timedelta(days=rng.randrange(20, 90))
    then = {(lp.code, lp.service_id): lp.first_heard for lp in loop_tracker(scope=scope, today=past)}
    assert then == _by_the_walk(scope, loop_tracker(scope=scope, today=past), past)
