"""Fixtures for report tests: the governance team and framework, and a seeded quarter."""

from governance.tests.conftest import framework, loop, team  # noqa: F401
from reports.tests.quarter_seed import seeded  # noqa: F401
