"""Every email is also a notification on the site, and is sent at most once."""

from __future__ import annotations

from typing import Any

from django.core import mail
from django.test import override_settings

from endorse.applications.models import Application
from endorse.notifications.models import Notification
from endorse.notifications.services import notification_email
from endorse.reviews import services
from tests.applications.conftest import World


def test_an_email_is_a_notification_too_read_in_the_persons_language(world: World) -> None:
    # Accepting the registration (in the fixture) told the applicant, who reads Spanish.
    notification = Notification.objects.get(user=world.applicant)
    assert notification.template == "registration_accepted" and notification.emailed_at is not None
    client = world.client(world.applicant)
    assert '<span class="badge">1<span class="visually-hidden"> nuevo</span></span>' in (
        client.get("/me/").content.decode()
    )
    page = client.get("/me/notifications/").content.decode()
    assert "Su inscripción en CT Assoc fue aceptada" in page
    assert "Olga" not in page  # only one's own
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert 'class="badge"' not in client.get("/me/").content.decode()


def test_a_retried_email_task_sends_nothing_twice(world: World) -> None:
    notification = Notification.objects.get(user=world.applicant)
    mail.outbox.clear()
    assert notification_email(notification.pk) is False
    assert mail.outbox == []


class Refusing:
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        pass

    def send_messages(self, messages: Any) -> int:
        raise ConnectionError("the mail server is down")


def test_a_failed_email_keeps_the_transition_and_is_sent_once_on_retry(
    world: World, submitted: Application
) -> None:
    with override_settings(EMAIL_BACKEND="tests.notifications.test_notifications.Refusing"):
        services.completeness_return(application=submitted, actor=world.coordinator,
                                     reason="The transcript is missing.")  # fmt: skip
    submitted.refresh_from_db()
    assert submitted.status == "preparing"  # the move stands
    notification = Notification.objects.get(template="application_returned")
    assert notification.emailed_at is None  # and its email is still owed
    mail.outbox.clear()
    assert notification_email(notification.pk) is True
    assert notification_email(notification.pk) is False
    assert [m.to for m in mail.outbox] == [["ana@example.org"]]


def test_the_notifications_page_does_not_grow_with_notifications(world: World) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def add(count: int) -> None:
        Notification.objects.bulk_create(
            Notification(user=world.applicant, template="application_submitted",
                         context={"association": "CT Assoc", "category_code": "IMHS",
                                  "day": "2025-04-01", "version": "v", "url": "https://x/"})
            for _ in range(count)
        )  # fmt: skip

    def queries() -> int:
        client = world.client(world.applicant)
        with CaptureQueriesContext(connection) as captured:
            assert client.get("/me/notifications/").status_code == 200
        return len(captured)

    add(9)
    few = queries()
    add(30)
    assert queries() == few


def test_each_notification_says_when_in_the_associations_time_zone(world: World) -> None:
    # Sent at 15:00 UTC on 3 March 2025: 10 a.m. in Connecticut, which the page names.
    spanish = world.client(world.applicant).get("/me/notifications/").content.decode()
    assert "– 3 de marzo de 2025, 10:00 ET" in spanish
    english = world.client(world.other).get("/me/notifications/").content.decode()
    assert "– March 3, 2025, 10:00 a.m. ET" in english
    assert "15:00" not in spanish + english and "2025-03-03" not in spanish + english
