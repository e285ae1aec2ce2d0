"""Raters are reminded 7 and 14 days after the request, once each, while the link is out."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO
from typing import Any

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from endorse.applications.models import Application
from endorse.ratings.models import RatingRequest
from endorse.ratings.services import reminders_send_due
from tests.applications.conftest import World
from tests.ratings.test_rating_requests import LINK, reference, send


def reminders() -> list[tuple[list[str], str]]:
    return [(m.to, m.subject) for m in mail.outbox if m.subject.startswith("Reminder")]


def test_reminders_come_on_day_7_and_day_14_and_never_twice(world: World, frozen: Any) -> None:
    token = send(world, reference(world))
    start = timezone.now()
    frozen.move_to(start + timedelta(days=7) - timedelta(minutes=1))
    assert reminders_send_due(timezone.now()) == 0
    frozen.move_to(start + timedelta(days=7))
    assert reminders_send_due(timezone.now()) == 1
    assert reminders_send_due(timezone.now()) == 0  # a second clock, or a restart
    assert reminders() == [
        (["rita@example.org"], "Reminder: Ana Díaz is waiting for your reference rating")
    ]
    found = LINK.search(mail.outbox[-1].body)
    assert found is not None and found.group(1) == token  # the same link, rebuilt
    frozen.move_to(start + timedelta(days=14))
    assert reminders_send_due(timezone.now()) == 1
    frozen.move_to(start + timedelta(days=60))
    assert reminders_send_due(timezone.now()) == 0
    assert len(reminders()) == 2
    assert RatingRequest.objects.get().reminders_sent == 2


def test_a_clock_that_was_stopped_sends_one_reminder_not_two(world: World, frozen: Any) -> None:
    send(world, reference(world))
    frozen.shift(timedelta(days=20))
    assert reminders_send_due(timezone.now()) == 1
    assert reminders_send_due(timezone.now()) == 0
    assert len(reminders()) == 1


def test_no_reminder_once_the_link_stopped(world: World, frozen: Any) -> None:
    withdrawn = reference(world)
    send(world, withdrawn)
    world.client(world.applicant).post(f"/ct/application/references/{withdrawn.pk}/withdraw/")
    submitted = reference(world, application=world.other_application, email="sue@example.org")
    world.client(world.other).post(
        f"/ct/application/references/{submitted.pk}/request/", {"language": "en"}
    )
    Application.objects.filter(pk=world.other_application.pk).update(status="submitted")
    frozen.shift(timedelta(days=8))
    assert reminders_send_due(timezone.now()) == 0
    assert reminders() == []


def test_the_clock_command_queues_due_reminders(world: World, frozen: Any) -> None:
    send(world, reference(world, email="cal@example.org"), language="es")
    frozen.shift(timedelta(days=7))
    out = StringIO()
    call_command("clock", "--once", stdout=out)
    assert "rating reminders queued: 1" in out.getvalue()
    assert [m.to for m in mail.outbox if m.subject.startswith("Recordatorio")] == [
        ["cal@example.org"]
    ]
