"""The coordinator withdraws a review nobody is doing and asks someone else; late reviews show."""

from __future__ import annotations

from typing import Any

from django.core import mail

from endorse.applications.models import Application
from endorse.reviews import assigning, services
from endorse.reviews.models import Assignment
from tests.applications.conftest import World
from tests.reviews.test_workflow import accepted, reviewed, reviewer


def url(application: Application, assignment: Assignment, slug: str = "ct") -> str:
    return f"/{slug}/manage/applications/{application.pk}/assignments/{assignment.pk}/withdraw/"


def test_an_unanswered_review_is_withdrawn_its_reviewer_told_and_the_tier_reopened(
    world: World, submitted: Application
) -> None:
    rowan = reviewer(world, "rowan@example.org")
    services.completeness_accept(application=submitted, actor=world.coordinator)
    asked = assigning.reviewer_assign(application=submitted, reviewer=rowan, tier=1,
                                      actor=world.coordinator)  # fmt: skip
    mail.outbox.clear()
    client = world.client(world.coordinator)
    page = client.post(url(submitted, asked), follow=True).content.decode()
    assert "The review was withdrawn: ask another reviewer." in page
    asked.refresh_from_db()
    assert asked.status == "withdrawn"
    (message,) = mail.outbox
    assert message.to == ["rowan@example.org"]
    assert message.subject == "A review was withdrawn: Infant Mental Health Specialist (IMHS)"
    assert f"/ct/manage/applications/{submitted.pk}/assign/1/" in page  # ask someone else
    assert world.client(rowan).get(f"/ct/review/{asked.pk}/").status_code == 404
    # Rowan may be asked again: withdrawing is not a refusal of theirs.
    assigning.reviewer_assign(
        application=submitted, reviewer=rowan, tier=1, actor=world.coordinator
    )


def test_a_sent_review_is_not_withdrawn(world: World, submitted: Application) -> None:
    rowan = reviewer(world, "rowan@example.org")
    services.completeness_accept(application=submitted, actor=world.coordinator)
    reviewed(world, submitted, rowan, 1)
    done = Assignment.objects.get(application=submitted, tier=1)
    page = world.client(world.coordinator).post(url(submitted, done), follow=True).content.decode()
    assert "This review can no longer be withdrawn." in page
    done.refresh_from_db()
    assert done.status == "accepted"


def test_nobody_else_withdraws_a_review(world: World, submitted: Application) -> None:
    rowan = reviewer(world, "rowan@example.org")
    services.completeness_accept(application=submitted, actor=world.coordinator)
    assignment = accepted(world, submitted, rowan, 1)
    for user, path, status in ((world.applicant, url(submitted, assignment), 403),
                               (rowan, url(submitted, assignment), 403),
                               (world.nm_coordinator, url(submitted, assignment), 403),
                               (world.nm_coordinator, url(submitted, assignment, "nm"), 404)):  # fmt: skip
        assert world.client(user).post(path).status_code == status
    assignment.refresh_from_db()
    assert assignment.status == "accepted"


def test_a_review_past_its_days_shows_late(
    world: World, submitted: Application, frozen: Any
) -> None:
    rowan = reviewer(world, "rowan@example.org")
    services.completeness_accept(application=submitted, actor=world.coordinator)
    accepted(world, submitted, rowan, 1)  # asked on 2025-04-01; the association allows 30 days
    client = world.client(world.coordinator)
    page = " ".join(client.get(f"/ct/manage/applications/{submitted.pk}/").content.decode().split())
    assert "May 1, 2025" in page and "Late" not in page
    frozen.move_to("2025-05-02 15:00:00+00:00")
    client = world.client(world.coordinator)  # a month later: a new session
    page = " ".join(client.get(f"/ct/manage/applications/{submitted.pk}/").content.decode().split())
    assert 'May 1, 2025 <span class="badge incomplete">Late</span>' in page


def test_a_late_reviewer_is_reminded_once_the_day_after_the_due_day(
    world: World, submitted: Application, frozen: Any
) -> None:
    from datetime import datetime

    rowan, sage = reviewer(world, "rowan@example.org"), reviewer(world, "sage@example.org")
    services.completeness_accept(application=submitted, actor=world.coordinator)
    accepted(world, submitted, rowan, 1)  # asked 2025-04-01: due 2025-05-01
    withdrawn = assigning.reviewer_assign(application=submitted, reviewer=sage, tier=2,
                                          actor=world.coordinator)  # fmt: skip
    assigning.assignment_withdraw(assignment=withdrawn, actor=world.coordinator)
    mail.outbox.clear()
    late = datetime.fromisoformat("2025-05-02 04:30:00+00:00")  # 2 May, 00:30 in Connecticut
    assert assigning.late_reviews_remind(datetime.fromisoformat("2025-05-02 03:30:00+00:00")) == 0
    assert assigning.late_reviews_remind(late) == 1
    assert assigning.late_reviews_remind(late) == 0  # a second clock, or a restart
    (message,) = mail.outbox
    assert message.to == ["rowan@example.org"]
    assert "was due on May 1, 2025" in message.body
    assert Assignment.objects.get(reviewer=rowan).late_reminded_at == late


def test_a_sent_review_gets_no_reminder(world: World, submitted: Application) -> None:
    from datetime import datetime

    rowan = reviewer(world, "rowan@example.org")
    services.completeness_accept(application=submitted, actor=world.coordinator)
    reviewed(world, submitted, rowan, 1)
    assert assigning.late_reviews_remind(datetime.fromisoformat("2025-09-01 12:00:00+00:00")) == 0
