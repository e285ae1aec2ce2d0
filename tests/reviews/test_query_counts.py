"""The reviewer's list costs the same number of queries for 10 assignments as for 200, and
the review page the same for 10 entries as for 300."""

from __future__ import annotations

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from endorse.accounts.models import User
from endorse.applications.models import (
    Application,
    Education,
    Leadership,
    Rsc,
    RscProvided,
    Training,
    Transcript,
    Work,
)
from endorse.reviews import services
from endorse.reviews.models import Assignment, Review
from tests.applications.conftest import World
from tests.reviews.test_on_hold import on_hold
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


def entries(world: World, application: Application, count: int) -> None:
    """``count`` entries spread over every section a reviewer reads, a transcript per degree."""
    common = {"association": world.ct, "application": application, "complete": True}
    day = date(2024, 1, 1)
    models = (
        (Education, {"level": "master", "institution": "U", "completed_on": day}),
        (Work, {"title": "Job", "start": day, "fte": 1}),
        (Training, {"title": "T", "date": day, "hours": "1.5"}),
        (Rsc, {"date": day, "hours": 1, "format": "individual"}),
        (Leadership, {"kind": "clinical", "start": day}),
        (RscProvided, {"recipients": "Staff", "start": day}),
    )
    for index, (model, fields) in enumerate(models):
        how_many = count // 6 + (count % 6 if index == 0 else 0)
        model._default_manager.bulk_create([model(**common, **fields) for _ in range(how_many)])
    Transcript.objects.bulk_create(
        Transcript(association=world.ct, education=degree, file="transcripts/x.pdf",
                   original_name="t.pdf", content_type="application/pdf", size=1,
                   uploaded_by=world.applicant)
        for degree in Education.objects.filter(application=application, institution="U")
    )  # fmt: skip


def test_the_review_page_does_not_grow_with_the_entries(
    world: World, submitted: Application
) -> None:
    application = on_hold(world, submitted)  # a second round: the changes are read as well
    services.resubmit_on_hold(application=application, actor=world.applicant)
    user = User.objects.get(email="rowan@example.org")
    assignment = Assignment.objects.get(reviewer=user, round=2)
    client = world.client(user)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            page = client.get(f"/ct/review/{assignment.pk}/").content.decode()
        assert "Added since round 1" in page
        return len(captured)

    entries(world, application, 10)
    few = queries()
    entries(world, application, 290)
    assert Transcript.objects.filter(education__application=application).count() >= 50
    assert queries() == few
