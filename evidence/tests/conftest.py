"""The governance fixtures (a small organisation's people, the framework, a decided loop) serve here too."""

from governance.tests.conftest import framework, loop, team  # noqa: F401
