"""An IMHS application submitted on 2025-04-01, ready for its review."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from endorse.applications.models import Application
from endorse.applications.services import application_submit
from tests.applications.conftest import World, frozen, world  # noqa: F401 - shared fixtures
from tests.applications.test_submit import READY_DAY, settle_fee


@pytest.fixture
def submitted(world: World, frozen: Any) -> Application:  # noqa: F811 - fixtures
    application = world.make_ready(world.application)
    settle_fee(application)
    frozen.move_to(READY_DAY)
    return application_submit(
        application=application, actor=world.applicant, today=date(2025, 4, 1), ratings_waived=True
    )
