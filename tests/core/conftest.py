from tests.applications.conftest import frozen, world  # noqa: F401 - shared fixtures
