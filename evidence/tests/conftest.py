"""The governance fixtures (a small organisation's people, the framework, a decided loop) serve here too."""

from governance.tests.conftest import framework, loop, team  # noqa: F401
from themes.tests.taxonomy_fixture import new_taxonomy  # noqa: F401
