"""Telling a person something: on the site at once, by email through the worker.

An email is handed to the mail server once, across crashes of the worker: an attempt
first claims the row (a token and the time, in one conditional update), then talks to
the server up to the last "." of the message, then commits ``emailed_at`` only if it
still holds the claim, and only then writes the ".". The clock re-queues what is owed.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.utils import DNS_NAME
from django.db.models import Q, QuerySet
from django.utils import timezone

from endorse.accounts.models import User
from endorse.core.handover import NotTaken, send_handed_over, update_then
from endorse.core.mail import email_message
from endorse.core.task_recovery import tasks_pending_args
from endorse.notifications.models import Notification

logger = logging.getLogger(__name__)


def notification_create(user_id: int, template: str, context: dict[str, Any]) -> Notification:
    from endorse.notifications.tasks import send_notification_email

    notification = Notification.objects.create(user_id=user_id, template=template, context=context)
    send_notification_email.enqueue(notification.pk)
    return notification


def notification_email(notification_id: int) -> bool:
    """Send it unless it was sent or another attempt holds it; False when there was nothing
    to do. Not atomic on purpose: each step commits on its own (see the module's doc), so
    it runs in the worker, outside any transaction (the tests' immediate backend aside)."""
    token = secrets.token_hex(16)
    free = Q(email_claim="") | Q(email_claimed_at__lt=timezone.now() - retry_after())
    mine = Notification.objects.filter(pk=notification_id, emailed_at=None)
    if not mine.filter(free).update(email_claim=token, email_claimed_at=timezone.now()):
        return False
    held = Notification.objects.filter(pk=notification_id, email_claim=token)
    handed = False

    def hand_over(send: Callable[[], None]) -> bool:
        nonlocal handed
        # A conditional update: if the clock gave the claim to another attempt meanwhile,
        # this one sends nothing.
        handed = update_then(
            lambda: held.filter(emailed_at=None).update(emailed_at=timezone.now()), send
        )
        return handed

    try:
        sent = send_handed_over(
            _message(notification_id),
            hand_over=hand_over,
            taken=lambda: _confirm(held),
        )
    except NotTaken:
        held.update(email_claim="", emailed_at=None)  # refused: owed, to be tried again
        raise
    except Exception:
        if handed:  # the claim stays beside emailed_at: the server's answer never came
            logger.warning(
                "Email of notification %s: the mail server did not answer the end of the "
                "message, so it is not sent again.",
                notification_id,
            )
        else:
            held.update(email_claim="")
        raise
    return sent


def _confirm(held: QuerySet[Notification]) -> None:
    held.update(email_claim="")  # the server said it has it: no doubt is left


def _message(notification_id: int) -> EmailMessage:
    notification = Notification.objects.get(pk=notification_id)
    user = User.objects.get(pk=notification.user_id)
    context = {**notification.context, "name": user.get_full_name()}
    message = email_message(user.email, user.preferred_language, notification.template, context)
    # The same id on every attempt, so a receiver may fold copies, and one can trace it.
    domain = urlsplit(settings.SITE_URL).hostname or DNS_NAME
    message.extra_headers["Message-ID"] = f"<notification.{notification_id}@{domain}>"
    message.extra_headers["X-Endorse-Notification"] = str(notification_id)
    return message


def retry_after() -> timedelta:
    return timedelta(minutes=settings.ENDORSE_EMAIL_RETRY_MINUTES)


def notifications_owed_requeue(*, now: datetime) -> int:
    """Queue again the emails owed (not handed over, no attempt in ``retry_after()``) that
    no queued or running task will send; how many. Runs after ``tasks_abandoned_requeue``,
    so every task still running then has a live worker."""
    from endorse.notifications.tasks import send_notification_email

    since = now - retry_after()
    # An attempt that has held its claim this long died before handing the email over
    # (its worker was killed): free it. Were it alive after all, its hand-over now finds
    # the claim gone and sends nothing, and the new attempt sends.
    Notification.objects.filter(emailed_at=None, email_claimed_at__lt=since).exclude(
        email_claim=""
    ).update(email_claim="")
    owed = set(
        Notification.objects.filter(
            Q(email_claimed_at=None) | Q(email_claimed_at__lt=since),
            emailed_at=None,
            created_at__lt=since,
            created_at__gte=now - timedelta(days=settings.ENDORSE_EMAIL_RETRY_DAYS),
        ).values_list("pk", flat=True)
    )
    pending = {args[0] for args in tasks_pending_args(send_notification_email.module_path)}
    for notification_id in sorted(owed - pending):
        send_notification_email.enqueue(notification_id)
    return len(owed - pending)


def notifications_mark_read(user_id: int) -> None:
    Notification.objects.filter(user_id=user_id, read_at=None).update(read_at=timezone.now())
