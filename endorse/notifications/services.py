"""Telling a person something: on the site at once, by email through the worker.

An email is handed to the mail server once, across crashes of the worker
(``core/email_once.py``); the worker sends them in batches over one connection
(``core/email_batch.py``); the clock re-queues what is owed.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from functools import partial
from typing import Any

from django.core.mail import EmailMessage
from django.utils import timezone

from endorse.accounts.models import User
from endorse.core.email_batch import BATCH, emails_send
from endorse.core.email_once import email_once, owed_requeue
from endorse.core.mail import email_message, message_id
from endorse.notifications.models import Notification


def notification_create(user_id: int, template: str, context: dict[str, Any]) -> Notification:
    from endorse.notifications.tasks import send_notification_email

    notification = Notification.objects.create(user_id=user_id, template=template, context=context)
    send_notification_email.enqueue(notification.pk)
    return notification


def notifications_create(*, rows: Sequence[tuple[int, str, dict[str, Any]]]) -> list[Notification]:
    """Many notifications at once (``(user_id, template, context)`` each), in the caller's
    transaction: one insert, and their emails queued by batches of ``BATCH`` (a task each)."""
    from endorse.notifications.tasks import send_notification_email

    made = Notification.objects.bulk_create(
        Notification(user_id=user_id, template=template, context=context)
        for user_id, template, context in rows
    )
    for start in range(0, len(made), BATCH):
        send_notification_email.enqueue([row.pk for row in made[start : start + BATCH]])
    return made


def notification_emails_send(*, ids: list[int]) -> int:
    """Send the emails of ``ids``, then others owed, over one connection; how many went.
    Runs in the worker (see ``core/email_batch.py``)."""
    from endorse.notifications.tasks import send_notification_email

    return emails_send(
        rows=Notification.objects.all(),
        ids=ids,
        messages=_messages,
        task_path=send_notification_email.module_path,
        what="notification",
    )


def _messages(ids: list[int]) -> dict[int, Callable[[], EmailMessage | None]]:
    rows = Notification.objects.filter(pk__in=ids).select_related("user")
    return {row.pk: partial(_built, row) for row in rows}


def notification_email(notification_id: int) -> bool:
    """Send it unless it was sent or another attempt holds it; False when there was nothing
    to do. Runs in the worker, outside any transaction (see ``core/email_once.py``)."""
    return email_once(
        row=Notification.objects.filter(pk=notification_id),
        message=lambda: _message(notification_id),
        what=f"notification {notification_id}",
    )


def _message(notification_id: int) -> EmailMessage:
    return _built(Notification.objects.select_related("user").get(pk=notification_id))


def _built(notification: Notification) -> EmailMessage:
    notification_id = notification.pk
    user: User = notification.user
    context = {**notification.context, "name": user.get_full_name()}
    message = email_message(user.email, user.preferred_language, notification.template, context)
    # The same id on every attempt, so a receiver may fold copies, and one can trace it.
    message.extra_headers["Message-ID"] = message_id(f"notification.{notification_id}")
    message.extra_headers["X-Endorse-Notification"] = str(notification_id)
    return message


def notifications_owed_requeue(*, now: datetime) -> int:
    """Queue again the emails owed that no queued or running task will send; how many."""
    from endorse.notifications.tasks import send_notification_email

    return owed_requeue(
        rows=Notification.objects.all(),
        task_path=send_notification_email.module_path,
        enqueue=send_notification_email.enqueue,
        now=now,
    )


def notifications_mark_read(user_id: int) -> None:
    Notification.objects.filter(user_id=user_id, read_at=None).update(read_at=timezone.now())
