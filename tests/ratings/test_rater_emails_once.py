"""A rater's email (the link, a reminder) is owed by a row, sent once, and sent again by
the clock only when a dead worker left it unsent."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core import mail
from django.utils import timezone

from endorse.core.management.commands.clock import owed_work_requeue
from endorse.ratings.delivery import rater_email_send
from endorse.ratings.models import RaterEmail, RatingRequest
from endorse.ratings.tasks import send_rating_email
from tests.applications.conftest import World
from tests.ratings.test_rating_requests import reference, send


def test_a_request_owes_one_email_and_it_goes_once(world: World) -> None:
    # Given a rating request sent from the applicant's page
    row = reference(world)
    token = send(world, row)
    # Then one row stands for its email, handed over and confirmed, with a stable id
    (email,) = RaterEmail.objects.all()
    assert (email.template, email.emailed_at is not None, email.email_claim) == (
        "rating_request", True, "",
    )  # fmt: skip
    host = urlsplit(settings.SITE_URL).hostname
    assert mail.outbox[0].extra_headers == {"Message-ID": f"<rater-email.{email.pk}@{host}>"}
    # And running its task again (a retried or re-queued task) sends nothing
    mail.outbox.clear()
    send_rating_email.call(email.pk)
    assert rater_email_send(email.pk) is False
    assert mail.outbox == []
    assert token


def test_the_clock_sends_an_email_a_dead_worker_left_unsent_once(world: World) -> None:
    # Given a request whose email a killed worker claimed and never handed over
    row = reference(world)
    send(world, row)
    request = RatingRequest.objects.get(reference=row)
    long_ago = timezone.now() - timedelta(minutes=11)
    lost = RaterEmail.objects.create(
        association=world.ct, request=request, template="rating_reminder"
    )
    RaterEmail.objects.filter(pk=lost.pk).update(
        created_at=long_ago, email_claim="killed", email_claimed_at=long_ago
    )
    mail.outbox.clear()
    # When the clock looks, it frees the claim and the email goes, once
    counts = owed_work_requeue(now=timezone.now())
    assert counts["owed emails to raters queued again"] == 1
    assert [message.to for message in mail.outbox] == [[row.email]]
    assert "reminder" in mail.outbox[0].subject.lower()
    again = owed_work_requeue(now=timezone.now() + timedelta(hours=1))
    assert again["owed emails to raters queued again"] == 0
    assert len(mail.outbox) == 1


def test_a_young_unsent_email_is_left_to_its_task(world: World) -> None:
    row = reference(world)
    send(world, row)
    request = RatingRequest.objects.get(reference=row)
    young = RaterEmail.objects.create(
        association=world.ct, request=request, template="rating_reminder"
    )
    RaterEmail.objects.filter(pk=young.pk).update(created_at=timezone.now() - timedelta(minutes=5))
    mail.outbox.clear()
    assert owed_work_requeue(now=timezone.now())["owed emails to raters queued again"] == 0
    assert mail.outbox == []


def test_an_email_whose_link_was_closed_is_owed_no_more(world: World) -> None:
    row = reference(world)
    send(world, row)
    request = RatingRequest.objects.get(reference=row)
    RatingRequest.objects.filter(pk=request.pk).update(closed_at=timezone.now())
    owed = RaterEmail.objects.create(
        association=world.ct, request=request, template="rating_reminder"
    )
    mail.outbox.clear()
    assert rater_email_send(owed.pk) is False
    assert mail.outbox == []
    assert not RaterEmail.objects.filter(pk=owed.pk).exists()


def test_a_task_queued_before_the_rows_existed_still_sends(world: World) -> None:
    """A reminder queued as (request id, template) by the version before this one."""
    row = reference(world)
    send(world, row)
    request = RatingRequest.objects.get(reference=row)
    mail.outbox.clear()
    send_rating_email.call(request.pk, "rating_reminder")
    assert [message.to for message in mail.outbox] == [[row.email]]
    assert (
        RaterEmail.objects.filter(template="rating_reminder").exclude(emailed_at=None).count() == 1
    )
