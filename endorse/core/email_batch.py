"""Emails owed, sent in batches over one connection to the mail server, each handed over once.

The protocol of ``core/email_once.py`` (docs/decisions/0004), for up to ``BATCH`` rows at
a time instead of one:

1. *Claim*: one short transaction takes the task's own rows and fills the batch with the
   oldest rows owed that no attempt holds (never tried, or last tried over
   ``retry_after()`` ago, and younger than ``ENDORSE_EMAIL_RETRY_DAYS``), giving them one
   token. On PostgreSQL the rows are read ``FOR UPDATE SKIP LOCKED``, so workers take
   different ones; SQLite has one writer at a time. The same transaction marks done the
   queued one-row tasks of the rows taken, which would find nothing left to send.
2. *Hand over*, row by row on one SMTP connection: MAIL, RCPT, DATA and the message,
   then a conditional update commits ``emailed_at`` only if the row still holds the token,
   and only then the "." leaves. A refused hand-over (the clock gave the row to another
   attempt) drops the connection inside DATA, so the server discards it; the next row
   opens a new one.
3. *Confirm*: after the server's 250 the row's token is cleared.

What a crash costs stays what it was for one email: only a kill between a commit and
its "." loses an email (and leaves the token beside ``emailed_at``, which says so), and
nothing is sent twice. What changes is how long the rest wait: a worker killed mid-batch
leaves up to ``BATCH - 1`` rows claimed and not handed over, whose tasks were marked done;
the clock frees such claims after ``retry_after()`` and queues those emails again, so
they go out about ten minutes late instead of at the next task. That is the price of
one connection and a few queries per email instead of a task each.
"""

from __future__ import annotations

import contextlib
import logging
import secrets
import smtplib
import socket
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.db import connection, transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from endorse.core.email_once import HandOverOnce, retry_after
from endorse.core.handover import NotTaken, data_until_the_end, final_dot

logger = logging.getLogger(__name__)

BATCH = 50  # emails per claim
ROUNDS = 20  # claims one task makes before it lets the queue move on
# The server answered, and the session can carry the next message after a RSET.
REFUSED = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError)

# The rows' messages, read in one go: each built when its turn comes (None: owed no more).
Messages = Callable[[list[int]], dict[int, Callable[[], EmailMessage | None]]]


def emails_send(
    *, rows: QuerySet[Any], ids: list[int], messages: Messages, task_path: str, what: str
) -> int:
    """Send the emails of ``ids`` (the task's own rows) and then of other rows owed, in
    batches over one connection; how many the server took. Runs in the worker, outside
    any transaction. Raises the first failure once the batch is done with."""
    sent = 0
    for round_ in range(ROUNDS):
        token = secrets.token_hex(16)
        claimed = _claim(rows, ids if round_ == 0 else [], token, task_path)
        if not claimed:
            break
        sent += _send(rows, claimed, token, messages, what)
    return sent


def _claim(rows: QuerySet[Any], ids: list[int], token: str, task_path: str) -> list[int]:
    now = timezone.now()
    stale = now - retry_after()
    free = Q(email_claim="") | Q(email_claimed_at__lt=stale)
    with transaction.atomic():
        fill = (
            rows.filter(Q(email_claimed_at=None) | Q(email_claimed_at__lt=stale),
                        email_claim="", emailed_at=None,
                        created_at__gte=now - timedelta(days=settings.ENDORSE_EMAIL_RETRY_DAYS))
            .exclude(pk__in=ids)
            .order_by("created_at", "pk")
        )  # fmt: skip
        if connection.features.has_select_for_update_skip_locked:
            fill = fill.select_for_update(skip_locked=True)
        wanted = ids[:BATCH] + list(fill.values_list("pk", flat=True)[: BATCH - len(ids)])
        taken = rows.filter(free, pk__in=wanted, emailed_at=None).update(
            email_claim=token, email_claimed_at=now
        )
        if taken == len(wanted):
            claimed = wanted
        else:  # another attempt holds some of the task's own rows
            mine = rows.filter(pk__in=wanted, email_claim=token)
            claimed = list(mine.values_list("pk", flat=True))
        _tasks_done(task_path, claimed, now)
    return sorted(claimed, key=wanted.index)


def _tasks_done(task_path: str, ids: list[int], now: datetime) -> None:
    """Mark done the queued tasks of one row each among ``ids``: this attempt sends them."""
    if ids and _queued_in_database():
        DBTaskResult.objects.filter(
            task_path=task_path, status=TaskResultStatus.READY, args_kwargs__args__0__in=ids
        ).update(status=TaskResultStatus.SUCCESSFUL, started_at=now, finished_at=now)


def _queued_in_database() -> bool:
    backend = settings.TASKS.get("default", {}).get("BACKEND", "")
    return str(backend).startswith("django_tasks_db.")


def _send(
    rows: QuerySet[Any], claimed: list[int], token: str, messages: Messages, what: str
) -> int:
    line = Line()
    sent, failure = 0, None
    try:
        built = messages(claimed)
        for position, pk in enumerate(claimed):
            held = rows.filter(pk=pk, email_claim=token)
            try:
                sent += _one(line, held, built.get(pk), f"{what} {pk}")
            except (NotTaken, *REFUSED) as error:  # owed, to be tried again; the rest go on
                held.update(email_claim="", emailed_at=None)
                line.reset()
                failure = failure or error
            except Exception:
                claimed = claimed[position:]  # this one too, unless handed over
                raise
    except Exception:
        line.drop()
        rows.filter(pk__in=claimed, email_claim=token, emailed_at=None).update(email_claim="")
        raise
    line.close()
    if failure is not None:
        raise failure
    return sent


def _one(
    line: Line, held: QuerySet[Any], build: Callable[[], EmailMessage | None] | None, what: str
) -> int:
    message = build() if build is not None else None
    if message is None:  # gone, or owed no more: nothing to send
        held.update(email_claim="")
        return 0
    hand_over = HandOverOnce(held)
    try:
        taken = line.send(message, hand_over)
    except (NotTaken, *REFUSED):
        raise
    except Exception:
        hand_over.warn_if_handed(what)
        raise
    if taken:
        held.update(email_claim="")  # the server said it has it: no doubt is left
    return int(taken)


class Line:
    """One connection to the mail server for a batch (``core/handover.py`` for one
    message), opened again after a hand-over was refused inside DATA."""

    def __init__(self) -> None:
        self.backend = get_connection()
        self.smtp: smtplib.SMTP | None = None

    def send(self, message: EmailMessage, hand_over: Callable[[Callable[[], None]], bool]) -> bool:
        """Whether the server took ``message``; NotTaken when it refused it after the
        hand-over; False when ``hand_over`` committed nothing (nothing was sent)."""
        if not isinstance(self.backend, SMTPBackend):
            return hand_over(lambda: self._in_process(message))
        smtp = self._open()
        data_until_the_end(smtp, message)
        if not hand_over(final_dot(smtp)):
            self.drop()  # inside DATA: the server discards what it read
            return False
        code, reply = smtp.getreply()
        if code != 250:
            raise NotTaken(f"{code} {reply.decode(errors='replace')}")
        return True

    def _in_process(self, message: EmailMessage) -> None:
        """Console, file and memory backends take the message in one call."""
        try:
            self.backend.send_messages([message])
        except Exception as error:
            raise NotTaken(str(error)) from error

    def _open(self) -> smtplib.SMTP:
        if self.smtp is None:
            backend = self.backend
            assert isinstance(backend, SMTPBackend)
            backend.open()
            assert backend.connection is not None
            self.smtp = backend.connection
            assert self.smtp.sock is not None
            # Each "." is one small write after a commit: sent at once, not held back
            # until the server acknowledges the message (Nagle's algorithm).
            self.smtp.sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        return self.smtp

    def reset(self) -> None:
        """After a refusal the server answered, the session carries the next message."""
        if self.smtp is not None:
            try:
                self.smtp.rset()
            except (smtplib.SMTPException, OSError):
                self.drop()

    def drop(self) -> None:
        """Close without QUIT (inside DATA it would be read as part of the message)."""
        if self.smtp is not None:
            try:
                self.smtp.close()
            finally:
                self.smtp = None
                if isinstance(self.backend, SMTPBackend):
                    self.backend.connection = None

    def close(self) -> None:
        if self.smtp is not None:
            with contextlib.suppress(smtplib.SMTPException, OSError):
                self.smtp.quit()
            self.drop()
