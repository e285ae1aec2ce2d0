"""What a crash leaves owed is finished by the clock, and nothing is sent twice."""

from __future__ import annotations

from datetime import timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import mail
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from endorse.accounts.models import User
from endorse.core.management.commands.clock import owed_work_requeue, tick
from endorse.core.task_recovery import tasks_abandoned_requeue
from endorse.notifications.models import Notification
from endorse.notifications.services import (
    notification_create,
    notification_email,
    notifications_owed_requeue,
)

CONTEXT = {"association": "CT Assoc", "url": "https://x/", "days": 3}
TASK = "endorse.notifications.tasks.send_notification_email"


@pytest.fixture
def queue(settings: Any) -> None:
    """The database queue, as in production: enqueued tasks wait for a worker."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def person(db: None) -> User:
    return User.objects.create_user("ana@example.org", full_name="Ana")


def statuses() -> list[tuple[list[Any], str]]:
    rows = DBTaskResult.objects.order_by("enqueued_at")
    return [(row.args_kwargs["args"], row.status) for row in rows]


def test_a_task_left_running_by_a_dead_worker_runs_again_after_the_timeout(
    queue: None, person: User
) -> None:
    # Given a task that started 31 minutes ago and one that started 29 minutes ago
    now = timezone.now()
    first = notification_create(person.pk, "registration_accepted", CONTEXT)
    second = notification_create(person.pk, "registration_accepted", CONTEXT)
    DBTaskResult.objects.filter(args_kwargs__args=[first.pk]).update(
        status=TaskResultStatus.RUNNING, started_at=now - timedelta(minutes=31),
        worker_ids=["gone"],
    )  # fmt: skip
    DBTaskResult.objects.filter(args_kwargs__args=[second.pk]).update(
        status=TaskResultStatus.RUNNING, started_at=now - timedelta(minutes=29)
    )
    # When the clock looks, then only the first is queued again (its worker's id is kept)
    assert tasks_abandoned_requeue(now=now) == 1
    assert statuses() == [([first.pk], "READY"), ([second.pk], "RUNNING")]
    assert DBTaskResult.objects.get(args_kwargs__args=[first.pk]).worker_ids == ["gone"]
    assert tasks_abandoned_requeue(now=now) == 0


def test_an_email_not_sent_is_queued_again_after_ten_minutes_once(
    queue: None, person: User
) -> None:
    # Given a notification whose email task failed (the worker died, the server was down)
    notification = notification_create(person.pk, "registration_accepted", CONTEXT)
    now = timezone.now()
    # While its task waits in the queue, nothing more is queued
    assert notifications_owed_requeue(now=now + timedelta(minutes=11)) == 0
    DBTaskResult.objects.update(status=TaskResultStatus.FAILED)
    # Nor before ten minutes have passed
    assert notifications_owed_requeue(now=now + timedelta(minutes=9)) == 0
    assert statuses() == [([notification.pk], "FAILED")]
    # After them, its email is queued once, however often the clock looks
    assert notifications_owed_requeue(now=now + timedelta(minutes=11)) == 1
    assert notifications_owed_requeue(now=now + timedelta(minutes=12)) == 0
    assert statuses() == [([notification.pk], "FAILED"), ([notification.pk], "READY")]
    # And a week later, it is no longer owed
    DBTaskResult.objects.update(status=TaskResultStatus.FAILED)
    assert notifications_owed_requeue(now=now + timedelta(days=7, minutes=1)) == 0


def test_the_clock_frees_the_claim_of_a_killed_attempt_and_the_email_goes_once(
    person: User,
) -> None:
    # Given an attempt killed after claiming the email and before handing it over
    notification = Notification.objects.create(
        user=person, template="registration_accepted", context=CONTEXT
    )
    claimed = timezone.now() - timedelta(minutes=11)
    Notification.objects.filter(pk=notification.pk).update(
        created_at=claimed, email_claim="killed", email_claimed_at=claimed
    )
    # While the claim is young, a retry leaves it alone
    assert notifications_owed_requeue(now=claimed + timedelta(minutes=5)) == 0
    assert Notification.objects.get(pk=notification.pk).email_claim == "killed"
    # When the clock looks after ten minutes, the email is queued again and sent, once
    assert owed_work_requeue(now=timezone.now()) == {
        "tasks of dead workers queued again": 0,
        "owed emails queued again": 1,
        "owed emails to raters queued again": 0,
    }
    assert [message.extra_headers for message in mail.outbox] == [
        {"Message-ID": f"<notification.{notification.pk}@{urlsplit(settings.SITE_URL).hostname}>",
         "X-Endorse-Notification": str(notification.pk)}
    ]  # fmt: skip
    notification.refresh_from_db()
    assert (notification.emailed_at is not None, notification.email_claim) == (True, "")
    assert notification_email(notification.pk) is False
    assert (
        owed_work_requeue(now=timezone.now() + timedelta(hours=1))["owed emails queued again"] == 0
    )
    assert len(mail.outbox) == 1


def test_an_email_handed_over_without_the_servers_answer_is_never_sent_again(
    person: User,
) -> None:
    # Given an email handed to the server by an attempt killed before the answer came
    notification = Notification.objects.create(
        user=person, template="registration_accepted", context=CONTEXT
    )
    handed = timezone.now() - timedelta(hours=1)
    Notification.objects.filter(pk=notification.pk).update(
        created_at=handed, email_claim="killed", email_claimed_at=handed, emailed_at=handed
    )
    # Then neither a retried task nor the clock sends it again
    assert notification_email(notification.pk) is False
    assert notifications_owed_requeue(now=timezone.now()) == 0
    assert mail.outbox == []
    assert Notification.objects.filter(email_claim="killed").count() == 1  # still visible


def test_a_live_attempt_sends_nothing_once_its_claim_was_given_away(person: User) -> None:
    # Given an attempt whose claim the clock freed and a second attempt took
    notification = Notification.objects.create(
        user=person, template="registration_accepted", context=CONTEXT
    )
    mine = Notification.objects.filter(pk=notification.pk)

    def taken_meanwhile(*args: Any, **kwargs: Any) -> Any:
        mine.update(email_claim="another", email_claimed_at=timezone.now())
        return real(*args, **kwargs)

    from endorse.notifications import services

    real = services.email_message
    services.email_message = taken_meanwhile  # type: ignore[assignment]
    try:
        # When it comes to hand the email over, then it sends nothing
        assert notification_email(notification.pk) is False
    finally:
        services.email_message = real
    assert mail.outbox == []
    assert mine.values_list("email_claim", "emailed_at").get() == ("another", None)


def test_an_idle_tick_reports_no_owed_work(db: None) -> None:
    counts = tick()
    assert counts["tasks of dead workers queued again"] == 0
    assert counts["owed emails queued again"] == 0
