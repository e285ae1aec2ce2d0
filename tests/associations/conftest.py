"""The shared world of two associations, for the staff pages."""

from tests.applications.conftest import frozen, world  # noqa: F401 - shared fixtures
