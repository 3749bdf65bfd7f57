"""Heard's users work by the UK calendar. Between midnight and 1am in summer the UTC date is still
yesterday's, so a stored time's day is read in the UK (`clock.day_of`), never with `.date()`."""

import ast
import datetime as dt
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from core import clock
from governance import services as gov
from governance.models import Rung

from .conftest import action_input, theme

# 00:30 on 2 July in the UK (British Summer Time), still 1 July in UTC.
AFTER_MIDNIGHT = dt.datetime(2026, 7, 1, 23, 30, tzinfo=dt.UTC)
UK_TODAY = dt.date(2026, 7, 2)


def test_an_instant_falls_on_its_uk_day():
    assert clock.day_of(AFTER_MIDNIGHT) == UK_TODAY
    assert clock.day_of(dt.datetime(2026, 1, 1, 23, 30, tzinfo=dt.UTC)) == dt.date(2026, 1, 1)


def test_an_action_cannot_fall_due_yesterday_just_after_midnight(org, services, team, framework):
    def due(day):
        food = theme(org, "food-and-drink").id
        return action_input(team, source="theme", theme_id=food, service_id=services[0].id, due_on=day)

    with pytest.raises(ValidationError) as refused:
        gov.action_create(scope=team.scope("quality"), data=due(UK_TODAY - dt.timedelta(days=1)), now=AFTER_MIDNIGHT)
    assert refused.value.message_dict["due_on"] == ["The due date must be today or later."]
    today = gov.action_create(scope=team.scope("quality"), data=due(UK_TODAY), now=AFTER_MIDNIGHT)
    assert today.due_on == UK_TODAY


def test_an_activity_held_today_is_not_in_the_future_just_after_midnight(org, services, team):
    activity = gov.coproduction_record(
        scope=team.scope("quality"),
        now=AFTER_MIDNIGHT,
        kind="forum",
        service_id=services[0].id,
        held_on=UK_TODAY,
        title="Residents' forum after the summer fair",
        rung=Rung.ENGAGEMENT,
        recognition="thanks",
        participant_ids=[team.partner.id],
        others_count=0,
    )
    assert activity.held_on == UK_TODAY


def _utc_days(root: Path) -> list[str]:
    """``x.date()`` where ``x`` is named as Heard names stored times (``at``, ``now``, ``*_at``)."""
    found = []
    for path in sorted(root.rglob("*.py")):
        rel = path.relative_to(root)
        if {".venv", "node_modules", "tests", "migrations"} & set(rel.parts):
            continue
        for node in ast.walk(ast.parse(path.read_text(), filename=str(rel))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "date"):
                continue
            if node.args or node.keywords:
                continue
            value = node.func.value
            name = value.id if isinstance(value, ast.Name) else value.attr if isinstance(value, ast.Attribute) else ""
            if name in {"at", "now"} or name.endswith("_at"):
                found.append(f"{rel}:{node.lineno}")
    return found


def test_no_stored_time_is_read_as_its_utc_day():
    assert _utc_days(Path(settings.BASE_DIR)) == []
