import pytest
from django.core.cache import cache

from tests.applications.conftest import frozen, world  # noqa: F401 - shared fixtures


@pytest.fixture(autouse=True)
def empty_cache(db: None) -> None:
    """Rate-limit history lives in the database cache, whose table no test flushes: a
    live-server test's requests must not count against the next test's client. Through
    ``db``, so it is the test database that is cleared (transactionally where the test is)."""
    cache.clear()
