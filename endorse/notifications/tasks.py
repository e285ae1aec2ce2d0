from __future__ import annotations

from django_tasks import task


@task()
def send_notification_email(notification_id: int) -> None:
    from endorse.notifications.services import notification_email

    notification_email(notification_id)
