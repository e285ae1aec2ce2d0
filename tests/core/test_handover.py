"""An email reaches a real SMTP server only once the database recorded its hand-over."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from django.core.mail import EmailMessage

from endorse.accounts.models import User
from endorse.core.handover import NotTaken, send_handed_over
from endorse.notifications.models import Notification
from endorse.notifications.services import notification_email
from tests.loopback_smtp import Inbox, smtp_server


@pytest.fixture
def server(settings: Any) -> Iterator[Inbox]:
    with smtp_server() as inbox:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", inbox.port
        settings.EMAIL_USE_TLS, settings.EMAIL_TIMEOUT = False, 10
        yield inbox


def message() -> EmailMessage:
    # A line that starts with "." must reach the server as written, not end the DATA.
    body = "First line\r\n.\r\n.. two dots\r\nLast line\r\n"
    return EmailMessage("Hello", body, "noreply@example.org", ["ana@example.org"],
                        headers={"X-Endorse-Notification": "7"})  # fmt: skip


def recorded(send: Callable[[], None]) -> bool:
    """A hand-over that had its record committed: the "." leaves."""
    send()
    return True


def untouched() -> None:
    raise AssertionError("the server said it took a message it was never sent")


def test_a_message_handed_over_is_received_once_as_written(server: Inbox) -> None:
    calls: list[str] = []

    def hand_over(send: Callable[[], None]) -> bool:
        calls.append("hand over")
        return recorded(send)

    assert (
        send_handed_over(message(), hand_over=hand_over, taken=lambda: calls.append("taken"))
        is True
    )
    assert calls == ["hand over", "taken"]
    assert server.received() == ["7"]
    assert server.messages[0].get_payload() == "First line\r\n.\r\n.. two dots\r\nLast line\r\n"


def test_a_refused_hand_over_leaves_the_server_without_the_message(server: Inbox) -> None:
    assert send_handed_over(message(), hand_over=lambda send: False, taken=untouched) is False
    # The connection dropped inside DATA; the next message still goes through alone
    assert send_handed_over(message(), hand_over=recorded, taken=lambda: None) is True
    assert server.received() == ["7"]


def test_a_server_refusing_the_message_after_the_hand_over_raises_not_taken(
    db: None, settings: Any
) -> None:
    with smtp_server(refuse="554 5.6.0 Not today") as inbox:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", inbox.port
        settings.EMAIL_USE_TLS = False
        with pytest.raises(NotTaken, match=r"554 5\.6\.0 Not today"):
            send_handed_over(message(), hand_over=recorded, taken=lambda: None)
        # and a notification refused so is owed again, its claim free for the next try
        user = User.objects.create_user("ana@example.org", full_name="Ana")
        notification = Notification.objects.create(
            user=user, template="registration_accepted",
            context={"association": "CT Assoc", "url": "https://x/", "days": 3},
        )  # fmt: skip
        with pytest.raises(NotTaken):
            notification_email(notification.pk)
        notification.refresh_from_db()
        assert (notification.emailed_at, notification.email_claim) == (None, "")
        inbox.refuse = ""
        assert notification_email(notification.pk) is True
        assert notification_email(notification.pk) is False
        assert inbox.received() == [str(notification.pk)]


def test_update_then_commits_the_change_and_sends_only_after_it(transactional_db: None) -> None:
    from django.db import connection

    from endorse.core.handover import update_then

    user = User.objects.create_user("ana@example.org", full_name="Ana")
    notification = Notification.objects.create(user=user, template="registration_accepted")
    row = Notification.objects.filter(pk=notification.pk, emailed_at=None)
    sent: list[str] = []
    # A change made: committed, then sent; a change not made (taken meanwhile): not sent
    assert update_then(lambda: row.update(email_claim="mine"), lambda: sent.append("."))
    assert not update_then(lambda: row.filter(email_claim="other").update(email_claim="x"),
                           lambda: sent.append("!"))  # fmt: skip
    assert sent == ["."]
    assert connection.get_autocommit() is True
    assert Notification.objects.get(pk=notification.pk).email_claim == "mine"
