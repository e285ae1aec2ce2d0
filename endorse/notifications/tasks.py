from __future__ import annotations

from django_tasks import task


@task()
def send_notification_email(notification_id: int | list[int]) -> None:
    """The email of one notification (``notify``) or of a batch (the clock's reminders);
    either way the task goes on with other emails owed, over the same connection."""
    from endorse.notifications.services import notification_emails_send

    ids = notification_id if isinstance(notification_id, list) else [notification_id]
    notification_emails_send(ids=ids)
