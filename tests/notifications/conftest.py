from tests.applications.conftest import frozen, world  # noqa: F401 - shared fixtures
from tests.reviews.conftest import submitted  # noqa: F401 - shared fixtures
