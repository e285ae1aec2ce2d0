"""An idle clock tick costs the same queries however many associations there are."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from endorse.associations.models import Association
from endorse.core.management.commands.clock import tick
from endorse.renewals.models import RenewalSettings
from tests.applications.conftest import World
from tests.renewals.bulk import endorsees
from tests.renewals.conftest import travel

ZONES = ("America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles")


def associations(count: int) -> None:
    """``count`` more associations, each with endorsees reminded and renewed already, one
    inactive, and some with their own renewal settings."""
    for n in range(count):
        association = Association.objects.create(
            slug=f"x{n}", name=f"Association {n}", time_zone=ZONES[n % len(ZONES)]
        )
        if n % 2:
            RenewalSettings.objects.create(association=association, reminder_days_before="45, 15")
        endorsees(association, 2, due_on=date(2026, 12, 31), renewed=1)
        endorsees(association, 1, due_on=date(2027, 12, 31), tag="later")


def idle_tick() -> int:
    tick()  # whatever falls due today
    with CaptureQueriesContext(connection) as queries:
        counts = tick()
    assert set(counts.values()) == {0}
    return len(queries)


def test_an_idle_tick_costs_the_same_queries_for_2_or_12_associations(
    world: World, frozen: Any
) -> None:
    for association in (world.ct, world.nm):
        endorsees(association, 2, due_on=date(2026, 12, 31), renewed=1)
    travel(frozen, "2026-12-01")  # reminders fall due (30 days before) and are sent
    two = idle_tick()
    associations(10)
    assert Association.objects.count() == 12
    twelve = idle_tick()
    assert two == twelve
    # and a later day, past due dates and late periods (lapses done, renewals waiting for
    # the coordinator), costs no more
    travel(frozen, "2027-02-02")
    assert idle_tick() == twelve
