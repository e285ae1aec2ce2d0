"""One email, handed to the mail server once across crashes of the worker.

Any row with ``emailed_at``, ``email_claim`` and ``email_claimed_at`` can stand for an
email owed (a notification, a rater's link). An attempt first claims the row (a token
and the time, in one conditional update), then talks to the server up to the last "."
of the message, then commits ``emailed_at`` only if it still holds the claim, and only
then writes the "." (``core/handover.py``). The clock re-queues what is owed
(``owed_requeue``). docs/decisions/0004-emails-handed-over-once.md gives the reasoning.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db.models import Q, QuerySet
from django.utils import timezone

from endorse.core.handover import NotTaken, send_handed_over, update_then
from endorse.core.task_recovery import tasks_pending_args

logger = logging.getLogger(__name__)


def retry_after() -> timedelta:
    return timedelta(minutes=settings.ENDORSE_EMAIL_RETRY_MINUTES)


class HandOverOnce:
    """The ``hand_over`` of a claimed row (``held``): record it as emailed, unless the clock
    gave the claim to another attempt meanwhile (a conditional update), and send the final
    "." right after that commit. ``handed`` says whether it did; one email's sender and a
    batch's (``core/email_batch.py``) both hand over through it."""

    def __init__(self, held: QuerySet[Any]) -> None:
        self.held = held
        self.handed = False

    def __call__(self, send: Callable[[], None]) -> bool:
        self.handed = update_then(
            lambda: self.held.filter(emailed_at=None).update(emailed_at=timezone.now()), send
        )
        return self.handed

    def warn_if_handed(self, what: str) -> bool:
        """After a failure: whether the email was handed over (the claim then stays beside
        ``emailed_at``: the server's answer never came, so it is not sent again)."""
        if self.handed:
            logger.warning(
                "Email of %s: the mail server did not answer the end of the message, "
                "so it is not sent again.",
                what,
            )
        return self.handed


def email_once(*, row: QuerySet[Any], message: Callable[[], EmailMessage], what: str) -> bool:
    """Send the email of the one row in ``row`` unless it was sent or another attempt
    holds it; False when there was nothing to do. Not atomic on purpose: each step
    commits on its own, so it runs in the worker, outside any transaction."""
    token = secrets.token_hex(16)
    free = Q(email_claim="") | Q(email_claimed_at__lt=timezone.now() - retry_after())
    if not row.filter(free, emailed_at=None).update(
        email_claim=token, email_claimed_at=timezone.now()
    ):
        return False
    held = row.filter(email_claim=token)
    hand_over = HandOverOnce(held)

    def confirmed() -> None:
        held.update(email_claim="")  # the server said it has it: no doubt is left

    try:
        sent = send_handed_over(
            message(),
            hand_over=hand_over,
            taken=confirmed,
        )
    except NotTaken:
        held.update(email_claim="", emailed_at=None)  # refused: owed, to be tried again
        raise
    except Exception:
        if not hand_over.warn_if_handed(what):
            held.update(email_claim="")
        raise
    return sent


def owed_requeue(
    *, rows: QuerySet[Any], task_path: str, enqueue: Callable[[int], object], now: datetime
) -> int:
    """Queue again the emails of ``rows`` owed (not handed over, no attempt within
    ``retry_after()``) that no queued or running task of ``task_path`` will send; how many.
    Runs after ``tasks_abandoned_requeue``, so every task still running has a live worker.
    """
    since = now - retry_after()
    # An attempt that has held its claim this long died before handing the email over
    # (its worker was killed): free it. Were it alive after all, its hand-over now finds
    # the claim gone and sends nothing, and the new attempt sends.
    rows.filter(emailed_at=None, email_claimed_at__lt=since).exclude(email_claim="").update(
        email_claim=""
    )
    owed = set(
        rows.filter(
            Q(email_claimed_at=None) | Q(email_claimed_at__lt=since),
            emailed_at=None,
            created_at__lt=since,
            created_at__gte=now - timedelta(days=settings.ENDORSE_EMAIL_RETRY_DAYS),
        ).values_list("pk", flat=True)
    )
    pending = {args[0] for args in tasks_pending_args(task_path)}
    for pk in sorted(owed - pending):
        enqueue(pk)
    return len(owed - pending)
