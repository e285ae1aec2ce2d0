"""Emails sent by batches over one connection, each handed to the server once."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from endorse.accounts.models import User
from endorse.core import email_batch
from endorse.core.management.commands.clock import owed_work_requeue
from endorse.core.task_recovery import tasks_pending_args
from endorse.notifications import services
from endorse.notifications.models import Notification
from endorse.notifications.services import (
    notification_create,
    notification_emails_send,
    notifications_create,
    notifications_owed_requeue,
)
from endorse.notifications.tasks import send_notification_email
from tests.loopback_smtp import Inbox, free_port

CONTEXT = {"association": "CT Assoc", "url": "https://x/", "days": 3}
QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


class Server(Inbox):
    """Counts connections (EHLO), and refuses the recipients it is told to."""

    def __init__(self) -> None:
        super().__init__()
        self.sessions = 0
        self.unknown: set[str] = set()

    async def handle_EHLO(self, server: Any, session: Any, envelope: Any, hostname: str,
                          responses: list[str]) -> list[str]:  # fmt: skip
        self.sessions += 1
        session.host_name = hostname
        return responses

    async def handle_RCPT(self, server: Any, session: Any, envelope: Any, address: str,
                          options: list[str]) -> str:  # fmt: skip
        if address in self.unknown:
            return "550 5.1.1 No such person"
        envelope.rcpt_tos.append(address)
        return "250 OK"


@pytest.fixture
def server(settings: Any) -> Iterator[Server]:
    logging.getLogger("mail.log").setLevel(logging.WARNING)  # a line per command otherwise
    inbox = Server()
    inbox.port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=inbox.port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", inbox.port
    settings.EMAIL_USE_TLS, settings.EMAIL_TIMEOUT = False, 10
    try:
        yield inbox
    finally:
        controller.stop()


@pytest.fixture
def people(db: None) -> list[User]:
    return [User.objects.create_user(f"p{n}@example.org", full_name=f"P {n}") for n in range(5)]


def queued(people: list[User], count: int, settings: Any) -> list[int]:
    """``count`` notifications made one by one, each with its task waiting in the queue."""
    settings.TASKS = QUEUE
    return [notification_create(people[n % 5].pk, "registration_accepted", CONTEXT).pk
            for n in range(count)]  # fmt: skip


def task_statuses() -> Counter[str]:
    return Counter(DBTaskResult.objects.values_list("status", flat=True))


def test_one_task_sends_its_email_and_every_other_owed_over_one_connection_a_batch(
    server: Server, people: list[User], settings: Any
) -> None:
    ids = queued(people, 60, settings)
    assert task_statuses() == {"READY": 60}
    # When the worker runs the first task
    assert notification_emails_send(ids=[ids[0]]) == 60
    # Then the server took each email once, over one connection per batch of 50
    assert sorted(server.received(), key=int) == [str(pk) for pk in ids]
    assert server.sessions == 2
    assert Notification.objects.filter(email_claim="", emailed_at__isnull=False).count() == 60
    # and the other tasks, which would find nothing to send, are done
    assert task_statuses() == {"SUCCESSFUL": 60}
    assert notification_emails_send(ids=[ids[1]]) == 0
    assert notifications_owed_requeue(now=timezone.now() + timedelta(hours=1)) == 0


@pytest.mark.parametrize("count", [5, 45])
def test_a_batch_costs_a_fixed_number_of_queries_and_two_commits_an_email(
    server: Server, people: list[User], settings: Any, count: int
) -> None:
    ids = queued(people, count, settings)
    with CaptureQueriesContext(connection) as queries:
        assert notification_emails_send(ids=[ids[0]]) == count
    # The claim (its savepoint, a look, the claim, the tasks marked done, the release), the
    # rows read, a second claim that finds nothing (savepoint, look, release); then, per
    # email, the hand-over and the confirmation, each its own commit by design.
    assert len(queries) == 9 + 2 * count


def test_a_row_given_to_another_attempt_meanwhile_is_not_sent_and_the_rest_are(
    server: Server, people: list[User], settings: Any, monkeypatch: Any
) -> None:
    ids = queued(people, 4, settings)
    real = services._built

    def taken_meanwhile(notification: Notification) -> Any:
        if notification.pk == ids[1]:  # the clock freed it, and another attempt took it
            Notification.objects.filter(pk=ids[1]).update(email_claim="another")
        return real(notification)

    monkeypatch.setattr(services, "_built", taken_meanwhile)
    assert notification_emails_send(ids=[ids[0]]) == 3
    assert sorted(server.received(), key=int) == [str(ids[0]), str(ids[2]), str(ids[3])]
    assert server.sessions == 2  # the refused hand-over dropped the connection inside DATA
    taken = Notification.objects.filter(pk=ids[1]).values_list("email_claim", "emailed_at")
    assert taken.get() == ("another", None)


def test_a_refused_recipient_leaves_that_email_owed_and_the_rest_go(
    server: Server, people: list[User], settings: Any
) -> None:
    ids = queued(people, 5, settings)
    server.unknown = {"p2@example.org"}
    with pytest.raises(email_batch.smtplib.SMTPRecipientsRefused):
        notification_emails_send(ids=[ids[0]])
    assert sorted(server.received(), key=int) == [str(pk) for pk in ids if pk != ids[2]]
    assert server.sessions == 1  # the session went on after the refusal
    owed = Notification.objects.get(pk=ids[2])
    assert (owed.emailed_at, owed.email_claim, owed.email_claimed_at is not None) == (
        None, "", True
    )  # fmt: skip
    # The clock queues it again after ten minutes; by then the address works
    server.unknown = set()
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    later = timezone.now() + timedelta(minutes=11)
    assert notifications_owed_requeue(now=later) == 1
    assert sorted(server.received(), key=int) == [str(pk) for pk in ids]


def test_a_worker_killed_mid_batch_leaves_its_emails_to_the_clock_and_each_goes_once(
    people: list[User], settings: Any
) -> None:
    ids = queued(people, 5, settings)
    # Given a worker killed after claiming the batch (their tasks marked done) and before
    # sending any of it
    claimed = email_batch._claim(
        Notification.objects.all(), [ids[0]], "killed", send_notification_email.module_path
    )
    assert claimed == ids
    assert task_statuses() == {"SUCCESSFUL": 5}
    # Before ten minutes nothing is queued again; after them, each is sent once
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    assert notifications_owed_requeue(now=timezone.now() + timedelta(minutes=9)) == 0
    assert mail.outbox == []
    later = timezone.now() + timedelta(minutes=11)
    assert owed_work_requeue(now=later)["owed emails queued again"] == 5
    assert sorted(int(m.extra_headers["X-Endorse-Notification"]) for m in mail.outbox) == ids
    assert owed_work_requeue(now=later + timedelta(hours=1))["owed emails queued again"] == 0
    assert len(mail.outbox) == 5


def test_a_batch_queued_at_once_is_one_task_and_counts_as_pending_for_each_row(
    people: list[User], settings: Any
) -> None:
    settings.TASKS = QUEUE
    made = notifications_create(
        rows=[(person.pk, "registration_accepted", CONTEXT) for person in people * 12]
    )
    ids = [notification.pk for notification in made]
    args = list(DBTaskResult.objects.order_by("enqueued_at").values_list("args_kwargs", flat=True))
    assert [row["args"] for row in args] == [[ids[:50]], [ids[50:]]]
    assert sorted(pk for (pk,) in tasks_pending_args(send_notification_email.module_path)) == ids
    # so the clock queues none of them again while the tasks wait
    assert notifications_owed_requeue(now=timezone.now() + timedelta(minutes=11)) == 0
