"""Review cycles: submissions up to a deadline are reviewed together after it."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from endorse.applications.models import Application, Event
from endorse.applications.services import application_submit
from endorse.reviews import services
from endorse.reviews.cycles import cycle_closing, upcoming_closings, valid_month_day
from endorse.reviews.models import SubmissionDeadline
from tests.applications.conftest import World
from tests.applications.test_submit import READY_DAY, settle_fee

QUARTERLY = [(3, 15), (6, 15), (9, 15), (12, 15)]


@pytest.mark.parametrize(
    ("submitted_on", "closing"),
    [
        (date(2026, 3, 15), date(2026, 3, 15)),  # the deadline day still counts
        (date(2026, 3, 16), date(2026, 6, 15)),
        (date(2026, 1, 1), date(2026, 3, 15)),
        (date(2026, 12, 16), date(2027, 3, 15)),  # into next year
        (date(2026, 12, 15), date(2026, 12, 15)),
    ],
)
def test_a_submission_joins_the_first_deadline_on_or_after_its_day(
    submitted_on: date, closing: date
) -> None:
    assert cycle_closing(QUARTERLY, submitted_on) == closing


def test_without_deadlines_there_is_no_cycle() -> None:
    assert cycle_closing([], date(2026, 5, 1)) is None
    assert upcoming_closings([], date(2026, 5, 1), 4) == []


def test_a_single_yearly_deadline_and_the_next_ones() -> None:
    assert cycle_closing([(10, 1)], date(2026, 10, 2)) == date(2027, 10, 1)
    assert upcoming_closings(QUARTERLY, date(2026, 6, 15), 3) == [
        date(2026, 6, 15), date(2026, 9, 15), date(2026, 12, 15)]  # fmt: skip


@pytest.mark.parametrize(("month", "day", "valid"),
                         [(2, 28, True), (2, 29, False), (4, 31, False), (12, 31, True),
                          (13, 1, False), (1, 0, False)])  # fmt: skip
def test_only_days_every_year_has_are_deadlines(month: int, day: int, valid: bool) -> None:
    assert valid_month_day(month, day) is valid


@pytest.fixture
def quarterly(world: World) -> None:
    for month, day in QUARTERLY:
        services.deadline_add(association=world.ct, month=month, day=day)


def submit_on(world: World, frozen: Any, moment: str, today: date) -> Application:
    application = world.make_ready(world.application)
    settle_fee(application)
    frozen.move_to(moment)
    return application_submit(
        application=application, actor=world.applicant, today=today, ratings_waived=True
    )


def test_the_submission_records_its_cycle_and_the_review_waits_for_the_deadline(
    world: World, frozen: Any, quarterly: None
) -> None:
    application = submit_on(world, frozen, READY_DAY, date(2025, 4, 1))
    assert application.review_cycle == date(2025, 6, 15)
    frozen.move_to("2025-06-16 03:59:00+00:00")  # still 15 June in Connecticut
    with pytest.raises(ValidationError) as refused:
        services.completeness_accept(application=application, actor=world.coordinator)
    assert refused.value.messages == [
        "This application is in the review cycle that closes on June 15, 2025; its review starts "
        "the day after."
    ]
    application.refresh_from_db()
    assert application.status == "submitted"
    assert not Event.objects.filter(application=application, to_state="first_review").exists()
    frozen.move_to("2025-06-16 04:01:00+00:00")  # 16 June in Connecticut
    services.completeness_accept(application=application, actor=world.coordinator)
    application.refresh_from_db()
    assert application.status == "first_review"


def test_an_incomplete_application_can_be_returned_before_its_cycle_closes(
    world: World, frozen: Any, quarterly: None
) -> None:
    application = submit_on(world, frozen, READY_DAY, date(2025, 4, 1))
    services.completeness_return(application=application, actor=world.coordinator,
                                 reason="The transcript is missing.")  # fmt: skip
    application.refresh_from_db()
    assert application.status == "preparing"


def test_without_deadlines_the_review_may_start_at_once(world: World, frozen: Any) -> None:
    application = submit_on(world, frozen, READY_DAY, date(2025, 4, 1))
    assert application.review_cycle is None
    services.completeness_accept(application=application, actor=world.coordinator)
    application.refresh_from_db()
    assert application.status == "first_review"


def test_a_deadline_is_a_day_every_year_has_and_is_set_once(world: World) -> None:
    with pytest.raises(ValidationError) as refused:
        services.deadline_add(association=world.ct, month=2, day=29)
    assert refused.value.message_dict == {"day": ["Choose a day this month has every year."]}
    services.deadline_add(association=world.ct, month=3, day=15)
    with pytest.raises(ValidationError) as twice:
        services.deadline_add(association=world.ct, month=3, day=15)
    assert twice.value.message_dict == {"day": ["This deadline is already set."]}
    assert list(SubmissionDeadline.objects.values_list("association__slug", "month", "day")) == [
        ("ct", 3, 15)]  # fmt: skip


def test_the_coordinator_sets_deadlines_on_the_cycles_page(world: World, frozen: Any) -> None:
    client = world.client(world.coordinator)
    response = client.post("/ct/manage/cycles/", {"month": "6", "day": "15"}, follow=True)
    assert "The deadline was added." in response.content.decode()
    assert "June 15" in response.content.decode()
    refused = client.post("/ct/manage/cycles/", {"month": "4", "day": "31"})
    assert refused.status_code == 422
    assert "Choose a day this month has every year." in refused.content.decode()
    assert SubmissionDeadline.objects.count() == 1
    deadline = SubmissionDeadline.objects.get()
    client.post(f"/ct/manage/cycles/{deadline.pk}/remove/")
    assert not SubmissionDeadline.objects.exists()


def test_the_cycles_page_counts_the_applications_waiting_in_each_cycle(
    world: World, frozen: Any, quarterly: None
) -> None:
    submit_on(world, frozen, READY_DAY, date(2025, 4, 1))
    page = world.client(world.coordinator).get("/ct/manage/cycles/").content.decode()
    assert "<tr><td>June 15, 2025</td><td>1</td></tr>" in page
    assert "<tr><td>Sept. 15, 2025</td><td>0</td></tr>" in page


def test_another_associations_deadline_cannot_be_removed(world: World) -> None:
    deadline = services.deadline_add(association=world.ct, month=3, day=15)
    outsider = world.client(world.nm_coordinator)
    assert outsider.post(f"/nm/manage/cycles/{deadline.pk}/remove/").status_code == 404
    assert SubmissionDeadline.objects.filter(pk=deadline.pk).exists()


def test_the_applicant_and_the_coordinator_see_the_cycle(
    world: World, frozen: Any, quarterly: None
) -> None:
    application = submit_on(world, frozen, READY_DAY, date(2025, 4, 1))
    world.applicant.preferred_language = "en"
    world.applicant.save()
    overview = world.client(world.applicant).get("/ct/application/").content.decode()
    assert (
        "Your application is in the review cycle that closes on June 15, 2025: applications "
        "submitted up to that day are reviewed together, starting the day after."
    ) in overview
    coordinator = world.client(world.coordinator)
    page = coordinator.get(f"/ct/manage/applications/{application.pk}/").content.decode()
    assert "This application is in the review cycle that closes on June 15, 2025" in page
    assert "Complete: start the review" not in page
    assert "closes June 15, 2025" in coordinator.get("/ct/manage/").content.decode()


def test_the_queue_shows_work_waiting_first_and_the_earliest_cycle_first(world: World) -> None:
    from endorse.applications.selectors import coordinator_queue

    later, earlier = world.application, world.other_application
    Application.objects.filter(pk=later.pk).update(status="submitted",
                                                   review_cycle=date(2025, 6, 15))  # fmt: skip
    Application.objects.filter(pk=earlier.pk).update(status="submitted",
                                                     review_cycle=date(2025, 3, 15))  # fmt: skip
    groups = coordinator_queue(association=world.ct)
    assert [(group.status, [row.pk for row in group.applications]) for group in groups] == [
        ("submitted", [earlier.pk, later.pk])]  # fmt: skip
    Application.objects.filter(pk=later.pk).update(status="approved")
    groups = coordinator_queue(association=world.ct)
    assert [(group.status, group.folded) for group in groups] == [
        ("submitted", False), ("approved", True)]  # fmt: skip
    assert coordinator_queue(association=world.nm) == []


def test_the_queue_shows_the_submission_day_of_the_associations_calendar(
    world: World, frozen: Any, quarterly: None
) -> None:
    # 21:30 on 15 June in Connecticut, already 16 June in UTC: in time for that cycle.
    application = submit_on(world, frozen, "2025-06-16 01:30:00+00:00", date(2025, 6, 15))
    assert application.review_cycle == date(2025, 6, 15)
    page = " ".join(world.client(world.coordinator).get("/ct/manage/").content.decode().split())
    assert "<td>June 15, 2025</td> <td>closes June 15, 2025</td>" in page


def test_finished_applications_show_only_the_latest_few(world: World, monkeypatch: Any) -> None:
    from endorse.applications import selectors

    monkeypatch.setattr(selectors, "FOLDED_SHOWN", 1)
    Application.objects.filter(association=world.ct).update(status="approved")
    (group,) = selectors.coordinator_queue(association=world.ct)
    assert (group.status, group.total, len(group.applications), group.folded) == (
        "approved", 2, 1, True)  # fmt: skip
    page = world.client(world.coordinator).get("/ct/manage/").content.decode()
    assert "Show the latest 1 of 2" in page
