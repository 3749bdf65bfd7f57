import pytest
from django.core.cache import cache


@pytest.fixture
def fresh_rate_limits():
    """The public pages' rate limits start and end each test at nothing: they live in the cache."""
    cache.clear()
    yield
    cache.clear()
