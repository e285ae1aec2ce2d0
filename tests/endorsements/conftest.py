from typing import Any

import pytest
from django.core.cache import cache

from tests.applications.conftest import frozen, world  # noqa: F401 - shared fixtures


@pytest.fixture(autouse=True)
def empty_cache(django_db_blocker: Any) -> None:
    """Rate-limit history lives in the database cache, whose table no test flushes: a
    live-server test's requests must not count against the next test's client."""
    with django_db_blocker.unblock():
        cache.clear()
