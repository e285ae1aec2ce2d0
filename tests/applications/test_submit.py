"""Submission: only when ready, after the preparation time, with the fee settled."""

from __future__ import annotations

import html
from datetime import date
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError

from endorse.applications.models import Application, Event, Training
from endorse.applications.services import application_submit, submission_blockers
from endorse.payments.models import Charge
from tests.applications.conftest import World

READY_DAY = "2025-04-01 15:00:00+00:00"  # 29 days after acceptance on 2025-03-03


def settle_fee(application: Application) -> None:
    Charge.objects.filter(pk=application.processing_fee_id).update(status="paid")
    application.refresh_from_db()


def test_an_incomplete_application_lists_what_is_missing(world: World) -> None:
    blockers = submission_blockers(application=world.other_application, today=date(2025, 3, 3),
                                   lang="en")  # fmt: skip
    assert "0 of the 33 hours of in-service training" in blockers
    assert "You can submit on or after March 31, 2025 (the minimum preparation time)." in blockers
    assert "The application processing fee is not paid or waived yet." in blockers
    with pytest.raises(ValidationError):
        application_submit(application=world.other_application, actor=world.other,
                           today=date(2025, 3, 3), ratings_waived=True)  # fmt: skip
    assert Application.objects.get(pk=world.other_application.pk).status == "preparing"


def test_the_preparation_time_and_the_fee_are_the_last_gates(world: World, frozen: Any) -> None:
    application = world.make_ready(world.other_application)
    assert submission_blockers(application=application, today=date(2025, 3, 3), lang="en") == [
        "You can submit on or after March 31, 2025 (the minimum preparation time).",
        "The application processing fee is not paid or waived yet.",
    ]
    settle_fee(application)
    assert submission_blockers(application=application, today=date(2025, 3, 31), lang="en") == []


def test_an_incomplete_entry_blocks_submission(world: World) -> None:
    application = world.make_ready(world.other_application)
    settle_fee(application)
    Training.objects.create(association=world.ct, application=application)
    assert submission_blockers(application=application, today=date(2025, 4, 1), lang="en") == [
        "Finish or delete the entries marked incomplete."
    ]


def test_submitting_pins_the_version_freezes_the_application_and_confirms(
    world: World, frozen: Any
) -> None:
    application = world.make_ready(world.other_application)
    settle_fee(application)
    frozen.move_to(READY_DAY)
    mail.outbox.clear()
    client = world.client(world.other)
    assert "Submit my application" in client.get("/ct/application/").content.decode()
    response = client.post("/ct/application/submit/", {"ratings_access": "waive"})
    assert response.status_code == 302
    application.refresh_from_db()
    assert (application.status, application.pinned_version) == (
        "submitted",
        "alliance-baseline/IMHS/2025-01-01",
    )
    assert application.pinned_requirement_set.effective_from == date(2025, 1, 1)
    assert application.pinned_requirement_set.association is None
    (message,) = mail.outbox
    assert message.subject == (
        "We received your Endorsement® application: Infant Mental Health Specialist (IMHS)"
    )
    assert "Infant Mental Health Specialist (IMHS)" in message.body
    event = Event.objects.filter(application=application).last()
    assert (event.from_state, event.to_state, event.actor) == (
        "preparing",
        "submitted",
        world.other,
    )
    # Frozen: the applicant's writes are refused and change nothing.
    entry = Training.objects.filter(application=application).first()
    refused = client.post(f"/ct/application/training/{entry.pk}/",
                          {f"training-{entry.pk}-hours": "99", f"training-{entry.pk}-date": "2025-01-01"},
                          HTTP_HX_REQUEST="true")  # fmt: skip
    assert refused.status_code == 409
    assert Training.objects.get(pk=entry.pk).hours == entry.hours
    assert client.post("/ct/application/training/new/").status_code == 302
    assert Training.objects.filter(application=application).count() == 2
    page = client.get("/ct/application/training/").content.decode()
    assert "<fieldset disabled>" in page


@time_machine.travel("2024-10-01 15:00:00+00:00", tick=False)
def test_a_closed_category_can_be_edited_but_not_submitted(world: World) -> None:
    world.ct.agreements.update(effective_from=date(2024, 1, 1))
    application = world.make_ready(world.other_application)
    settle_fee(application)
    Application.objects.filter(pk=application.pk).update(opened_at="2024-08-01T12:00:00Z")
    application.refresh_from_db()
    blockers = submission_blockers(application=application, today=date(2024, 10, 1), lang="en")
    assert len(blockers) == 1 and "closed" in blockers[0].lower()
    page = world.client(world.other).get("/ct/application/").content.decode()
    assert html.escape(blockers[0]) in page and "Submit my application" not in page


def test_submitting_asks_whether_the_ratings_are_waived_and_records_the_answer(
    world: World, frozen: Any
) -> None:
    application = world.make_ready(world.other_application)
    settle_fee(application)
    frozen.move_to(READY_DAY)
    client = world.client(world.other)
    refused = client.post("/ct/application/submit/", {})
    assert refused.status_code == 422
    assert "Choose whether you waive your right to read the ratings." in refused.content.decode()
    application.refresh_from_db()
    assert (application.status, application.ratings_waived) == ("preparing", None)
    assert not Event.objects.filter(application=application, to_state="submitted").exists()
    client.post("/ct/application/submit/", {"ratings_access": "waive"})
    application.refresh_from_db()
    assert (application.status, application.ratings_waived) == ("submitted", True)
    page = client.get("/ct/application/").content.decode()
    assert "You waived your right to read what your raters wrote about you." in page
    coordinator = world.client(world.coordinator)
    staff_page = coordinator.get(f"/ct/manage/applications/{application.pk}/").content.decode()
    assert "The applicant waived the right to read these ratings." in staff_page


def test_a_waiver_stays_at_the_next_submission(world: World, frozen: Any) -> None:
    from endorse.reviews.services import completeness_return

    application = world.make_ready(world.other_application)
    settle_fee(application)
    frozen.move_to(READY_DAY)
    client = world.client(world.other)
    client.post("/ct/application/submit/", {"ratings_access": "waive"})
    completeness_return(
        application=application, actor=world.coordinator, reason="A page is missing."
    )
    page = client.get("/ct/application/").content.decode()
    assert "that choice stays." in page and 'name="ratings_access"' not in page
    client.post("/ct/application/submit/", {"ratings_access": "keep"})  # a forged choice
    application.refresh_from_db()
    assert (application.status, application.ratings_waived) == ("submitted", True)
