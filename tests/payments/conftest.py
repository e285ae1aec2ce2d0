from tests.applications.conftest import frozen, world  # noqa: F401 - shared fixtures
from tests.payments.stripe_standin import stripe_api  # noqa: F401 - the stand-in for Stripe
