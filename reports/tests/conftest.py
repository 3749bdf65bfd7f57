"""Fixtures for report tests: the governance team and framework, and a seeded quarter."""

import pytest

from governance.tests.conftest import framework, loop, team  # noqa: F401
from reports.tests.quarter_seed import seeded  # noqa: F401
from themes.tests.taxonomy_fixture import new_taxonomy  # noqa: F401

# What the verifier wrote when closing the loop's action with evidence (the ``closed`` fixture).
EVIDENCE = "Shadow-shift records for every new starter. Residents said new staff know them."


@pytest.fixture
def closed(team, loop):  # noqa: F811
    """The loop's action, done and closed at once with evidence of impact (the early check says why)."""
    from governance import services as gov

    action = loop["action"]
    gov.action_request_check(scope=team.scope("manager"), action_id=action.id, note="Weekly audit running.")
    gov.action_check(
        scope=team.scope("quality"),
        action_id=action.id,
        impact_shown=True,
        early_reason="Checked at once in this test.",
        note=EVIDENCE,
        link="/audits/",
    )
    return action
