"""The reviewer's list costs the same number of queries for 10 assignments as for 200."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from endorse.reviews.models import Assignment, Review
from tests.applications.conftest import World
from tests.reviews.test_workflow import reviewer


def add(world: World, user: object, count: int) -> None:
    now = timezone.now()
    applications = (world.application, world.other_application)
    rows = Assignment.objects.bulk_create(
        Assignment(association=world.ct, application=applications[i % 2], reviewer=user, tier=1 + i % 2,
                   assigned_by=world.coordinator, assigned_at=now, status="accepted")
        for i in range(count)
    )  # fmt: skip
    Review.objects.bulk_create(
        Review(association=world.ct, assignment=row, submitted_at=now) for row in rows[::2]
    )


def test_the_reviewers_list_does_not_grow_with_assignments(world: World) -> None:
    user = reviewer(world, "rowan@example.org")
    client = world.client(user)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/ct/review/").status_code == 200
        return len(captured)

    add(world, user, 10)
    few = queries()
    add(world, user, 190)
    assert queries() == few
