"""Handing one email to the mail server at the moment a database commit says so.

An SMTP server takes a message when it reads the "." that ends DATA, and until then
drops it if the connection breaks; our database takes its record of the sending at
COMMIT. Two systems, so no order of the two is atomic. We do every step of the
conversation that can fail before the record (connect, MAIL, RCPT, DATA, the whole
message), then ``hand_over`` commits the record and writes the "." right after it
(``update_then``). A crash before the commit leaves the server without the message and
the email owed; a crash after the "." leaves it sent and recorded. Only a crash between
the two writes loses it (a few microseconds: the driver's own commit, then the write; on
PostgreSQL the COMMIT is sent without waiting for its answer, then the "."), and the
caller can see that: the server's answer never came.
docs/decisions/0004-emails-handed-over-once.md weighs this against sending first."""

from __future__ import annotations

import functools
import re
import select
import smtplib
from collections.abc import Callable
from email.generator import BytesGenerator
from io import BytesIO
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.smtp import EmailBackend as SMTPBackend
from django.core.mail.message import sanitize_address
from django.db import DatabaseError, connection
from psycopg.pq import ExecStatus


class NotTaken(Exception):
    """The server certainly does not have the message, though it was handed over."""


HandOver = Callable[[Callable[[], None]], bool]


def send_handed_over(
    message: EmailMessage, *, hand_over: HandOver, taken: Callable[[], None]
) -> bool:
    """Send ``message`` if ``hand_over(send)`` commits the record of it and calls ``send``
    at once; False when it did not. ``taken()`` runs as soon as the server said it has it.

    Raises ``NotTaken`` when the server refused the message after the hand-over; any
    other error after it leaves the outcome unknown (the connection broke mid-answer).
    """
    backend = get_connection()
    if not isinstance(backend, SMTPBackend):
        # In-process backends (console, file, memory) take the message in one call.
        def send() -> None:
            try:
                backend.send_messages([message])
            except Exception as error:
                raise NotTaken(str(error)) from error

        if not hand_over(send):
            return False
        taken()
        return True
    return _smtp_send(backend, message, hand_over, taken)


def update_then(update: Callable[[], int], then: Callable[[], None]) -> bool:
    """Run ``update`` (a conditional UPDATE); if it changed a row, commit and call ``then``
    right after the commit. Whether it changed one.

    The commit is the driver's own, not Django's, so that nothing but ``then`` runs after
    it: a process killed between the two loses the email, and every microsecond of Python
    there is a microsecond of that gap. Inside a transaction (the tests' immediate task
    backend) nothing commits here.
    """
    if connection.in_atomic_block:
        changed = update() > 0
        if changed:
            then()
        return changed
    if connection.vendor == "postgresql":
        return _postgresql_update_then(update, then)
    connection.ensure_connection()
    driver = connection.connection
    driver.execute("BEGIN IMMEDIATE")  # the write lock first, as Django's own transactions
    try:
        changed = update() > 0
    except BaseException:
        driver.rollback()
        raise
    if not changed:
        driver.rollback()
        return False
    driver.commit()  # SQLite commits in this process: done when commit() returns
    then()
    return True


def _postgresql_update_then(update: Callable[[], int], then: Callable[[], None]) -> bool:
    connection.set_autocommit(False)
    try:
        if update() == 0:
            connection.rollback()
            return False
        _commit_then(then)
        return True
    finally:
        connection.set_autocommit(True)


def final_dot(smtp: smtplib.SMTP) -> Callable[[], None]:
    """The one write of the "." that ends DATA, bound before the hand-over so that it is
    the very next thing after the commit."""
    assert smtp.sock is not None
    return functools.partial(smtp.sock.sendall, b".\r\n")


def _commit_then(then: Callable[[], None]) -> None:
    """Send COMMIT to PostgreSQL, then call ``then`` before its answer: the server commits
    what it has read even if this process dies meanwhile, so the gap between the two is
    two writes, not a round trip."""
    pgconn = connection.connection.pgconn
    pgconn.send_query(b"COMMIT")
    while pgconn.flush():  # the whole message in the kernel's hands
        pass
    try:
        then()
    finally:  # the answer is read even if then() failed, or the connection stays busy
        _commit_answer(pgconn)


def _commit_answer(pgconn: Any) -> None:
    while pgconn.is_busy():
        select.select([pgconn.socket], [], [])
        pgconn.consume_input()
    result, error = pgconn.get_result(), None
    while (extra := pgconn.get_result()) is not None:
        result = extra
    if result is not None and result.status != ExecStatus.COMMAND_OK:
        error = result.get_error_message().decode(errors="replace")
    if result is None or error:
        # Not seen in practice (the row was already updated and locked); the "." left.
        raise DatabaseError(f"COMMIT after the hand-over failed: {error}")


def _smtp_send(
    backend: SMTPBackend, message: EmailMessage, hand_over: HandOver, taken: Callable[[], None]
) -> bool:
    backend.open()
    smtp = backend.connection
    assert smtp is not None
    clean = False  # whether the session may end with QUIT (not in the middle of DATA)
    try:
        data_until_the_end(smtp, message)
        if not hand_over(final_dot(smtp)):
            return False  # the connection drops below: the server discards the DATA
        code, reply = smtp.getreply()
        clean = True
        if code != 250:
            raise NotTaken(f"{code} {reply.decode(errors='replace')}")
        taken()  # before QUIT's round trip, so that a crash rarely leaves it unconfirmed
        return True
    finally:
        if clean:
            backend.close()
        else:
            smtp.close()  # no QUIT: inside DATA it would be read as part of the message
            backend.connection = None


def data_until_the_end(smtp: smtplib.SMTP, message: EmailMessage) -> None:
    """Everything ``smtplib.SMTP.sendmail`` sends, but the final "." of DATA."""
    encoding = message.encoding or settings.DEFAULT_CHARSET
    sender = sanitize_address(message.from_email, encoding)
    smtp.ehlo_or_helo_if_needed()
    code, reply = smtp.mail(sender)
    if code != 250:
        raise smtplib.SMTPSenderRefused(code, reply, sender)
    for address in message.recipients():
        recipient = sanitize_address(address, encoding)
        code, reply = smtp.rcpt(recipient)
        if code not in (250, 251):
            raise smtplib.SMTPRecipientsRefused({recipient: (code, reply)})
    code, reply = smtp.docmd("data")
    if code != 354:
        raise smtplib.SMTPDataError(code, reply)
    flat = BytesIO()  # as Django's SMTP backend flattens it (SafeMIMEMessage.as_bytes)
    BytesGenerator(flat, mangle_from_=False).flatten(message.message(), linesep="\r\n")
    data = flat.getvalue()
    data = re.sub(rb"(?m)^\.", b"..", data)  # a line starting with "." is doubled (RFC 5321)
    smtp.send(data if data.endswith(b"\r\n") else data + b"\r\n")
